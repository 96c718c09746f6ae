package plan

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenOptions are the options the golden files are rendered with.
var goldenOptions = RenderOptions{
	Marker: Marker{Root: "infra/prod", Workspace: "default", SHA: "0123456789abcdef0123456789abcdef01234567"},
}

func TestRenderGolden(t *testing.T) {
	for _, name := range fixtures {
		if strings.HasSuffix(name, ".replan") {
			continue // the same plan as mixed
		}
		t.Run(name, func(t *testing.T) {
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
