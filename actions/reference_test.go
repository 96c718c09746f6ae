package actions_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/repave-dev/repave/pkg/markdown"
)

var update = flag.Bool("update", false, "rewrite the generated reference in docs/reference.md from the action.yml files")

const (
	refBegin = "<!-- BEGIN GENERATED REFERENCE: edit the action.yml files, then run `go test ./actions -run Reference -update` -->"
	refEnd   = "<!-- END GENERATED REFERENCE -->"
)

// order is the order of the loop: plan, review, apply, bake, audit.
var order = []string{"plan-infra", "comment-plan-on-pr", "apply-on-merge", "bake-image", "audit-check"}

type refAction struct {
	Description string `yaml:"description"`
	Inputs      yaml.Node
	Outputs     yaml.Node
}

// reference renders every action's inputs and outputs from its action.yml,
// in file order.
func reference(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(refBegin + "\n")
	for _, name := range order {
		raw, err := os.ReadFile(filepath.Join(name, "action.yml"))
		if err != nil {
			t.Fatal(err)
		}
		var a refAction
		if err := yaml.Unmarshal(raw, &a); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "\n## `%s` reference\n\n%s\n\n| Input | Default | Description |\n| --- | --- | --- |\n", name, oneLine(a.Description))
		for i := 0; i+1 < len(a.Inputs.Content); i += 2 {
			var in struct {
				Description string  `yaml:"description"`
				Required    bool    `yaml:"required"`
				Default     *string `yaml:"default"`
			}
			if err := a.Inputs.Content[i+1].Decode(&in); err != nil {
				t.Fatal(err)
			}
			def := "*(required)*"
			switch {
			case !in.Required && in.Default != nil && *in.Default != "":
				def = "`" + *in.Default + "`"
			case !in.Required:
				def = ""
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", a.Inputs.Content[i].Value, def, cell(in.Description))
		}
		b.WriteString("\n| Output | Description |\n| --- | --- |\n")
		for i := 0; i+1 < len(a.Outputs.Content); i += 2 {
			var out struct {
				Description string `yaml:"description"`
			}
			if err := a.Outputs.Content[i+1].Decode(&out); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "| `%s` | %s |\n", a.Outputs.Content[i].Value, cell(out.Description))
		}
	}
	b.WriteString("\n" + refEnd)
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func cell(s string) string { return markdown.Cell(oneLine(s)) }

// TestReadmeReferenceMatchesActionFiles fails when the reference of inputs
// and outputs (docs/reference.md, linked from the README) no longer says what
// the action.yml files say.
func TestReadmeReferenceMatchesActionFiles(t *testing.T) {
	t.Parallel()
	path := filepath.Join("..", "docs", "reference.md")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	i, j := strings.Index(readme, refBegin), strings.Index(readme, refEnd)
	if i < 0 || j < i {
		t.Fatalf("docs/reference.md has no generated reference between %q and %q", refBegin, refEnd)
	}
	want := reference(t)
	got := readme[i : j+len(refEnd)]
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(readme[:i]+want+readme[j+len(refEnd):]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("docs/reference.md is out of date with the action.yml files: run `go test ./actions -run Reference -update`")
}
