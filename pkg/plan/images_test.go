package plan

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestImageTargetsAndPriorID(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "replace")
	if got := ImageTargets(p, "ami-0bbb2222"); !reflect.DeepEqual(got, []string{"terraform_data.web"}) {
		t.Errorf("ImageTargets = %v", got)
	}
	if got := ImageTargets(p, "ami-0aaa1111"); len(got) != 0 {
		t.Errorf("the old id is in no planned value, got %v", got)
	}
	if got := PriorImageID(p, "ami-0bbb2222"); got != "ami-0aaa1111" {
		t.Errorf("PriorImageID = %q", got)
	}
	if got := PriorImageID(loadFixture(t, "create"), "ami-0bbb2222"); got != "" {
		t.Errorf("PriorImageID on a create = %q", got)
	}
}

// TestRenderImagesGolden renders the replace fixture with an image that
// moves, one that stays, and one whose old version is unknown.
func TestRenderImagesGolden(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "replace")
	opts := goldenOptions
	opts.Images = []ImageChange{
		{Bucket: "web", Channel: "prod", Variable: "image_id", OldVersion: "1.3.2", NewVersion: "1.4.0",
			OldID: "ami-0aaa1111", NewID: "ami-0bbb2222", GitSHA: "a10867b14bb761a232cd80139fbd4c0d33264240", Replaces: ImageTargets(p, "ami-0bbb2222")},
		{Bucket: "base", Channel: "prod", Variable: "base_image", OldVersion: "2.0.0", NewVersion: "2.0.0", OldID: "ami-0ccc", NewID: "ami-0ccc", GitSHA: "6dcb09b5b57875f334f61aebed695e2e4193db5e"},
		{Bucket: "worker", Channel: "dev", Variable: "worker|image", NewVersion: "0.0.0-20261124065000-a10867b", NewID: "ami-0ddd"},
	}
	got := Render(p, opts)
	path := filepath.Join("..", "..", "testdata", "golden", "images.md")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./pkg/plan -run TestRenderImagesGolden -update)", err)
	}
	if got != string(want) {
		t.Errorf("differs from %s (rerun with -update and review the diff):\n%s", path, got)
	}
	// The section sits after the dangerous changes and before the diff.
	i, j, k := strings.Index(got, "destroyed or replaced"), strings.Index(got, "#### Images"), strings.Index(got, "<details>")
	if !(i < j && j < k) || i < 0 {
		t.Errorf("order: dangerous %d, images %d, details %d", i, j, k)
	}
	// The comment without images is unchanged.
	if Render(p, goldenOptions) != mustRead(t, filepath.Join("..", "..", "testdata", "golden", "replace.md")) {
		t.Error("Render without images changed")
	}
}

func TestRenderImagesKeepsTheLimit(t *testing.T) {
	t.Parallel()
	p := loadFixture(t, "replace")
	opts := goldenOptions
	opts.MaxChars = MinMaxChars
	for i := 0; i < 40; i++ {
		opts.Images = append(opts.Images, ImageChange{Bucket: "web", Channel: "prod", Variable: "image_id", NewVersion: "1.4.0", NewID: strings.Repeat("x", 40)})
	}
	if got := Render(p, opts); runes(got) > MinMaxChars || strings.Contains(got, "#### Images") {
		t.Errorf("%d runes, images shown: %v", runes(got), strings.Contains(got, "#### Images"))
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
