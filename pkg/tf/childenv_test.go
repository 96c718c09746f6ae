package tf_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/tf"
)

// envRoot is a root whose apply runs a local-exec provisioner that writes
// its whole environment into a file.
func envRoot(t *testing.T) (dir, dump string) {
	t.Helper()
	dir = t.TempDir()
	dump = filepath.Join(t.TempDir(), "env")
	src := `resource "terraform_data" "dump" {
  provisioner "local-exec" {
    command = "env > '` + dump + `'"
  }
}
`
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, dump
}

func applyAndReadEnv(t *testing.T, secrets map[string]string) string {
	t.Helper()
	fixture.SetWithheld(t)
	t.Setenv("REPAVE_JOB_VARIABLE", "kept")
	ctx := context.Background()
	dir, dump := envRoot(t)
	r, log := newRunner(t, dir, tf.Options{})
	if secrets != nil {
		if err := r.SetSecretEnv(secrets); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Init(ctx); err != nil {
		t.Fatalf("init: %v\n%s", err, log)
	}
	plan := filepath.Join(t.TempDir(), "p")
	if _, err := r.Plan(ctx, plan); err != nil {
		t.Fatalf("plan: %v\n%s", err, log)
	}
	if err := r.Apply(ctx, plan); err != nil {
		t.Fatalf("apply: %v\n%s", err, log)
	}
	b, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The provisioner, run by terraform, sees the job's environment without the
// action's inputs, the OIDC request, GitHub tokens and Vault credentials.
// Serial: the job environment it checks is set with t.Setenv.
func TestTerraformChildrenGetNoCredentials(t *testing.T) {
	env := applyAndReadEnv(t, nil)
	for _, n := range fixture.Withheld {
		if strings.Contains(env, "\n"+n+"=") || strings.HasPrefix(env, n+"=") {
			t.Errorf("%s reached a provisioner run by terraform", n)
		}
	}
	if !strings.Contains(env, "REPAVE_JOB_VARIABLE=kept") {
		t.Error("an ordinary variable of the job did not reach terraform")
	}
}

// A secret mapped by `secrets:` reaches terraform under the name the mapping
// gives, even a withheld name such as VAULT_TOKEN (for the Vault provider);
// the job's own value of that name never does.
// Serial: the job environment it checks is set with t.Setenv.
func TestTerraformGetsSecretsOnlyAsMapped(t *testing.T) {
	env := applyAndReadEnv(t, map[string]string{"VAULT_TOKEN": "hvs.from-secrets-mapping"})
	if !strings.Contains(env, "VAULT_TOKEN=hvs.from-secrets-mapping") {
		t.Error("the mapped VAULT_TOKEN did not reach terraform")
	}
	if leaked := fixture.LeakedWithheld(env); len(leaked) > 0 {
		t.Errorf("the job's %v reached a provisioner run by terraform", leaked)
	}
}
