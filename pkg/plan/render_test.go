package plan

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenOptions are the options the golden files are rendered with.
var goldenOptions = RenderOptions{
	Marker: Marker{Root: "infra/prod", Workspace: "default", SHA: "0123456789abcdef0123456789abcdef01234567"},
}

func TestRenderGolden(t *testing.T) {
	t.Parallel()
	for _, name := range fixtures {
		if strings.HasSuffix(name, ".replan") {
			continue // the same plan as mixed
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := Render(loadFixture(t, name), goldenOptions)
			path := filepath.Join("..", "..", "testdata", "golden", name+".md")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./pkg/plan -run TestRenderGolden -update)", err)
			}
			if got != string(want) {
				t.Errorf("Render(%s) differs from %s (rerun with -update and review the diff):\n%s", name, path, got)
			}
		})
	}
}

func TestRenderNoChangesWithDrift(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "nochange")
	p.ResourceDrift = []*tfjson.ResourceChange{
		{Address: "terraform_data.app", Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionUpdate}}},
		{Address: "terraform_data.gone", Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionDelete}}},
	}
	p.RelevantAttributes = relevant("terraform_data.app", "terraform_data.gone")
	md := Render(p, goldenOptions)
	for _, want := range []string{
		"**Plan:** No changes. Your infrastructure matches the configuration. · 2 drifted outside Terraform\n",
		"Changed outside Terraform since the last apply: `terraform_data.app` (modified), `terraform_data.gone` (deleted).",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("missing %q in:\n%s", want, md)
		}
	}
	if strings.Contains(md, "<details>") {
		t.Error("a plan without changes has a diff")
	}
}

func TestRenderTitleAndStatus(t *testing.T) {
	t.Parallel()
	md := Render(loadFixture(t, "mixed"), RenderOptions{
		Marker: Marker{Root: "infra", Workspace: "prod", SHA: "abc"},
		Title:  "Plan for infra (prod)",
		Status: "**Not applied:** plan changed",
	})
	lines := strings.Split(md, "\n")
	if m, ok := ParseMarker(md); !ok || m.Root != "infra" || m.Workspace != "prod" || m.SHA != "abc" {
		t.Errorf("marker = %+v, %v", m, ok)
	}
	if want, _ := Fingerprint(loadFixture(t, "mixed")); !strings.Contains(lines[0], "fingerprint="+want) {
		t.Errorf("marker %q lacks the plan's fingerprint %s", lines[0], want)
	}
	if lines[2] != "### Plan for infra (prod)" || lines[4] != "**Not applied:** plan changed" {
		t.Errorf("heading and status = %q, %q", lines[2], lines[4])
	}
	if !strings.HasPrefix(lines[6], "**Plan:** 1 to add") {
		t.Errorf("counts line = %q", lines[6])
	}
}

func TestRenderEscapes(t *testing.T) {
	t.Parallel()
	md := Render(loadFixture(t, "escaping"), goldenOptions)
	if !strings.Contains(md, "| `terraform_data.tenant[\"acme\\|corp\"]` | replace") {
		t.Error("a pipe in an address is not escaped in the table")
	}
	// Values holding ``` are fenced with ````, so they cannot close the block; HTML in
	// values appears only inside fences.
	inFence := false
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "````") {
			inFence = !inFence
			continue
		}
		if !inFence && (strings.Contains(l, "<img") || strings.Contains(l, "</details>\\n")) {
			t.Errorf("HTML from a value outside a fence: %q", l)
		}
	}
	if inFence {
		t.Error("a fence is left open")
	}

	p := loadFixture(t, "create")
	p.ResourceChanges[0].Change.After.(map[string]any)["input"] = "````` and `"
	md = Render(p, goldenOptions)
	if !strings.Contains(md, "``````diff\n") {
		t.Errorf("a value with five backticks is not fenced with six:\n%s", md)
	}
}

func TestRenderNilPlan(t *testing.T) {
	t.Parallel()
	md := Render(nil, RenderOptions{})
	if !strings.Contains(md, "No changes.") {
		t.Errorf("Render(nil) = %q", md)
	}
}
