package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/images"
)

// writeRegistry records web 1.4.0 (img-web-1.4.0) in the checkout with prod
// at it, revoked when asked.
func (e *env) writeRegistry(revoked bool) {
	e.t.Helper()
	reg, _ := images.Load(filepath.Join(e.work, "images"), "web")
	if err := reg.Add(images.Version{Version: "1.4.0", GitSHA: "a10867b14bb761a232cd80139fbd4c0d33264240",
		BuiltAt: time.Date(2026, 11, 24, 6, 50, 0, 0, time.UTC), Artifacts: map[string]string{"file": "img-web-1.4.0"}}); err != nil {
		e.t.Fatal(err)
	}
	if _, err := reg.Promote("prod", "1.4.0"); err != nil {
		e.t.Fatal(err)
	}
	if revoked {
		_ = reg.Revoke("1.4.0")
	}
	if err := reg.Save(); err != nil {
		e.t.Fatal(err)
	}
}

// The pipeline deployed img-web-1.4.0 from the registry: with the same
// images as plan-infra the audit is clean; without them it would call the
// deployed image drift.
func TestAuditPlansTheImagesTheRegistryDeploys(t *testing.T) {
	e := newEnv(t)
	e.writeRegistry(false)
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
	e.writeRegistry(true)
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
