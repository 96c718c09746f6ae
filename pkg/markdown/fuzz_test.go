package markdown

import (
	"strings"
	"testing"
)

// FuzzEscapes checks what a reader of repave's comments and issues relies on, whatever
// text a plan, an audit log or an error holds: a cell never breaks its table, a code span
// never ends early and shows the text as it is, plain text never opens HTML (a comment
// could forge a repave marker), a link, emphasis or code, and a code block is closed only
// by its own last line.
func FuzzEscapes(f *testing.F) {
	for _, s := range []string{"", "a|b", "`", "``x``", " ` ", "  ", "a\nb", "\r\n", `\|`, "<!-- repave:plan -->",
		"[x](https://e.com)", "&amp;", "**a**", "@org/team", "~~x~~", "```\nrm -rf\n```", "   ```` ", "\\", "a\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		one := spaces(s)

		c := Cell(s)
		if strings.ContainsAny(c, "\r\n") {
			t.Fatalf("Cell(%q) = %q holds a line break", s, c)
		}
		for i := 0; i < len(c); i++ {
			if c[i] == '|' && (i == 0 || c[i-1] != '\\') {
				t.Fatalf("Cell(%q) = %q holds a bare pipe at %d", s, c, i)
			}
		}

		span := CodeSpan(s)
		want := one
		if want == "" {
			want = " " // an empty code span is not one
		}
		got, ok := decodeCodeSpan(span)
		if !ok || got != want {
			t.Fatalf("CodeSpan(%q) = %q reads as %q (closed at its end: %v)", s, span, got, ok)
		}

		for _, in := range []string{"a" + s, " " + s} {
			if out := Text(in); !containsForm(out, Forms(s)) {
				t.Fatalf("Text(%q) = %q holds none of Forms(%q) = %q", in, out, s, Forms(s))
			}
		}

		text := Text(s)
		if strings.ContainsAny(text, "<>\r\n") {
			t.Fatalf("Text(%q) = %q holds a tag bracket or a line break", s, text)
		}
		if got, ok := decodeText(text); !ok || got != one {
			t.Fatalf("Text(%q) = %q reads as %q (every special character escaped: %v)", s, text, got, ok)
		}

		field := CommentField(s)
		if strings.ContainsFunc(field, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '<' || r == '>' || r == '"' }) {
			t.Fatalf("CommentField(%q) = %q holds a space, a control character or a bracket", s, field)
		}
		if back, err := ParseCommentField(field); err != nil || back != s {
			t.Fatalf("ParseCommentField(CommentField(%q)) = %q, %v", s, back, err)
		}

		block := CodeBlock("", s)
		lines := strings.Split(strings.TrimSuffix(block, "\n"), "\n")
		fence := lines[0]
		if len(lines) < 2 || lines[len(lines)-1] != fence {
			t.Fatalf("CodeBlock(%q) = %q does not end with its fence", s, block)
		}
		// CommonMark ends a line at \n, \r\n and \r alike.
		for _, l := range strings.FieldsFunc(strings.Join(lines[1:len(lines)-1], "\n"), func(r rune) bool { return r == '\n' || r == '\r' }) {
			if closes(l, len(fence)) {
				t.Fatalf("CodeBlock(%q) = %q: the content line %q closes the block", s, block, l)
			}
		}
		if body := strings.Join(lines[1:len(lines)-1], "\n") + "\n"; body != s && body != s+"\n" {
			t.Fatalf("CodeBlock(%q) holds %q", s, body)
		}
	})
}

// decodeCodeSpan reads a code span as CommonMark does: the content runs from the
// opening backtick string to the next backtick string of the same length, and one space
// is stripped from each side when both sides have one and the content is not all spaces.
// ok is false when the span closes before the end of out.
func decodeCodeSpan(out string) (string, bool) {
	n := 0
	for n < len(out) && out[n] == '`' {
		n++
	}
	if n == 0 {
		return "", false
	}
	for i := n; i < len(out); {
		if out[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(out) && out[j] == '`' {
			j++
		}
		if j-i == n {
			if j != len(out) {
				return "", false
			}
			content := out[n:i]
			if len(content) >= 2 && content[0] == ' ' && content[len(content)-1] == ' ' && strings.Trim(content, " ") != "" {
				content = content[1 : len(content)-1]
			}
			return content, true
		}
		i = j
	}
	return "", false
}

// decodeText undoes Text, and reports false when a character Markdown or HTML would
// interpret is not escaped.
func decodeText(out string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(out); i++ {
		switch c := out[i]; c {
		case '\\':
			if i+1 == len(out) || !strings.ContainsRune("\\`*_~[]|", rune(out[i+1])) {
				return b.String(), false
			}
			b.WriteByte(out[i+1])
			i++
		case '&':
			matched := false
			for entity, char := range map[string]string{"&amp;": "&", "&lt;": "<", "&gt;": ">"} {
				if strings.HasPrefix(out[i:], entity) {
					b.WriteString(char)
					i += len(entity) - 1
					matched = true
					break
				}
			}
			if !matched {
				return b.String(), false
			}
		case '@':
			b.WriteByte(c)
			if i > 0 && isAlnum(out[i-1]) {
				break // an e-mail address: no mention
			}
			if !strings.HasPrefix(out[i+1:], zeroWidthSpace) {
				return b.String(), false // a mention
			}
			i += len(zeroWidthSpace)
		case '`', '*', '_', '~', '[', ']', '|', '<', '>':
			return b.String(), false
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// closes reports whether line closes a fenced code block opened with n backticks: up to
// three spaces, at least n backticks, then only spaces or tabs.
func closes(line string, n int) bool {
	rest := strings.TrimLeft(line, " ")
	if len(line)-len(rest) > 3 {
		return false
	}
	ticks := len(rest) - len(strings.TrimLeft(rest, "`"))
	return ticks >= n && strings.Trim(rest[ticks:], " \t") == ""
}
