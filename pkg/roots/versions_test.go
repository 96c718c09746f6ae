package roots_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/roots"
	"github.com/repave-dev/repave/pkg/tf"
)

func str(s string) *string { return &s }

var terraformReleases = []string{"1.4.7", "1.5.0", "1.5.7", "1.6.0-beta1", "1.6.6", "1.9.8", "1.10.5", "1.11.4", "1.12.0-rc1"}
var tofuReleases = []string{"1.6.2", "1.7.8", "1.8.9", "1.9.1", "1.10.6", "1.10.7", "1.11.0-beta1"}

func TestSelectVersion(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		rv       roots.RootVersions
		tool     tf.Tool
		releases []string
		want     roots.Pin
		err      string
	}{
		{name: "nothing: terraform, any version", want: roots.Pin{Tool: tf.Terraform}},
		{name: "tofu files: tofu", rv: roots.RootVersions{TofuFiles: true}, want: roots.Pin{Tool: tf.OpenTofu}},
		{name: "exact terraform file", rv: roots.RootVersions{TerraformFile: str("1.9.8\n")},
			want: roots.Pin{Tool: tf.Terraform, Version: "1.9.8", From: ".terraform-version"}},
		{name: "v prefix, comments, blank lines", rv: roots.RootVersions{TerraformFile: str("# pinned\n\n  v1.5.7  # LTS\n")},
			want: roots.Pin{Tool: tf.Terraform, Version: "1.5.7", From: ".terraform-version"}},
		{name: "opentofu file chooses tofu", rv: roots.RootVersions{OpenTofuFile: str("1.10.7"), TerraformFile: str("1.11.4")},
			want: roots.Pin{Tool: tf.OpenTofu, Version: "1.10.7", From: ".opentofu-version"}},
		{name: "tool input wins over the files", rv: roots.RootVersions{OpenTofuFile: str("1.10.7"), TerraformFile: str("1.11.4")}, tool: tf.Terraform,
			want: roots.Pin{Tool: tf.Terraform, Version: "1.11.4", From: ".terraform-version"}},
		{name: "latest with releases", rv: roots.RootVersions{TerraformFile: str("latest")}, releases: terraformReleases,
			want: roots.Pin{Tool: tf.Terraform, Version: "1.11.4", From: ".terraform-version"}},
		{name: "latest without releases", rv: roots.RootVersions{TerraformFile: str("latest")},
			want: roots.Pin{Tool: tf.Terraform, Version: "latest", From: ".terraform-version"}},
		{name: "latest:regex with releases", rv: roots.RootVersions{OpenTofuFile: str("latest:^1.9")}, releases: tofuReleases,
			want: roots.Pin{Tool: tf.OpenTofu, Version: "1.9.1", From: ".opentofu-version"}},
		{name: "latest:regex skips prereleases", rv: roots.RootVersions{OpenTofuFile: str("latest:^1.1")}, releases: tofuReleases,
			want: roots.Pin{Tool: tf.OpenTofu, Version: "1.10.7", From: ".opentofu-version"}},
		{name: "latest:prefix without releases is a range", rv: roots.RootVersions{TerraformFile: str(`latest:^1\.5`)},
			want: roots.Pin{Tool: tf.Terraform, Version: ">=1.5.0 <1.6.0", From: ".terraform-version"}},
		{name: "latest:complex regex without releases", rv: roots.RootVersions{TerraformFile: str("latest:^1.(5|6)")},
			err: "can only be resolved against the list of releases"},
		{name: "required_version only, with releases: newest match", rv: roots.RootVersions{RequiredVersion: "~> 1.5.0"}, releases: terraformReleases,
			want: roots.Pin{Tool: tf.Terraform, Version: "1.5.7", From: "required_version"}},
		{name: "required_version only, without releases: the constraint as a range", rv: roots.RootVersions{RequiredVersion: ">= 1.5, < 1.10"},
			want: roots.Pin{Tool: tf.Terraform, Version: ">=1.5.0 <1.10.0", From: "required_version"}},
		{name: "required_version for tofu", rv: roots.RootVersions{TofuFiles: true, RequiredVersion: "~> 1.8"}, releases: tofuReleases,
			want: roots.Pin{Tool: tf.OpenTofu, Version: "1.10.7", From: "required_version"}},
		{name: "min-required with releases", rv: roots.RootVersions{TerraformFile: str("min-required"), RequiredVersion: ">= 1.5.2"}, releases: terraformReleases,
			want: roots.Pin{Tool: tf.Terraform, Version: "1.5.7", From: ".terraform-version"}},
		{name: "min-required without releases: the lower bound", rv: roots.RootVersions{TerraformFile: str("min-required"), RequiredVersion: ">= 1.5.2, < 2.0.0"},
			want: roots.Pin{Tool: tf.Terraform, Version: "1.5.2", From: ".terraform-version"}},
		{name: "min-required without a constraint", rv: roots.RootVersions{TerraformFile: str("min-required")}, err: "needs a required_version constraint"},
		{name: "latest-allowed", rv: roots.RootVersions{TerraformFile: str("latest-allowed"), RequiredVersion: "< 1.10.0"}, releases: terraformReleases,
			want: roots.Pin{Tool: tf.Terraform, Version: "1.9.8", From: ".terraform-version"}},
		{name: "a constraint in a version file", rv: roots.RootVersions{TerraformFile: str("~> 1.5")}, err: `.terraform-version: "~> 1.5" is not a version`},
		{name: "an empty version file", rv: roots.RootVersions{OpenTofuFile: str("# nothing\n")}, err: ".opentofu-version: \"# nothing\\n\" names no version"},
		{name: "a file that contradicts required_version", rv: roots.RootVersions{TerraformFile: str("1.4.7"), RequiredVersion: ">= 1.5.0"},
			err: `does not satisfy the root's required_version ">= 1.5.0"`},
		{name: "a bad required_version", rv: roots.RootVersions{RequiredVersion: "> one"}, err: "required_version: \"> one\" is not a version constraint"},
		{name: "no release matches", rv: roots.RootVersions{RequiredVersion: ">= 2.0"}, releases: terraformReleases, err: "matches no release"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := roots.SelectVersion(tt.rv, tt.tool, tt.releases)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), strings.Trim(tt.err, `"`)) {
					t.Fatalf("error = %v, want it to contain %s", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestSemverRange(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"1.5.7", "1.5.7"},
		{"= 1.5", "1.5.0"},
		{">= 1.5.0", ">=1.5.0"},
		{">= 1.2.0, < 2.0.0", ">=1.2.0 <2.0.0"},
		{"~> 1.5", ">=1.5.0 <2.0.0"},   // Terraform's ~> 1.5 is ^1.5, not node-semver's ~1.5
		{"~> 1.5.2", ">=1.5.2 <1.6.0"}, // patch releases only
		{"~> 1", ">=1.0.0"},            // go-version: any 1.x and later
		{">= 1.6, != 1.7.0", ">=1.6.0 <1.7.0 || >=1.6.0 >1.7.0"},
		{"> 1.0.0-beta1", ">1.0.0-beta1"},
	} {
		got, err := roots.SemverRange(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("SemverRange(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "~> x", ">="} {
		if got, err := roots.SemverRange(bad); err == nil {
			t.Errorf("SemverRange(%q) = %q, want an error", bad, got)
		}
	}
}

func FuzzSelectVersion(f *testing.F) {
	for _, s := range []string{"1.5.7", "latest", "latest:^1.5", "min-required", "latest-allowed", "~> 1", "v1.2.3-rc1"} {
		f.Add(s, ">= 1.5, != 1.7.0")
	}
	f.Fuzz(func(t *testing.T, file, constraint string) {
		pin, err := roots.SelectVersion(roots.RootVersions{TerraformFile: &file, RequiredVersion: constraint}, "", terraformReleases)
		if err != nil {
			return
		}
		if pin.Version == "" {
			t.Fatalf("a version file gave no version: %q", file)
		}
		if strings.ContainsAny(pin.Version, " <>|") {
			t.Fatalf("with the release list the answer must be one version, got %q", pin.Version)
		}
		if _, err := roots.SelectVersion(roots.RootVersions{TerraformFile: &file, RequiredVersion: constraint}, "", nil); err != nil && !strings.Contains(err.Error(), "list of releases") && !strings.Contains(err.Error(), "lower bound") {
			t.Fatalf("valid with releases but not without: %v", err)
		}
	})
}

func TestReadVersions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rv, err := roots.ReadVersions(dir)
	if err != nil || rv.TerraformFile != nil || rv.OpenTofuFile != nil || rv.TofuFiles || rv.RequiredVersion != "" {
		t.Fatalf("an empty root: %+v, %v", rv, err)
	}
	write("main.tf", "terraform {\n  required_version = \">= 1.5.0\"\n  backend \"local\" {}\n}\n")
	write("versions.tf.json", `{"terraform": {"required_version": "< 2.0.0"}}`)
	write("enc.tofu", "terraform {\n  encryption {}\n}\n")
	write(".opentofu-version", "1.10.7\n")
	rv, err = roots.ReadVersions(dir)
	if err != nil || rv.OpenTofuFile == nil || *rv.OpenTofuFile != "1.10.7\n" || !rv.TofuFiles || rv.RequiredVersion != "< 2.0.0, >= 1.5.0" {
		t.Fatalf("got %+v, %v", rv, err)
	}
	pin, err := roots.SelectVersion(rv, "", nil)
	if err != nil || pin != (roots.Pin{Tool: tf.OpenTofu, Version: "1.10.7", From: ".opentofu-version"}) {
		t.Errorf("pin = %+v, %v", pin, err)
	}
	write("bad.tf", "terraform {\n  required_version = var.v\n}\n")
	if _, err := roots.ReadVersions(dir); err == nil || !strings.Contains(err.Error(), "bad.tf line 2: required_version must be a literal string") {
		t.Errorf("error = %v", err)
	}
}

func FuzzSemverRange(f *testing.F) {
	for _, s := range []string{">= 1.2.0, < 2.0.0", "~> 1.5", "~> 1.5.2", "!= 1.7.0, >= 1.6", "= 1.0.0-beta1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, c string) {
		r, err := roots.SemverRange(c)
		if err != nil {
			return
		}
		// A range setup-terraform can read: comparators of numeric versions,
		// spaces and ||, nothing of Terraform's own syntax left.
		if r == "" || strings.Contains(r, "~>") || strings.Contains(r, ",") || strings.Contains(r, "!=") {
			t.Fatalf("SemverRange(%q) = %q", c, r)
		}
		if _, err := roots.SelectVersion(roots.RootVersions{RequiredVersion: c}, "", nil); err != nil {
			t.Fatalf("a constraint SemverRange reads is refused by SelectVersion: %v", err)
		}
	})
}
