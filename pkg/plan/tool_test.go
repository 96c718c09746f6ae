package plan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMarkerRecordsToolVersionAndDestroy(t *testing.T) {
	t.Parallel()
	for _, m := range []Marker{
		{Root: "infra/web", Workspace: "default", Fingerprint: "ab", SHA: "c1", Tool: "tofu", Version: "1.10.7"},
		{Root: "infra/old", Workspace: "prod", Fingerprint: "cd", SHA: "c2", Tool: "terraform", Version: "1.11.4", Destroy: true},
		{Root: "a", Workspace: "w", Fingerprint: "f", SHA: "s"}, // an older repave: no tool fields
	} {
		line := m.String()
		got, ok := ParseMarker(line + "\nbody")
		if !ok || got != m {
			t.Errorf("ParseMarker(%q) = %+v, %v; want %+v", line, got, ok, m)
		}
		if m.Tool == "" && strings.Contains(line, "tool") {
			t.Errorf("a marker without a tool writes none: %s", line)
		}
	}
}

func TestRenderSaysWhichToolAndVersionPlanned(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "create")
	version := p.TerraformVersion
	for _, tt := range []struct {
		m    Marker
		want string
	}{
		{Marker{Root: "web", Tool: "tofu"}, "### OpenTofu " + version + " plan for `web` (workspace `default`)"},
		{Marker{Root: "web", Tool: "terraform"}, "### Terraform " + version + " plan for `web` (workspace `default`)"},
		{Marker{Root: "web", Tool: "tofu", Version: "1.10.7"}, "### OpenTofu 1.10.7 plan for `web`"},
		{Marker{Root: "web", Tool: "tofu", Destroy: true}, "### OpenTofu " + version + " destroy plan for the deleted root `web`"},
		{Marker{Root: "web"}, "### Terraform plan for `web` (workspace `default`)"},
	} {
		body := Render(p, RenderOptions{Marker: tt.m})
		if !strings.Contains(body, tt.want) {
			t.Errorf("%+v: want %q in\n%.400s", tt.m, tt.want, body)
		}
		m, _ := ParseMarker(body)
		if tt.m.Tool != "" && (m.Tool != tt.m.Tool || m.Version == "") {
			t.Errorf("the marker should carry the tool and the plan's version: %+v", m)
		}
		if Render(p, RenderOptions{Marker: tt.m}) != body {
			t.Error("the rendering must be a pure function of the plan and the marker")
		}
	}
}

// The destroy of a deleted root planned by OpenTofu, as the comment shows it.
func TestRenderGoldenDeletedRootByOpenTofu(t *testing.T) {
	t.Parallel()
	opts := goldenOptions
	opts.Marker.Tool, opts.Marker.Destroy = "tofu", true
	got := Render(loadFixture(t, "destroy"), opts)
	path := filepath.Join("..", "..", "testdata", "golden", "deleted_root_tofu.md")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./pkg/plan -run TestRenderGoldenDeletedRoot -update)", err)
	}
	if got != string(want) {
		t.Errorf("differs from %s (rerun with -update and review the diff):\n%s", path, got)
	}
}
