package packer

import (
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
)

// template copies testdata/packer/<name> (or another testdata path) into a
// temporary directory, so builds never write into the checkout.
func template(t *testing.T, rel string) string {
	t.Helper()
	if _, err := exec.LookPath("packer"); err != nil {
		t.Fatal("these tests run the real packer: install it (.ci/run does: apt-get install -y packer)")
	}
	dir := filepath.Join(t.TempDir(), filepath.Base(rel))
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", rel), dir)
	return dir
}

func TestBuildTwoBuildsWithManifest(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs packer build")
	}
	dir := template(t, "packer/two-builds")
	var log strings.Builder
	r, err := New(Options{Template: dir, Version: "1.2.3", Vars: []Var{{"greeting", "hi there"}}, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := r.Validate(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := r.Build(ctx)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	want := map[string]string{"null": "Null", "file": "out/disk-1.2.3.img"}
	if len(res.Artifacts) != 2 || res.Artifacts["null"] != want["null"] || res.Artifacts["file"] != want["file"] {
		t.Errorf("artifacts = %v, want %v", res.Artifacts, want)
	}
	if len(res.Manifest) != 2 || res.RunUUID == "" || res.Manifest[0].PackerRunUUID != res.RunUUID {
		t.Errorf("manifest builds = %#v, run %q", res.Manifest, res.RunUUID)
	}
	// The provisioner's comma arrives unescaped in the log.
	if !strings.Contains(log.String(), "hi there, image 1.2.3") || strings.Contains(log.String(), "PACKER_COMMA") {
		t.Errorf("log:\n%s", log.String())
	}

	// A second run appends to the manifest; only the latest run counts.
	r2, _ := New(Options{Template: dir, Version: "1.2.4"})
	res2, err := r2.Build(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res2.RunUUID == res.RunUUID || len(res2.Manifest) != 2 || res2.Artifacts["file"] != "out/disk-1.2.4.img" {
		t.Errorf("second run: uuid %q, manifest %d builds, artifacts %v", res2.RunUUID, len(res2.Manifest), res2.Artifacts)
	}
}

func TestBuildOnlyOneBuildOfATemplateFile(t *testing.T) {
	t.Parallel()
	dir := template(t, "packer/two-builds")
	r, err := New(Options{Template: filepath.Join(dir, "image.pkr.hcl"), Version: "2.0.0", Only: []string{"file.disk"}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Build(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Artifacts) != 1 || res.Artifacts["file"] != "out/disk-2.0.0.img" {
		t.Errorf("artifacts = %v", res.Artifacts)
	}
}

func TestBuildFailingProvisioner(t *testing.T) {
	t.Parallel()
	dir := template(t, "packer/failing")
	var log strings.Builder
	r, _ := New(Options{Template: dir, Log: &log})
	res, err := r.Build(context.Background())
	var pe *Error
	if !errors.As(err, &pe) || res != nil {
		t.Fatalf("want *Error and no result, got %v, %v", res, err)
	}
	if !strings.Contains(err.Error(), "packer build of "+dir+" failed") || !strings.Contains(err.Error(), "non-zero exit status: 3") {
		t.Errorf("error = %v", err)
	}
	if !strings.Contains(log.String(), "installing packages") {
		t.Errorf("the provisioner's output should reach the log:\n%s", log.String())
	}
}

func TestValidateNamesFileAndLine(t *testing.T) {
	t.Parallel()
	dir := template(t, "packer/invalid")
	r, _ := New(Options{Template: dir})
	err := r.Validate(context.Background())
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("want *Error, got %v", err)
	}
	locs := pe.Locations()
	if len(locs) == 0 || locs[0].File != "image.pkr.hcl" || locs[0].Line != 7 || !strings.HasPrefix(locs[0].Message, "Error: Missing item separator") {
		t.Errorf("locations = %#v", locs)
	}
}

func TestNewRejectsMissingTemplate(t *testing.T) {
	t.Parallel()
	_, err := New(Options{Template: "no/such/dir"})
	if err == nil || !strings.Contains(err.Error(), `template "no/such/dir" does not exist`) {
		t.Errorf("err = %v", err)
	}
	_, err = New(Options{Template: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "holds no *.pkr.hcl file") {
		t.Errorf("err = %v", err)
	}
}

func TestStaticChecks(t *testing.T) {
	t.Parallel()
	r, err := New(Options{Template: template(t, "example/packer/web")})
	if err != nil {
		t.Fatal(err)
	}
	if r.DeclaresPlugins() || !r.DeclaresVersion() || r.ManifestPath() != "output/packer-manifest.json" {
		t.Errorf("plugins %v, version %v, manifest %q", r.DeclaresPlugins(), r.DeclaresVersion(), r.ManifestPath())
	}
	r.source = "packer {\n  required_plugins {\n    amazon = { version = \">= 1.2\" }\n  }\n}\npost-processor \"manifest\" {}\n"
	if !r.DeclaresPlugins() || r.DeclaresVersion() || r.ManifestPath() != "packer-manifest.json" {
		t.Errorf("plugins %v, version %v, manifest %q", r.DeclaresPlugins(), r.DeclaresVersion(), r.ManifestPath())
	}
}

func TestSupportsInit(t *testing.T) {
	t.Parallel()
	for v, want := range map[string]bool{"1.6.6": false, "1.7.0": true, "1.11.2": true, "2.0.0": true, "0.12.3": false} {
		if SupportsInit(v) != want {
			t.Errorf("SupportsInit(%s) = %v", v, !want)
		}
	}
	r, _ := New(Options{Template: template(t, "packer/failing")})
	v, err := r.Version(context.Background())
	if err != nil || strings.Count(v, ".") != 2 {
		t.Errorf("version %q, %v", v, err)
	}
}
