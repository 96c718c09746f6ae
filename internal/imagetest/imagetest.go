// Package imagetest writes the image registries the command tests share. It
// is its own package because pkg/images and pkg/packer test with
// internal/fixture, which therefore cannot import pkg/images.
package imagetest

import (
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/images"
)

// WebRegistry writes the image registry the command tests share under dir:
// bucket web with version 1.4.0 (artifact img-web-1.4.0, built from the push
// fixture's head) and channel prod at it; revoked revokes the version.
func WebRegistry(t testing.TB, dir string, revoked bool) {
	t.Helper()
	reg, err := images.Load(dir, "web")
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Add(images.Version{Version: "1.4.0", GitSHA: "a10867b14bb761a232cd80139fbd4c0d33264240",
		BuiltAt: time.Date(2026, 11, 24, 6, 50, 0, 0, time.UTC), Artifacts: map[string]string{"file": "img-web-1.4.0"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.Promote("prod", "1.4.0"); err != nil {
		t.Fatal(err)
	}
	if revoked {
		if err := reg.Revoke("1.4.0"); err != nil {
			t.Fatal(err)
		}
	}
	if err := reg.Save(); err != nil {
		t.Fatal(err)
	}
}
