package packer

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
)

// A shell-local provisioner, run by the real packer, sees the job's
// environment without the action's inputs, the OIDC request, GitHub tokens
// and Vault credentials; a secret given in Options.Env (the secrets: mapping)
// does reach it.
// Serial: the job environment it checks is set with t.Setenv.
func TestPackerChildrenGetNoCredentials(t *testing.T) {
	if _, err := exec.LookPath("packer"); err != nil {
		t.Skip("packer is not installed")
	}
	fixture.SetWithheld(t)
	t.Setenv("REPAVE_JOB_VARIABLE", "kept")
	dir := t.TempDir()
	dump := filepath.Join(t.TempDir(), "env")
	src := `source "null" "base" {
  communicator = "none"
}

build {
  sources = ["source.null.base"]

  provisioner "shell-local" {
    inline = ["env > '` + dump + `'"]
  }
}
`
	if err := os.WriteFile(filepath.Join(dir, "image.pkr.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	r, err := New(Options{Template: dir, Env: []string{"DEPLOY_KEY=from-secrets-mapping"}, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Build(context.Background()); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	b, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	env := string(b)
	if leaked := fixture.LeakedWithheld(env); len(leaked) > 0 {
		t.Errorf("the job's %v reached a provisioner run by packer", leaked)
	}
	if !strings.Contains(env, "REPAVE_JOB_VARIABLE=kept") || !strings.Contains(env, "DEPLOY_KEY=from-secrets-mapping") {
		t.Errorf("the job's ordinary variables and the mapped secret should reach packer:\n%s", env)
	}
}
