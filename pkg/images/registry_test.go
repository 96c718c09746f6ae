package images

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var built = time.Date(2026, 11, 24, 6, 50, 0, 0, time.UTC)

func version(v, id string) Version {
	return Version{Version: v, GitSHA: "0123456789abcdef0123456789abcdef01234567", BuiltAt: built,
		PackerRunUUID: "f9ac07a1-7049-0684-c0e3-623f4491b427", Artifacts: map[string]string{"aws:us-east-1": id}}
}

func TestAppendPromoteResolveAndSave(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "images")
	r, err := Load(dir, "web")
	if err != nil || len(r.Versions) != 0 {
		t.Fatalf("missing file should load empty: %v %v", r, err)
	}
	for _, v := range []Version{version("1.3.2", "ami-0000000000000132a"), version("1.4.0", "ami-0000000000000140a")} {
		if err := r.Add(v); err != nil {
			t.Fatal(err)
		}
	}
	if prev, err := r.Promote("prod", "1.3.2"); err != nil || prev != "" {
		t.Fatalf("promote prod: %q %v", prev, err)
	}
	if prev, err := r.Promote("dev", "1.4.0"); err != nil || prev != "" {
		t.Fatal(err)
	}
	if err := r.Save(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "web.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"bucket": "web"`, `"aws:us-east-1": "ami-0000000000000140a"`, `"prod": "1.3.2"`, `"built_at": "2026-11-24T06:50:00Z"`, `"packer_run_uuid"`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("file lacks %s:\n%s", want, got)
		}
	}

	r2, err := Load(dir, "web")
	if err != nil {
		t.Fatal(err)
	}
	prev, err := r2.Promote("prod", "1.4.0")
	if err != nil || prev != "1.3.2" {
		t.Fatalf("channel move: prev %q, %v", prev, err)
	}
	if err := r2.Save(); err != nil {
		t.Fatal(err)
	}
	res, err := Resolve(dir, Ref{Bucket: "web", Channel: "prod", Variable: "image_id"})
	if err != nil || res.ArtifactID != "ami-0000000000000140a" || res.Version.Version != "1.4.0" {
		t.Fatalf("resolve: %#v %v", res, err)
	}
}

func TestNeverRewriteAVersion(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r, _ := Load(dir, "web")
	_ = r.Add(version("1.4.0", "ami-1"))
	if err := r.Save(); err != nil {
		t.Fatal(err)
	}
	err := r.Add(version("1.4.0", "ami-2"))
	if err == nil || !strings.Contains(err.Error(), "version 1.4.0 of bucket web is already recorded in "+filepath.Join(dir, "web.json")) {
		t.Errorf("err = %v", err)
	}
	// A writer that edits a recorded version in memory cannot save it.
	r.Versions[0].Artifacts["aws:us-east-1"] = "ami-evil"
	if err := r.Save(); err == nil || !strings.Contains(err.Error(), "would rewrite version 1.4.0") {
		t.Errorf("rewrite saved: %v", err)
	}
	r.Versions = nil
	if err := r.Save(); err == nil || !strings.Contains(err.Error(), "would drop version 1.4.0") {
		t.Errorf("drop saved: %v", err)
	}
}

func TestRevokedVersionsCannotBeResolvedOrPromoted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r, _ := Load(dir, "web")
	_ = r.Add(version("1.3.2", "ami-1"))
	_ = r.Add(version("1.4.0", "ami-2"))
	_, _ = r.Promote("prod", "1.4.0")
	if err := r.Revoke("1.4.0"); err != nil {
		t.Fatal(err)
	}
	if err := r.Save(); err != nil {
		t.Fatal(err)
	}
	_, err := Resolve(dir, Ref{Bucket: "web", Channel: "prod"})
	if err == nil || !strings.Contains(err.Error(), "image web@prod: version 1.4.0 is revoked in "+filepath.Join(dir, "web.json")) {
		t.Errorf("resolve revoked: %v", err)
	}
	if _, err := r.Promote("dev", "1.4.0"); err == nil || !strings.Contains(err.Error(), "version 1.4.0: that version is revoked") {
		t.Errorf("promote revoked: %v", err)
	}
	// Rolling prod back to a good version makes it resolvable again.
	if _, err := r.Promote("prod", "1.3.2"); err != nil {
		t.Fatal(err)
	}
	if err := r.Save(); err != nil {
		t.Fatal(err)
	}
	if res, err := Resolve(dir, Ref{Bucket: "web", Channel: "prod"}); err != nil || res.ArtifactID != "ami-1" {
		t.Errorf("after rollback: %v %v", res, err)
	}
	// Un-revoking through the file is refused.
	r.Versions[1].Revoked = false
	if err := r.Save(); err == nil || !strings.Contains(err.Error(), "un-revoke version 1.4.0") {
		t.Errorf("un-revoke saved: %v", err)
	}
}

func TestResolveErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r, _ := Load(dir, "web")
	v := version("1.0.0", "ami-1")
	v.Artifacts["aws:eu-west-1"] = "ami-2"
	_ = r.Add(v)
	_, _ = r.Promote("prod", "1.0.0")
	_ = r.Save()
	cases := map[string]struct {
		ref  Ref
		want string
	}{
		"unknown bucket":   {Ref{Bucket: "db", Channel: "prod"}, "there is no registry file " + filepath.Join(dir, "db.json") + " for bucket db"},
		"unknown channel":  {Ref{Bucket: "web", Channel: "staging"}, `bucket web has no channel "staging"`},
		"ambiguous":        {Ref{Bucket: "web", Channel: "prod", Variable: "image_id"}, "version 1.0.0 has 2 artifacts (aws:eu-west-1, aws:us-east-1); name one"},
		"unknown artifact": {Ref{Bucket: "web", Channel: "prod", Artifact: "gcp"}, `has no artifact "gcp"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Resolve(dir, c.ref)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
	res, err := Resolve(dir, Ref{Bucket: "web", Channel: "prod", Artifact: "aws:eu-west-1"})
	if err != nil || res.ArtifactID != "ami-2" {
		t.Errorf("%v %v", res, err)
	}
}

func TestParseRef(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want Ref
		err  string
	}{
		{"web@prod", Ref{Bucket: "web", Channel: "prod", Variable: "image_id"}, ""},
		{" web@prod = web_image ", Ref{Bucket: "web", Channel: "prod", Variable: "web_image"}, ""},
		{"web@prod:aws:us-east-1=ami", Ref{Bucket: "web", Channel: "prod", Artifact: "aws:us-east-1", Variable: "ami"}, ""},
		{"web", Ref{}, `"web" is not an image reference`},
		{"Web@prod", Ref{}, `bucket "Web" is not a valid name`},
		{"web@", Ref{}, `channel "" is not a valid name`},
		{"web@prod=1x", Ref{}, `"1x" is not a Terraform variable name`},
	}
	for _, c := range cases {
		got, err := ParseRef(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseRef(%q) err = %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseRef(%q) = %#v, %v", c.in, got, err)
		}
	}
}

func TestParseRejectsBadFiles(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct{ in, want string }{
		"not json":  {"{", "image registry images/web.json is not valid"},
		"unknown":   {`{"bucket":"web","verzions":[]}`, `unknown field "verzions"`},
		"duplicate": {`{"bucket":"web","versions":[{"version":"1.0.0"},{"version":"1.0.0"}]}`, "records version 1.0.0 twice"},
	} {
		if _, err := Parse([]byte(c.in), "images/web.json"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if err := CheckVersion("1.4"); err == nil {
		t.Error("1.4 accepted")
	}
	if err := CheckVersion("0.0.0-20261124065000-abc1234"); err != nil {
		t.Error(err)
	}
}
