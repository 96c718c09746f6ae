package plan

import (
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

func TestRenderErrored(t *testing.T) {
	t.Parallel()
	md := RenderErrored("infra/prod", "", []tfjson.Diagnostic{
		{Severity: tfjson.DiagnosticSeverityError, Summary: "Unsupported argument", Detail: "An argument named \"colour\" is\nnot expected here <b>.",
			Range: &tfjson.Range{Filename: "main.tf", Start: tfjson.Pos{Line: 7}}},
		{Severity: tfjson.DiagnosticSeverityWarning, Summary: "token hunter2 is deprecated"},
	}, strings.NewReplacer("hunter2", "(sensitive)").Replace)
	for _, want := range []string{
		"### Terraform plan for `infra/prod` (workspace `default`) failed\n",
		"**1 error**, nothing was planned:\n",
		"- **Error:** Unsupported argument (`main.tf` line 7): An argument named \"colour\" is not expected here &lt;b&gt;.\n",
		"- **Warning:** token (sensitive) is deprecated\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("missing %q in:\n%s", want, md)
		}
	}
}
