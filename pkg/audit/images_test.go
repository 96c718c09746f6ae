package audit

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/repave-dev/repave/pkg/tf"
)

// Only a root that declares an image's variable gets it: Terraform refuses a
// value for an undeclared variable, and the root does not run the image.
func TestWithImagesOnlyForRootsDeclaringTheVariable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for root, src := range map[string]string{"web": `variable "image_id" {}`, "dns": `resource "terraform_data" "zone" {}`} {
		if err := os.MkdirAll(filepath.Join(dir, root), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, root, "main.tf"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	given := []tf.Var{{Name: "region", Value: "eu-west-1"}}
	img := []tf.Var{{Name: "image_id", Value: "img-web-1.4.0"}}
	if got := withImages(given, img, filepath.Join(dir, "web")); !slices.Equal(got, append(slices.Clone(given), img...)) {
		t.Errorf("web: %v", got)
	}
	if got := withImages(given, img, filepath.Join(dir, "dns")); !slices.Equal(got, given) {
		t.Errorf("dns: %v", got)
	}
	if len(given) != 1 {
		t.Errorf("the given vars were changed: %v", given)
	}
}
