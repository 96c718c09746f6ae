package plan

import (
	"fmt"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/repave-dev/repave/pkg/markdown"
)

// RenderErrored writes the Markdown of a plan that failed: Terraform writes no plan
// file for a plan with errors (up to 1.11 at least), so there is nothing to show but
// its diagnostics, each with its file and line. scrub (nil: none) hides secrets in
// every text written.
func RenderErrored(root, workspace string, diags []tfjson.Diagnostic, scrub func(string) string) string {
	if scrub == nil {
		scrub = func(s string) string { return s }
	}
	if root == "" {
		root = "."
	}
	if workspace == "" {
		workspace = "default"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### Terraform plan for %s (workspace %s) failed\n\n", markdown.CodeSpan(scrub(root)), markdown.CodeSpan(scrub(workspace)))
	errs := 0
	for _, d := range diags {
		if d.Severity == tfjson.DiagnosticSeverityError {
			errs++
		}
	}
	if len(diags) == 0 {
		b.WriteString("Terraform reported no diagnostics; see the log of this step.\n")
		return b.String()
	}
	fmt.Fprintf(&b, "**%d %s**, nothing was planned:\n\n", errs, plural(errs, "error", "errors"))
	for _, d := range diags {
		sev := "Warning"
		if d.Severity == tfjson.DiagnosticSeverityError {
			sev = "Error"
		}
		line := "- **" + sev + ":** " + markdown.Text(scrub(d.Summary))
		if d.Range != nil && d.Range.Filename != "" {
			line += fmt.Sprintf(" (%s line %d)", markdown.CodeSpan(scrub(d.Range.Filename)), d.Range.Start.Line)
		}
		if d.Detail != "" {
			line += ": " + markdown.Text(scrub(strings.Join(strings.Fields(d.Detail), " ")))
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}
