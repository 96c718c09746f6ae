package tf_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/tf"
)

// driftMirror builds the test-only provider (pkg/audit/testdata/driftprovider)
// into a filesystem mirror and points the CLI configuration at it, so init
// installs a real provider without a registry.
func driftMirror(t *testing.T) {
	t.Helper()
	mirror := t.TempDir()
	bin := filepath.Join(mirror, "repave.dev", "test", "drift", "0.0.1", runtime.GOOS+"_"+runtime.GOARCH, "terraform-provider-drift_v0.0.1")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join(fixture.Repo(t), "pkg", "audit", "testdata", "driftprovider")
	build.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the test provider: %v\n%s", err, out)
	}
	cfg := filepath.Join(t.TempDir(), "terraform.rc")
	rc := "provider_installation {\n  filesystem_mirror {\n    path    = \"" + mirror + "\"\n    include = [\"repave.dev/*/*\"]\n  }\n  direct {\n    exclude = [\"repave.dev/*/*\"]\n  }\n}\n"
	if err := os.WriteFile(cfg, []byte(rc), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_CLI_CONFIG_FILE", cfg)
}

// TF_PLUGIN_CACHE_DIR from the job environment reaches terraform (and tofu)
// through repave's child environment: the first init fills the cache, and
// an init of a fresh checkout links the provider from it instead of
// installing it again. The durations are logged (go test -v) as the cold vs
// warm measurement.
// Serial: the CLI configuration and TF_PLUGIN_CACHE_DIR come from the job environment (t.Setenv).
func TestInitUsesThePluginCacheFromTheJobEnvironment(t *testing.T) {
	if testing.Short() {
		t.Skip("runs terraform init")
	}
	driftMirror(t)
	for _, tool := range fixture.Tools(t) {
		t.Run(string(tool), func(t *testing.T) {
			cache := t.TempDir()
			t.Setenv("TF_PLUGIN_CACHE_DIR", cache)
			initIn := func() time.Duration {
				t.Helper()
				dir := fixture.Root(t, "audit/roots/files") // a fresh checkout: no .terraform
				r, _ := newRunner(t, dir, tf.Options{Settings: tf.Settings{Tool: tool}})
				start := time.Now()
				if err := r.Init(context.Background()); err != nil {
					t.Fatal(err)
				}
				d := time.Since(start)
				link := filepath.Join(dir, ".terraform", "providers", "repave.dev", "test", "drift", "0.0.1", runtime.GOOS+"_"+runtime.GOARCH)
				if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
					t.Errorf("%s: the provider should be a link into the plugin cache: %v %v", tool, fi, err)
				}
				return d
			}
			cold := initIn()
			cached := filepath.Join(cache, "repave.dev", "test", "drift", "0.0.1", runtime.GOOS+"_"+runtime.GOARCH)
			if _, err := os.Stat(cached); err != nil {
				t.Fatalf("the first init should fill TF_PLUGIN_CACHE_DIR: %v", err)
			}
			warm := initIn()
			t.Logf("%s init with a real provider: cold (empty cache) %s, warm (cache filled) %s", tool, cold.Round(time.Millisecond), warm.Round(time.Millisecond))
		})
	}
}
