package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/imagetest"
)

// The images input sets the variable from the registry, as on plan-infra.
func TestApplyResolvesImages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "images")
	imagetest.WebRegistry(t, dir, false)
	r := runAction(t, newServer(t), "push", map[string]string{"require-reviewed-plan": "false", "min-healthy-time": "0s",
		"images": "web@prod", "registry-dir": dir, "vars": "health_url=", "health-checks": ""})
	if r.Code != 0 || r.Outputs["applied"] != "true" {
		t.Fatalf("exit %d, outputs %v:\n%s", r.Code, r.Outputs, r.Log)
	}
	state, err := os.ReadFile(filepath.Join("infra", "web", "terraform.tfstate")) // runAction left us in the checkout
	if err != nil || !strings.Contains(string(state), `"image": "img-web-1.4.0"`) || strings.Contains(string(state), "img-example-0001") {
		t.Errorf("the three instances should run img-web-1.4.0 from the registry (%v):\n%s", err, state)
	}
}

func TestApplyRejectsBadImages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "images")
	imagetest.WebRegistry(t, dir, true)
	cases := map[string]struct{ images, want string }{
		"syntax":  {"web", `::error title=Invalid input::input "images": "web" is not an image reference`},
		"revoked": {"web@prod", "image web@prod: version 1.4.0 is revoked in " + filepath.Join(dir, "web.json")},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := runAction(t, newServer(t), "push", map[string]string{"require-reviewed-plan": "false", "images": c.images, "registry-dir": dir})
			if !r.OneError(c.want) || !strings.Contains(r.Log, "variable image_id") && name == "revoked" {
				t.Errorf("exit %d, want one error containing %q (and the variable):\n%s", r.Code, c.want, r.Log)
			}
			if len(r.Outputs["deployment-id"]) > 0 && r.Outputs["deployment-id"] != "0" {
				t.Errorf("nothing may be recorded: %v", r.Outputs)
			}
		})
	}
}
