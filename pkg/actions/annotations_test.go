package actions

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

func TestAnnotateEscaping(t *testing.T) {
	tests := []struct {
		name string
		a    Annotation
		want string
	}{
		{"position on one line",
			Annotation{Level: "error", Title: "Reference to undeclared input variable", Message: "An input variable with the name \"image_id\" has not been declared.", File: "infra/prod/main.tf", Line: 8, EndLine: 8, Col: 11, EndColumn: 23},
			"::error col=11,endColumn=23,file=infra/prod/main.tf,line=8,title=Reference to undeclared input variable::An input variable with the name \"image_id\" has not been declared.\n"},
		{"multi-line range drops columns",
			Annotation{Level: "warning", Title: "t", Message: "m", File: "main.tf", Line: 25, EndLine: 27, Col: 11, EndColumn: 4},
			"::warning endLine=27,file=main.tf,line=25,title=t::m\n"},
		{"data escapes %, CR, LF",
			Annotation{Level: "notice", Message: "100% done\r\nnext: a,b"},
			"::notice::100%25 done%0D%0Anext: a,b\n"},
		{"properties also escape : and ,",
			Annotation{Level: "error", Title: "Error: a, b\n50%", File: "C:dir,x/main.tf", Line: 1},
			"::error file=C%3Adir%2Cx/main.tf,line=1,title=Error%3A a%2C b%0A50%25::\n"},
		{"unknown level is a warning",
			Annotation{Level: "fatal", Message: "x"},
			"::warning::x\n"},
		{"forged command in message stays data",
			Annotation{Level: "notice", Message: "ok\n::add-mask::x"},
			"::notice::ok%0A::add-mask::x\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, out := newTest(nil)
			r.Annotate(tt.a)
			if out.String() != tt.want {
				t.Errorf("got  %q\nwant %q", out, tt.want)
			}
		})
	}
}

func TestAnnotateScrubs(t *testing.T) {
	r, out := newTest(nil)
	r.SetScrubber(func(s string) string {
		if s == "" {
			return s
		}
		return "[" + s + "]"
	})
	r.Annotate(Annotation{Level: "error", Title: "T", Message: "M", File: "F"})
	if want := "::error file=[F],title=[T]::[M]\n"; out.String() != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

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
var wantDiagnostics = []Annotation{
	{Level: "error", Title: "Invalid operand", File: "infra/prod/main.tf", Line: 25, EndLine: 27, Col: 11, EndColumn: 4},
	{Level: "error", Title: "Reference to undeclared input variable", File: "infra/prod/main.tf", Line: 8, EndLine: 8, Col: 11, EndColumn: 23},
	{Level: "error", Title: "Reference to undeclared local value", File: "infra/prod/modules/net/main.tf", Line: 10, EndLine: 10, Col: 11, EndColumn: 23},
	{Level: "error", Title: "Reference to undeclared resource", File: "infra/prod/main.tf", Line: 16, EndLine: 16, Col: 11, EndColumn: 28},
}

func checkDiagnostics(t *testing.T, diags []tfjson.Diagnostic) {
	t.Helper()
	got := AnnotationsFromDiagnostics(diags, "infra/prod")
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
	diags := loadDiagnostics(t, filepath.Join("testdata", "validate.json"))
	checkDiagnostics(t, diags)

	got := AnnotationsFromDiagnostics(diags, "infra/prod")
	for _, a := range got {
		if a.Title == "Reference to undeclared input variable" {
			want := `An input variable with the name "image_id" has not been declared. This variable can be declared with a variable "image_id" {} block.`
			if a.Message != want {
				t.Errorf("message = %q, want Terraform's detail %q", a.Message, want)
			}
		}
	}
	r, out := newTest(nil)
	r.Annotate(got[0])
	if out.Len() == 0 || out.Bytes()[0] != ':' {
		t.Errorf("annotation not written: %q", out)
	}
}

// TestAnnotationsFromLiveTerraform runs the real terraform binary on the
// same root, so the saved JSON cannot drift from what Terraform emits.
func TestAnnotationsFromLiveTerraform(t *testing.T) {
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

func TestAnnotationsFromDiagnosticsEdges(t *testing.T) {
	diags := []tfjson.Diagnostic{
		{Severity: tfjson.DiagnosticSeverityWarning, Summary: "Deprecated", Detail: "", Range: &tfjson.Range{Filename: "../modules/x.tf", Start: tfjson.Pos{Line: 3, Column: 1}, End: tfjson.Pos{Line: 3, Column: 5}}},
		{Severity: tfjson.DiagnosticSeverityError, Summary: "No configuration files"},
		{Severity: tfjson.DiagnosticSeverityUnknown, Summary: "?", Range: &tfjson.Range{Filename: "/abs/main.tf", Start: tfjson.Pos{Line: 1}, End: tfjson.Pos{Line: 1}}},
	}
	got := AnnotationsFromDiagnostics(diags, "./infra/prod/")
	want := []Annotation{
		{Level: "warning", Title: "Deprecated", Message: "Deprecated", File: "infra/modules/x.tf", Line: 3, EndLine: 3, Col: 1, EndColumn: 5},
		{Level: "error", Title: "No configuration files", Message: "No configuration files"},
		{Level: "warning", Title: "?", Message: "?", File: "/abs/main.tf", Line: 1, EndLine: 1},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	if got := AnnotationsFromDiagnostics(diags[:1], ""); got[0].File != "../modules/x.tf" {
		t.Errorf("root at the repository root: file %q", got[0].File)
	}
}
