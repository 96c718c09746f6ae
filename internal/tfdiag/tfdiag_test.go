package tfdiag

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/repave-dev/repave/pkg/runner"
)

// loadDiagnostics reads testdata/validate.json: real `terraform validate
// -json` output for testdata/invalid-root (regenerate with
// testdata/generate.sh).
func loadDiagnostics(t *testing.T, path string) []tfjson.Diagnostic {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v tfjson.ValidateOutput
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return v.Diagnostics
}

// wantDiagnostics is what invalid-root's mistakes must become, as seen from
// a repository where the root lives at infra/prod.
var wantDiagnostics = []runner.Annotation{
	{Level: "error", Title: "Invalid operand", File: "infra/prod/main.tf", Line: 25, EndLine: 27, Col: 11, EndColumn: 4},
	{Level: "error", Title: "Reference to undeclared input variable", File: "infra/prod/main.tf", Line: 8, EndLine: 8, Col: 11, EndColumn: 23},
	{Level: "error", Title: "Reference to undeclared local value", File: "infra/prod/modules/net/main.tf", Line: 10, EndLine: 10, Col: 11, EndColumn: 23},
	{Level: "error", Title: "Reference to undeclared resource", File: "infra/prod/main.tf", Line: 16, EndLine: 16, Col: 11, EndColumn: 28},
}

func checkDiagnostics(t *testing.T, diags []tfjson.Diagnostic) {
	t.Helper()
	got := Annotations(diags, "infra/prod")
	sort.Slice(got, func(i, j int) bool { return got[i].Title < got[j].Title }) // Terraform's order varies
	if len(got) != len(wantDiagnostics) {
		t.Fatalf("got %d annotations, want %d: %+v", len(got), len(wantDiagnostics), got)
	}
	for i, w := range wantDiagnostics {
		g := got[i]
		if g.Message == "" {
			t.Errorf("%s: empty message", g.Title)
		}
		g.Message = ""
		if g != w {
			t.Errorf("annotation %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func TestAnnotationsFromSavedDiagnostics(t *testing.T) {
	t.Parallel()
	diags := loadDiagnostics(t, filepath.Join("testdata", "validate.json"))
	checkDiagnostics(t, diags)

	got := Annotations(diags, "infra/prod")
	for _, a := range got {
		if a.Title == "Reference to undeclared input variable" {
			want := `An input variable with the name "image_id" has not been declared. This variable can be declared with a variable "image_id" {} block.`
			if a.Message != want {
				t.Errorf("message = %q, want Terraform's detail %q", a.Message, want)
			}
		}
	}
	var out strings.Builder
	runner.New(runner.WithGetenv(func(string) string { return "" }), runner.WithStdout(&out)).Annotate(got[0])
	if out.Len() == 0 || out.String()[0] != ':' {
		t.Errorf("annotation not written: %q", out.String())
	}
}

// TestAnnotationsFromLiveTerraform runs the real terraform binary on the
// same root, so the saved JSON cannot drift from what Terraform emits.
func TestAnnotationsFromLiveTerraform(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs terraform")
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform not on PATH")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "invalid-root"))); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+os.DevNull, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	run := func(args ...string) []byte {
		cmd := exec.Command(tf, args...)
		cmd.Dir, cmd.Env = dir, env
		out, _ := cmd.Output() // validate exits 1 on purpose
		return out
	}
	run("init", "-backend=false", "-input=false")
	var v tfjson.ValidateOutput
	if err := json.Unmarshal(run("validate", "-json"), &v); err != nil {
		t.Fatalf("terraform validate -json: %v", err)
	}
	checkDiagnostics(t, v.Diagnostics)
}

func TestAnnotationsEdges(t *testing.T) {
	t.Parallel()
	diags := []tfjson.Diagnostic{
		{Severity: tfjson.DiagnosticSeverityWarning, Summary: "Deprecated", Detail: "", Range: &tfjson.Range{Filename: "../modules/x.tf", Start: tfjson.Pos{Line: 3, Column: 1}, End: tfjson.Pos{Line: 3, Column: 5}}},
		{Severity: tfjson.DiagnosticSeverityError, Summary: "No configuration files"},
		{Severity: tfjson.DiagnosticSeverityUnknown, Summary: "?", Range: &tfjson.Range{Filename: "/abs/main.tf", Start: tfjson.Pos{Line: 1}, End: tfjson.Pos{Line: 1}}},
	}
	got := Annotations(diags, "./infra/prod/")
	want := []runner.Annotation{
		{Level: "warning", Title: "Deprecated", Message: "Deprecated", File: "infra/modules/x.tf", Line: 3, EndLine: 3, Col: 1, EndColumn: 5},
		{Level: "error", Title: "No configuration files", Message: "No configuration files"},
		{Level: "warning", Title: "?", Message: "?", File: "/abs/main.tf", Line: 1, EndLine: 1},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	if got := Annotations(diags[:1], ""); got[0].File != "../modules/x.tf" {
		t.Errorf("root at the repository root: file %q", got[0].File)
	}
}
