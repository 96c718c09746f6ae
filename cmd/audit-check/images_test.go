package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/imagetest"
)

// The pipeline deployed img-web-1.4.0 from the registry: with the same
// images as plan-infra the audit is clean; without them it would call the
// deployed image drift.
func TestAuditPlansTheImagesTheRegistryDeploys(t *testing.T) {
	e := newEnv(t)
	imagetest.WebRegistry(t, filepath.Join(e.work, "images"), false)
	e.apply(e.work, "db_password="+pipelinePassword, "image_id=img-web-1.4.0")

	r := e.run(map[string]string{"images": "web@prod", "hygiene": "false"})
	if r.Code != 0 || r.Outputs["drifted"] != "false" || r.Outputs["findings"] != "0" {
		t.Fatalf("with images: exit %d outputs %v\n%s", r.Code, r.Outputs, r.Log)
	}
	r = e.run(map[string]string{"hygiene": "false"})
	if r.Outputs["drifted"] != "true" {
		t.Errorf("without images the audit plans the variable's default: want drifted, got %v\n%s", r.Outputs, r.Log)
	}
}

func TestAuditRejectsBadImages(t *testing.T) {
	e := newEnv(t)
	imagetest.WebRegistry(t, filepath.Join(e.work, "images"), true)
	for name, c := range map[string]struct{ images, want string }{
		"syntax":  {"web", `::error title=Invalid input::input "images": "web" is not an image reference`},
		"revoked": {"web@prod", "image web@prod: version 1.4.0 is revoked"},
	} {
		t.Run(name, func(t *testing.T) {
			r := e.run(map[string]string{"images": c.images, "hygiene": "false"})
			if !r.OneError(c.want) || name == "revoked" && !strings.Contains(r.Log, "variable image_id") {
				t.Errorf("exit %d, want one error containing %q:\n%s", r.Code, c.want, r.Log)
			}
		})
	}
}
