package conformance

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/tf"
)

// planned is one real plan: its JSON, Terraform's human rendering and the schemas' sets.
type planned struct {
	json   []byte
	show   string
	schema *plan.Schema
}

var (
	providerOnce sync.Once
	providerRC   string
	providerErr  error
)

// setProvider builds the test-only provider into a filesystem mirror once and returns
// a CLI configuration that installs repave.dev/test/* from it. It names no plugin
// cache: without a lock file every init would install into the cache, and the roots'
// inits run side by side (Terraform's cache is not safe for that); from the mirror,
// an init links the provider.
func setProvider(t *testing.T) string {
	t.Helper()
	providerOnce.Do(func() {
		dir, err := os.MkdirTemp("", "repave-setprovider-")
		if err != nil {
			providerErr = err
			return
		}
		bin := filepath.Join(dir, "mirror", "repave.dev", "test", "set", "0.0.1", runtime.GOOS+"_"+runtime.GOARCH, "terraform-provider-set_v0.0.1")
		build := exec.Command("go", "build", "-o", bin, ".")
		build.Dir = filepath.Join(fixture.Repo(t), "internal", "conformance", "testdata", "setprovider")
		build.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
		if out, err := build.CombinedOutput(); err != nil {
			providerErr = err
			providerRC = string(out)
			return
		}
		providerRC = filepath.Join(dir, "terraform.rc")
		rc := "provider_installation {\n  filesystem_mirror {\n    path    = \"" + filepath.Join(dir, "mirror") +
			"\"\n    include = [\"repave.dev/*/*\"]\n  }\n  direct {\n    exclude = [\"repave.dev/*/*\"]\n  }\n}\n"
		providerErr = os.WriteFile(providerRC, []byte(rc), 0o644)
	})
	if providerErr != nil {
		t.Fatalf("building the test provider: %v\n%s", providerErr, providerRC)
	}
	return providerRC
}

// planRoot applies src/before (when there is one), plans src against that state and
// returns the plan's JSON, `terraform show` of it and the sets of the provider schemas.
func planRoot(t *testing.T, src string) planned {
	t.Helper()
	env := tfEnv(setProvider(t))
	work := t.TempDir()
	if _, err := os.Stat(filepath.Join(src, "before")); err == nil {
		fixture.CopyDir(t, filepath.Join(src, "before"), work)
		terraform(t, env, work, "init", "-input=false")
		terraform(t, env, work, "apply", "-input=false", "-auto-approve")
		entries, _ := os.ReadDir(work)
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), "terraform.tfstate") && !strings.HasPrefix(e.Name(), ".terraform") {
				os.RemoveAll(filepath.Join(work, e.Name()))
			}
		}
	}
	fixture.CopyDir(t, src, work)
	os.RemoveAll(filepath.Join(work, "before"))
	terraform(t, env, work, "init", "-input=false")
	args := []string{"plan", "-input=false", "-out=plan.tfplan"}
	if b, err := os.ReadFile(filepath.Join(src, "plan.args")); err == nil {
		args = append(args, strings.Fields(string(b))...)
	}
	terraform(t, env, work, args...)
	var p planned
	p.json = []byte(terraform(t, env, work, "show", "-json", "plan.tfplan"))
	p.show = terraform(t, env, work, "show", "plan.tfplan")
	r, err := tf.New(tf.Options{Dir: work, Settings: tf.Settings{LockTimeout: 30 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := r.ProviderSchemas(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p.schema = plan.SchemaOf(ps)
	return p
}

// tfEnv is what terraform gets besides the job environment: the CLI
// configuration rc, and no prompts or update checks.
func tfEnv(rc string) []string {
	return []string{"TF_CLI_CONFIG_FILE=" + rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"}
}

// terraform runs terraform in dir with env added to the job environment.
func terraform(t *testing.T, env []string, dir string, args ...string) string {
	t.Helper()
	if !(args[0] == "show" && len(args) > 1 && args[1] == "-json") {
		args = append([]string{args[0], "-no-color"}, args[1:]...) // flags before the plan file
	}
	cmd := exec.Command("terraform", args...)
	cmd.Dir, cmd.Env = dir, append(os.Environ(), env...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("terraform %s in %s: %v\n%s%s", strings.Join(args, " "), dir, err, out.String(), stderr.String())
	}
	return out.String()
}
