package packer

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A shell-local provisioner, run by the real packer, sees the job's
// environment without the action's inputs, the OIDC request, GitHub tokens
// and Vault credentials; a secret given in Options.Env (the secrets: mapping)
// does reach it.
func TestPackerChildrenGetNoCredentials(t *testing.T) {
	if _, err := exec.LookPath("packer"); err != nil {
		t.Skip("packer is not installed")
	}
	withheld := []string{"INPUT_GITHUB_TOKEN", "INPUT_VAULT_TOKEN", "INPUT_VAULT_SECRET_ID",
		"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL", "GITHUB_TOKEN", "GH_TOKEN",
		"VAULT_TOKEN", "VAULT_ROLE_ID", "VAULT_SECRET_ID"}
	for _, n := range withheld {
		t.Setenv(n, "job-"+strings.ToLower(n))
	}
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
	for _, n := range withheld {
		if strings.Contains(env, "job-"+strings.ToLower(n)) {
			t.Errorf("the job's %s reached a provisioner run by packer", n)
		}
	}
	if !strings.Contains(env, "REPAVE_JOB_VARIABLE=kept") || !strings.Contains(env, "DEPLOY_KEY=from-secrets-mapping") {
		t.Errorf("the job's ordinary variables and the mapped secret should reach packer:\n%s", env)
	}
}
