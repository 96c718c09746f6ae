package plan

import (
	"strconv"
	"strings"
)

// quote writes a string value the way Terraform shows it: double-quoted, with newlines,
// quotes and control characters escaped, so a value is always one line.
func quote(s string) string {
	return strconv.Quote(s)
}

// longestRun returns the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			if run > longest {
				longest = run
			}
		} else {
			run = 0
		}
	}
	return longest
}

// codeSpan puts s in a Markdown code span that s cannot close: the delimiter is one
// backtick longer than the longest run of backticks in s. Inside a code span, HTML and
// Markdown are shown literally. Line breaks become spaces.
func codeSpan(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	if s == "" {
		return "` `"
	}
	delim := strings.Repeat("`", longestRun(s, '`')+1)
	if s[0] == '`' || s[len(s)-1] == '`' {
		s = " " + s + " "
	}
	return delim + s + delim
}

// fence returns a code fence that no line of content can close: one backtick longer than
// the longest run of backticks in the content, and at least three.
func fence(content string) string {
	return strings.Repeat("`", max(3, longestRun(content, '`')+1))
}

// cell makes text safe inside a GitHub table cell: a pipe would end the cell, even inside
// a code span, unless escaped.
func cell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}

// escapeText escapes characters that Markdown or HTML would interpret in plain text.
var escapeText = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "|", `\|`,
	"\r\n", " ", "\n", " ", "\r", " ",
).Replace

// MarkdownForms returns the forms s takes once escaped for Markdown by this
// package (a table cell, plain text, a code span with its line breaks turned
// into spaces), so that a scrubber can recognise a secret in rendered text.
func MarkdownForms(s string) []string {
	spaced := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	return []string{cell(s), escapeText(s), spaced, cell(spaced),
		strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ", "`", "'", "<", "&lt;", ">", "&gt;").Replace(s)}
}
