package audit_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/audit"
)

// A Vault value with a quote, a backslash, HTML and a line break (a PEM key)
// is written as JSON in the report and as Markdown in the issue: no form of
// it survives in either.
func TestReportAndIssueHideEveryFormOfAValue(t *testing.T) {
	t.Parallel()
	value := "a\"b\\c<d&e>\nMIIBOgIBAAJBAKj34GkxFhD9"
	shown, _ := json.Marshal(map[string]string{"key": value}) // how the drift shows an attribute
	r := audit.RootReport{Root: "infra/app", Workspace: "default", Pending: []audit.ResourceChange{{
		Address: "terraform_data.x", Actions: []string{"update"},
		Attributes: []audit.AttributeChange{{Path: "input", Before: string(shown), After: strconv.Quote(value)}},
	}}}
	path := filepath.Join(t.TempDir(), "report.json")
	rep := &audit.Report{Roots: []audit.RootReport{r}}
	if err := rep.WriteJSON(path, []string{value}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Errorf("report.json is not valid JSON: %v", err)
	}
	texts := map[string]string{"report.json": string(b), "issue": audit.IssueBody(r, "", []string{value}), "summary": audit.Summary(rep, nil, []string{value})}
	for name, text := range texts {
		for _, part := range []string{`b\\c`, `b\\\\c`, "MIIBOgIBAAJBAKj34GkxFhD9", `d&e`, `d\u0026e`, `a\"b`} {
			if strings.Contains(text, part) {
				t.Errorf("%s shows %q of the value:\n%s", name, part, text)
			}
		}
	}
}
