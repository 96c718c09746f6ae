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

// A TF_VAR_ secret reaches terraform as a variable and any other name as its
// environment, without entering this process's environment.
// Serial: TF_VAR_instance_count comes from the job environment (t.Setenv).
func TestSetSecretEnvReachesTerraformOnly(t *testing.T) {
	ctx := context.Background()
	dir := fixture.Root(t, "roots/web")
	dataDir := filepath.Join(t.TempDir(), "tfdata")
	t.Setenv("TF_VAR_instance_count", "2") // from the job env; dropped, and said so
	r, log := newRunner(t, dir, tf.Options{Settings: tf.Settings{Workspace: "staging"}})
	err := r.SetSecretEnv(map[string]string{"TF_VAR_image_id": "img-from-vault-77", "TF_DATA_DIR": dataDir})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if err := r.SelectWorkspace(ctx); err != nil {
		t.Fatal(err)
	}
	// terraform records the selected workspace in its data dir: proof it got TF_DATA_DIR.
	if b, err := os.ReadFile(filepath.Join(dataDir, "environment")); err != nil || string(b) != "staging" {
		t.Fatalf("terraform did not use TF_DATA_DIR from the secrets: %q, %v", b, err)
	}
	out := filepath.Join(t.TempDir(), "p")
	if _, err := r.Plan(ctx, out); err != nil {
		t.Fatal(err)
	}
	p, err := r.ShowPlan(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	if v := p.Variables["image_id"]; v == nil || v.Value != "img-from-vault-77" {
		t.Errorf("image_id = %+v, want the secret's value", v)
	}
	if os.Getenv("TF_VAR_image_id") != "" || os.Getenv("TF_DATA_DIR") != "" {
		t.Error("a secret entered this process's environment")
	}
	if strings.Contains(log.String(), "img-from-vault-77") {
		t.Error("the value appeared in terraform's progress log")
	}
	if !strings.Contains(log.String(), "does not inherit TF_VAR_instance_count") {
		t.Errorf("the log should name the job-env variable terraform no longer inherits:\n%s", log)
	}
}
