// Package markdown escapes text for the GitHub-flavoured Markdown repave writes: code
// spans, table cells, plain text and fenced code blocks that what they hold cannot break
// out of. It is pure: strings in, strings out.
package markdown

import (
	"fmt"
	"net/url"
	"strings"
)

// spaces turns every line break into a space: the inline forms are one line.
var spaces = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace

// longestRun returns the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return longest
}

// CodeSpan puts s in a code span that s cannot close: the delimiter is one backtick
// longer than the longest run of backticks in s, and s is padded with a space on each
// side when it starts or ends with a backtick, or with a space on both sides (which
// Markdown would strip). Inside a code span HTML and Markdown are shown literally. Line
// breaks become spaces; an empty s is "` `".
func CodeSpan(s string) string {
	s = spaces(s)
	if s == "" {
		return "` `"
	}
	delim := strings.Repeat("`", longestRun(s, '`')+1)
	first, last := s[0], s[len(s)-1]
	if first == '`' || last == '`' || (first == ' ' && last == ' ' && strings.Trim(s, " ") != "") {
		s = " " + s + " "
	}
	return delim + s + delim
}

// Cell makes Markdown safe inside a table cell: GitHub ends a cell at a pipe even
// inside a code span, unless it is escaped, and a row at a line break. Every pipe is
// escaped and line breaks become spaces. The cell is written between spaces ("| " and
// " |"), so that no backslash at its end can escape the next pipe.
func Cell(md string) string {
	return strings.ReplaceAll(spaces(md), "|", `\|`)
}

// Text escapes plain text so that Markdown and HTML show it as it is: no emphasis,
// strikethrough, code, link, table pipe or HTML tag (hence no HTML comment, which could
// forge one of repave's markers) can start in it, and no @-mention. GitHub reads a
// mention past a backslash or an entity, so a zero-width space follows each '@' that
// does not follow a letter or digit (it shows the same, and notifies no one); an '@'
// after one, as in an e-mail address, mentions no one and is left as it is. Line breaks
// become spaces.
func Text(s string) string {
	s = textEscapes.Replace(s)
	if !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if s[i] == '@' && (i == 0 || !isAlnum(s[i-1])) {
			b.WriteString(zeroWidthSpace)
		}
	}
	return b.String()
}

var textEscapes = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "~", `\~`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "|", `\|`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

// zeroWidthSpace keeps GitHub from reading "@name" in Text as a mention.
const zeroWidthSpace = "\u200b"

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Fence returns a code fence that no line of content can close: one backtick longer
// than the longest run of backticks in content, and at least three.
func Fence(content string) string {
	return strings.Repeat("`", max(3, longestRun(content, '`')+1))
}

// CodeBlock returns content as a fenced code block with the info string info (a
// language such as "diff", or ""): the fence is one content cannot close (Fence), and
// the block ends with a line break.
func CodeBlock(info, content string) string {
	f := Fence(content)
	if !strings.HasSuffix(content, "\n") {
		content += "\n"
	}
	return f + info + "\n" + content + f + "\n"
}

// Forms returns the forms s takes in text this package escapes (a table cell, plain
// text, plain text in a cell, a code span's content with its line breaks turned into
// spaces, and that in a cell), so that a scrubber can recognise a secret in rendered
// Markdown. Inside a code block s is written as it is. Plain text after a letter or
// digit is a form of its own when s starts with '@' (Text).
func Forms(s string) []string {
	forms := []string{Cell(s), Text(s), Cell(Text(s)), spaces(s)}
	if strings.HasPrefix(s, "@") {
		after := strings.TrimPrefix(Text("a"+s), "a")
		forms = append(forms, after, Cell(after))
	}
	return forms
}

// CommentField percent-escapes a value written in one of repave's hidden marker lines
// ("<!-- repave:plan root=… workspace=… -->"), which repave finds and reads back: no
// value can end the HTML comment early ('>' is escaped, so no "-->"), end the line, or
// pass for another field (spaces are escaped). Control characters, space, '%', '<', '>'
// and '"' become %XX; anything else is written as it is, so a plain name reads the same.
func CommentField(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c == 0x7f || c == '%' || c == '<' || c == '>' || c == '"' {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// ParseCommentField reads back a value CommentField wrote.
func ParseCommentField(s string) (string, error) { return url.PathUnescape(s) }
