package main

import (
	"testing"
)

// A promotion pull request changes only images/web.json: discover, given
// the same images as the plan, outputs the root that runs the image.
func TestDiscoverFindsTheConsumersOfAPromotedImage(t *testing.T) {
	work := t.TempDir()
	write(t, work, monorepo)
	write(t, work, map[string]string{
		"infra/web/main.tf": "variable \"image_id\" {\n  type = string\n}\nresource \"terraform_data\" \"web\" { input = var.image_id }\n",
		"images/web.json":   `{"bucket": "web", "versions": [], "channels": {}}`,
	})
	git(t, work, "init", "-q")
	git(t, work, "add", "-A")
	git(t, work, "commit", "-q", "-m", "base")
	base := git(t, work, "rev-parse", "HEAD")
	write(t, work, map[string]string{"images/web.json": `{"bucket": "web", "versions": [], "channels": {"prod": "1.4.0"}}`})
	git(t, work, "commit", "-q", "-am", "Promote image web 1.4.0 to prod")

	r := runIn(t, work, map[string]string{"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": prEvent(t, base)},
		map[string]string{"discover": "true", "roots": "infra/**", "images": "web@prod"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	if want := `{"include":[{"root":"infra/web","tool":"terraform"}]}`; r.Outputs["matrix"] != want {
		t.Errorf("matrix = %s, want %s\n%s", r.Outputs["matrix"], want, r.Log)
	}
	r = runIn(t, work, map[string]string{"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": prEvent(t, base)},
		map[string]string{"discover": "true", "images": "web"})
	if !r.OneError(`input "images": "web" is not an image reference`) {
		t.Errorf("exit %d:\n%s", r.Code, r.Log)
	}
}
