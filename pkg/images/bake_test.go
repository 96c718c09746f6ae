package images

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaultVersion(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 6, 50, 7, 0, time.FixedZone("CET", 3600))
	cases := map[string]string{
		"refs/tags/v1.4.0":       "1.4.0",
		"refs/tags/2.0.0-rc.1":   "2.0.0-rc.1",
		"refs/tags/release-1":    "0.0.0-20261124055007-a10867b",
		"refs/heads/main":        "0.0.0-20261124055007-a10867b",
		"refs/pull/3/merge":      "0.0.0-20261124055007-a10867b",
		"refs/tags/v1.4":         "0.0.0-20261124055007-a10867b",
		"refs/heads/v1.4.0-tags": "0.0.0-20261124055007-a10867b",
	}
	for ref, want := range cases {
		if got := DefaultVersion(ref, "a10867b14bb761a232cd80139fbd4c0d33264240", now); got != want {
			t.Errorf("DefaultVersion(%s) = %s, want %s", ref, got, want)
		}
		if err := CheckVersion(want); err != nil {
			t.Error(err)
		}
	}
}

func TestDefaultBucket(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "web")
	_ = os.MkdirAll(dir, 0o755)
	_ = os.WriteFile(filepath.Join(dir, "x.pkr.hcl"), nil, 0o644)
	if DefaultBucket(dir) != "web" || DefaultBucket(filepath.Join(dir, "x.pkr.hcl")) != "web" {
		t.Errorf("%s %s", DefaultBucket(dir), DefaultBucket(filepath.Join(dir, "x.pkr.hcl")))
	}
}

func TestApplyOnTheLatestBase(t *testing.T) {
	t.Parallel()
	v1, v2 := version("1.3.2", "ami-1"), version("1.4.0", "ami-2")
	// No file on the base yet.
	b, prev, err := Record(nil, "images/web.json", "web", v1, "prod")
	if err != nil || prev != nil {
		t.Fatal(prev, err)
	}
	// Someone else recorded 1.3.3 meanwhile: it is kept.
	base, _ := Parse(b, "images/web.json")
	_ = base.Add(version("1.3.3", "ami-3"))
	b, _ = base.Marshal()
	b, prev, err = Record(b, "images/web.json", "web", v2, "prod")
	if err != nil || prev == nil || prev.Version != "1.3.2" {
		t.Fatal(prev, err)
	}
	reg, _ := Parse(b, "images/web.json")
	if len(reg.Versions) != 3 || reg.Channels["prod"] != "1.4.0" || reg.Find("1.3.3") == nil {
		t.Errorf("registry:\n%s", b)
	}
	// Promoting the recorded 1.4.0 again is a no-op edit.
	b2, _, err := Record(b, "images/web.json", "web", v2, "prod")
	if err != nil || string(b2) != string(b) {
		t.Errorf("re-apply changed the file: %v", err)
	}
	// A different build recorded as 1.4.0 on the base is not overwritten.
	other := version("1.4.0", "ami-other")
	if _, _, err := Record(b, "images/web.json", "web", other, "dev"); err == nil || !strings.Contains(err.Error(), "differs from the one being promoted") {
		t.Errorf("err = %v", err)
	}
	// A version revoked on the base cannot be promoted.
	reg.Revoke("1.4.0")
	b, _ = reg.Marshal()
	if _, _, err := Record(b, "images/web.json", "web", v2, "dev"); err == nil || !strings.Contains(err.Error(), "revoked") {
		t.Errorf("err = %v", err)
	}
}

func TestPromotionBody(t *testing.T) {
	t.Parallel()
	old, v := version("1.3.2", "ami-1"), version("1.4.0", "ami-2")
	p := Promotion{Bucket: "web", Channel: "prod", Version: v, Previous: &old, File: "images/web.json", RunURL: "https://github.com/acme/infra/actions/runs/1"}
	body := p.Body()
	for _, want := range []string{"<!-- repave:promote bucket=web version=1.4.0 -->", "| version | `1.4.0` |",
		"| `aws:us-east-1` | `ami-2` | `ami-1` |", "Channel `prod` moves from `1.3.2`", "Opened by https://github.com/acme/infra/actions/runs/1."} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if p.Branch() != "repave/promote-web-1.4.0" || p.Title() != "Promote image web 1.4.0 to prod" {
		t.Errorf("%s / %s", p.Branch(), p.Title())
	}
}
