package secrets_test

import (
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/markdown"
	"github.com/repave-dev/repave/pkg/secrets"
)

// A secret quoted in an error or an audit log goes through markdown.Text
// (escaping _ * ~ and friends, a zero-width space after an '@') before the
// final scrub of a comment, an issue or a summary: the scrub must still
// find it, whatever stands next to it.
func TestScrubberFindsASecretInMarkdownText(t *testing.T) {
	t.Parallel()
	secretsWithCore := []string{
		"db_pass*Zq9~x", "@ops_Zq9", "Zq9@corp-_x", "a-@Zq9*b", "[Zq9](x)", "Zq9|pipe`tick`",
		`back\slash_Zq9`, "amp&Zq9<b>", "__Zq9__", "~~Zq9~~", "line\r\nZq9_two", "Zq9_end\r",
	}
	around := []string{"", "a", " ", "(", "@", "_", "\\", "\r", "\n", "é"}
	for _, secret := range secretsWithCore {
		s := secrets.NewScrubber([]string{secret})
		for _, before := range around {
			for _, after := range around {
				text := "password " + before + secret + after + " rejected"
				for name, md := range map[string]string{
					"text":         markdown.Text(text),
					"text in cell": markdown.Cell(markdown.Text(text)),
				} {
					if got := s.Scrub(md); strings.Contains(got, "Zq9") {
						t.Errorf("secret %q as %s after %q, before %q: %q scrubbed is %q", secret, name, before, after, md, got)
					}
				}
			}
		}
	}
}
