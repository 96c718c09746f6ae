package markdown

import (
	"strings"
	"testing"
)

func TestCodeSpan(t *testing.T) {
	cases := []struct{ in, want string }{
		{"aws_instance.web", "`aws_instance.web`"},
		{"", "` `"},
		{"a`b", "``a`b``"},
		{"a``b`", "``` a``b` ```"},
		{"`x`", "`` `x` ``"},
		{" padded ", "`  padded  `"},
		{"   ", "`   `"},
		{" left", "` left`"},
		{"two\nlines\r\nand\rmore", "`two lines and more`"},
		{"<!-- repave:plan -->", "`<!-- repave:plan -->`"},
		{"a|b", "`a|b`"}, // a pipe is a cell's business: Cell
	}
	for _, c := range cases {
		if got := CodeSpan(c.in); got != c.want {
			t.Errorf("CodeSpan(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCell(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"a|b", `a\|b`},
		{"`a|b`", "`a\\|b`"},             // inside a code span too: GitHub splits the row first
		{`a\|b`, `a\\|b`},                // the pipe is still escaped: a backslash before it escapes it
		{"row\nbreak\r\n", "row break "}, // a line break would end the row
	}
	for _, c := range cases {
		if got := Cell(c.in); got != c.want {
			t.Errorf("Cell(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Error: invalid value", "Error: invalid value"},
		{"<!-- repave:plan root=. -->", "&lt;!-- repave:plan root=. --&gt;"},
		{"[click](https://example.com)", `\[click\](https://example.com)`},
		{"**bold** _it_ `code`", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\`"},
		{`a\b`, `a\\b`},
		{"a|b & c", `a\|b &amp; c`},
		{"&lt;", "&amp;lt;"}, // an entity is shown as written, not decoded
		{"one\ntwo", "one two"},
		{"@org/admins ping", "@\u200borg/admins ping"}, // GitHub mentions past a backslash or an entity
		{"(@org) x_@y", "(@\u200borg) x\\_@\u200by"},
		{"alice@acme.com", "alice@acme.com"}, // not a mention: no zero-width space to copy along
		{"", ""},
		{"~~struck~~", `\~\~struck\~\~`},
	}
	for _, c := range cases {
		if got := Text(c.in); got != c.want {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCodeBlock(t *testing.T) {
	cases := []struct{ info, in, want string }{
		{"", "Error: failed", "```\nError: failed\n```\n"},
		{"diff", "+ a\n", "```diff\n+ a\n```\n"},
		{"", "a\n```\nb", "````\na\n```\nb\n````\n"},
		{"", "``````", "```````\n``````\n```````\n"},
	}
	for _, c := range cases {
		if got := CodeBlock(c.info, c.in); got != c.want {
			t.Errorf("CodeBlock(%q, %q) = %q, want %q", c.info, c.in, got, c.want)
		}
	}
	if got := Fence("no backticks"); got != "```" {
		t.Errorf("Fence = %q, want three backticks", got)
	}
}

func TestFormsHoldsEveryEscaping(t *testing.T) {
	s := "p|a`s*s_w<o>r&d\nline two"
	forms := strings.Join(Forms(s), "\x00")
	for name, out := range map[string]string{
		"Text":           Text(s),
		"Cell(Text)":     Cell(Text(s)),
		"Cell(CodeSpan)": Cell(CodeSpan(s)),
		"CodeSpan":       CodeSpan(s),
		"Cell":           Cell(s),
	} {
		if !containsForm(out, Forms(s)) {
			t.Errorf("%s of the secret is %q: none of Forms (%q) is in it", name, out, forms)
		}
	}
}

// A secret that starts with '@' takes another form in plain text after a letter.
func TestFormsOfAnAtAfterALetter(t *testing.T) {
	s := "@dmin-pass|w"
	for _, out := range []string{Text("x" + s), Cell(Text("x" + s)), Text(" " + s)} {
		if !containsForm(out, Forms(s)) {
			t.Errorf("%q holds none of Forms (%q)", out, Forms(s))
		}
	}
}

func containsForm(out string, forms []string) bool {
	for _, f := range forms {
		if strings.Contains(out, f) {
			return true
		}
	}
	return false
}

func TestCommentField(t *testing.T) {
	cases := []struct{ in, want string }{
		{"infra/web", "infra/web"}, // a plain name reads the same
		{"a b", "a%20b"},
		{"x --> y", "x%20--%3E%20y"},
		{"100%", "100%25"},
		{"a\nb", "a%0Ab"},
	}
	for _, c := range cases {
		if got := CommentField(c.in); got != c.want {
			t.Errorf("CommentField(%q) = %q, want %q", c.in, got, c.want)
		}
		if back, err := ParseCommentField(c.want); err != nil || back != c.in {
			t.Errorf("ParseCommentField(%q) = %q, %v", c.want, back, err)
		}
	}
}
