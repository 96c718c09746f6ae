package roots

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/repave-dev/repave/pkg/images"
)

// consumers is a repository whose roots declare image variables in every
// way Terraform allows, and some that only look like it.
var consumers = map[string]string{
	"infra/web/main.tf":       "variable \"image_id\" {\n  type = string\n}\nresource \"terraform_data\" \"web\" { input = var.image_id }\n",
	"infra/api/variables.tf":  `variable "api_image" {}`,
	"infra/both/main.tf.json": `{"variable": {"image_id": {"type": "string"}, "api_image": {}}}`,
	"infra/db/main.tf":        `variable "size" {}`,
	"infra/modonly/main.tf":   mod("img", "../../modules/img"),
	"modules/img/main.tf":     `variable "image_id" {}`,
	"infra/comment/main.tf":   "# variable \"image_id\" {}\nlocals { s = \"variable image_id\" }\n",
	"infra/broken/main.tf":    "variable \"image_id\" {}\nresource {",
	"images/web.json":         `{"bucket": "web", "versions": [], "channels": {}}`,
	"infra/web/images/x.json": `{}`,
	"README.md":               "# infra",
}

func refs(t *testing.T, lines ...string) []images.Ref {
	t.Helper()
	var out []images.Ref
	for _, l := range lines {
		r, err := images.ParseRef(l)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func TestImageRegistryChangesItsConsumers(t *testing.T) {
	t.Parallel()
	dir := writeTree(t, consumers)
	p, _ := ParsePatterns([]string{"infra/**"})
	both := refs(t, "web@prod", "api@prod=api_image")
	tests := []struct {
		name     string
		registry string
		refs     []images.Ref
		files    []string
		want     []string
	}{
		{"a bucket changes every root declaring its variable", "", both, []string{"images/web.json"}, []string{"infra/both", "infra/broken", "infra/web"}},
		{"another bucket, another variable", "", both, []string{"images/api.json"}, []string{"infra/api", "infra/both"}},
		{"a leading ./ is ignored", "", both, []string{"./images/api.json"}, []string{"infra/api", "infra/both"}},
		{"a bucket no image maps", "", both, []string{"images/db.json"}, nil},
		{"without images, no consumers", "", nil, []string{"images/web.json"}, nil},
		{"another registry directory", "registry", both, []string{"images/web.json"}, nil},
		{"in the registry directory given", "registry", both, []string{"registry/web.json"}, []string{"infra/both", "infra/broken", "infra/web"}},
		{"a file below the registry directory", "", both, []string{"images/old/web.json"}, nil},
		{"not a registry file", "", both, []string{"images/web.md"}, nil},
		{"a json file in a root is the root's own", "", both, []string{"infra/web/images/x.json"}, []string{"infra/web"}},
		{"with other changes, each root once", "", both, []string{"images/web.json", "images/api.json", "infra/db/main.tf"},
			[]string{"infra/api", "infra/both", "infra/broken", "infra/db", "infra/web"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Discover(dir, p, Changes{Files: tt.files}, NewConsumers(tt.registry, tt.refs))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(res.Changed, tt.want) {
				t.Errorf("changed roots of %q = %q, want %q", tt.files, res.Changed, tt.want)
			}
		})
	}
}

// A promotion pull request changes only images/web.json: discovery on the
// real git history finds the root that runs the image.
func TestPromotionOnARealRepositoryChangesTheConsumer(t *testing.T) {
	t.Parallel()
	dir := writeTree(t, consumers)
	run(t, dir, "init", "-q")
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "-m", "base")
	base := run(t, dir, "rev-parse", "HEAD")
	run(t, dir, "checkout", "-q", "-b", "repave/promote-web-1.4.0")
	if err := os.WriteFile(filepath.Join(dir, "images", "web.json"), []byte(`{"bucket": "web", "versions": [], "channels": {"prod": "1.4.0"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, dir, "commit", "-q", "-am", "Promote image web 1.4.0 to prod")
	ch, err := ChangedFiles(context.Background(), Source{Dir: dir, Base: base})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := ParsePatterns([]string{"infra/**", "!infra/broken"})
	res, err := Discover(dir, p, ch, NewConsumers("images", refs(t, "web@prod=image_id")))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"infra/both", "infra/web"}; !slices.Equal(res.Changed, want) {
		t.Errorf("changed roots = %q (files %q), want %q", res.Changed, ch.Files, want)
	}
}

func TestDeclaredVariables(t *testing.T) {
	t.Parallel()
	dir := writeTree(t, consumers)
	for root, want := range map[string][]string{
		"infra/web": {"image_id"}, "infra/both": {"api_image", "image_id"}, "infra/comment": nil, "infra/modonly": nil, "infra/broken": {"image_id"},
	} {
		got, _ := Declared(filepath.Join(dir, root))
		if !slices.Equal(got, want) {
			t.Errorf("Declared(%s) = %q, want %q", root, got, want)
		}
	}
}
