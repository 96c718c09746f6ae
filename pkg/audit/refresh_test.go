package audit_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/audit"
	"github.com/repave-dev/repave/pkg/tf"
)

// driftProvider builds the test-only provider into a filesystem mirror and
// returns the environment of a Terraform whose CLI configuration points at
// it (init then installs it from there, as from an air-gapped mirror;
// dev_overrides would make init fail).
func driftProvider(t *testing.T) map[string]string {
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
	rc := `provider_installation {
  filesystem_mirror {
    path    = "` + mirror + `"
    include = ["repave.dev/*/*"]
  }
  direct {
    exclude = ["repave.dev/*/*"]
  }
}
`
	if err := os.WriteFile(cfg, []byte(rc), 0o644); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"TF_CLI_CONFIG_FILE": cfg}
}

func TestRefreshOnlyDriftOfObjectsChangedByHand(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs real terraform plans")
	}
	env := driftProvider(t)
	ctx := context.Background()
	repo := t.TempDir()
	root := filepath.Join(repo, "infra", "files")
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "audit", "roots", "files"), root)
	objects := t.TempDir()
	const token, handToken = "tok-pipeline-7f3a", "tok-by-hand-19bc"
	vars := []string{"-var", "dir=" + objects, "-var", "api_token=" + token}
	terraformEnv(t, env, root, "init", "-input=false")
	terraformEnv(t, env, root, append([]string{"apply", "-auto-approve", "-input=false"}, vars...)...)

	// By hand, outside Terraform: one file edited, one secret replaced.
	os.WriteFile(filepath.Join(objects, "motd.txt"), []byte("maintenance tonight"), 0o644)
	os.WriteFile(filepath.Join(objects, "token"), []byte(handToken), 0o600)

	out, err := audit.Run(ctx, audit.Request{
		Repo: repo, Roots: []string{"infra/files"}, Settings: tf.Settings{
			Vars:        []tf.Var{{Name: "dir", Value: objects}, {Name: "api_token", Value: token}},
			LockTimeout: 30 * time.Second,
		},
		Env: env,
	})
	if err != nil {
		t.Fatal(err)
	}
	r := out.Report.Roots[0]
	if r.Error != "" {
		t.Fatal(r.Error)
	}
	var got []string
	for _, c := range r.Drift {
		for _, a := range c.Attributes {
			got = append(got, c.Address+" "+a.Path+": "+a.Before+" -> "+a.After)
		}
	}
	want := []string{
		`drift_file.motd content: "welcome" -> "maintenance tonight"`,
		`drift_file.token content: (sensitive) -> (sensitive)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("refresh-only drift:\n%s\nwant exactly:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(r.Pending) != 0 {
		t.Errorf("drifted resources are reported once, as drift; pending = %+v", r.Pending)
	}
	path := filepath.Join(t.TempDir(), "report.json")
	if err := out.Report.WriteJSON(path, out.Sensitive); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	text := string(b) + audit.Summary(out.Report, nil, out.Sensitive)
	if strings.Contains(text, token) || strings.Contains(text, handToken) {
		t.Error("a sensitive value (before or after the hand change) leaked")
	}
}
