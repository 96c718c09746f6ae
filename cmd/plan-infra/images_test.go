package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/imagetest"
)

func TestPlanInfraResolvesImages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "images")
	imagetest.WebRegistry(t, dir, false)
	r := runAction(t, map[string]string{"working-directory": "infra/web", "images": "web@prod", "registry-dir": dir})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	for _, want := range []string{"#### Images", "| `web@prod` | `image_id` | `1.4.0` | `img-web-1.4.0` | `a10867b` |", `"img-web-1.4.0"`} {
		if !strings.Contains(r.Summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.Summary)
		}
	}
}

func TestPlanInfraRejectsBadImages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "images")
	imagetest.WebRegistry(t, dir, true)
	cases := map[string]struct{ images, want string }{
		"syntax":  {"web", `::error title=Invalid input::input "images": "web" is not an image reference`},
		"revoked": {"web@prod", "::error title=plan-infra failed::image web@prod: version 1.4.0 is revoked in " + filepath.Join(dir, "web.json")},
		"channel": {"web@dev", `bucket web has no channel "dev"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := runAction(t, map[string]string{"working-directory": "infra/web", "images": c.images, "registry-dir": dir})
			if r.Code != 1 || !strings.Contains(r.Log, c.want) || strings.Count(r.Log, "::error") != 1 {
				t.Errorf("exit %d, want one error containing %q:\n%s", r.Code, c.want, r.Log)
			}
		})
	}
}
