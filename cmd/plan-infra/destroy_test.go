package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/tf"
)

// A pull request that deletes a deployed root: plan-infra, pointed at the
// root by the discovery matrix, plans the destroy of its state from the
// base commit's configuration.
func TestPlanInfraPlansTheDestroyOfADeletedRoot(t *testing.T) {
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	work := t.TempDir()
	state := filepath.Join(t.TempDir(), "terraform.tfstate")
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "roots", "deployed"), filepath.Join(work, "infra", "web"))
	git(t, work, "init", "-q")
	git(t, work, "add", "-A")
	git(t, work, "commit", "-q", "-m", "web tier")
	base := git(t, work, "rev-parse", "HEAD")

	ctx := context.Background()
	r, err := tf.New(tf.Options{Dir: filepath.Join(work, "infra", "web"), Settings: tf.Settings{BackendConfig: []string{"path=" + state},
		Vars: []tf.Var{{Name: "health_base", Value: "http://127.0.0.1:1"}}, LockTimeout: 30 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	planFile := filepath.Join(t.TempDir(), "plan.tfplan")
	if err := r.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Plan(ctx, planFile); err != nil {
		t.Fatal(err)
	}
	if err := r.Apply(ctx, planFile); err != nil {
		t.Fatal(err)
	}
	git(t, work, "rm", "-rq", "infra/web")
	git(t, work, "commit", "-q", "-m", "retire the web tier")

	res := runIn(t, work, map[string]string{"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": prEvent(t, base)},
		map[string]string{"working-directory": "infra/web", "backend-config": "path=" + state, "vars": "health_base=http://127.0.0.1:1"})
	if res.Code != 0 {
		t.Fatalf("exit %d:\n%s", res.Code, res.Log)
	}
	if res.Outputs["to-destroy"] != "2" || res.Outputs["to-add"] != "0" || res.Outputs["changes"] != "true" {
		t.Errorf("outputs = %v, want 2 to destroy", res.Outputs)
	}
	if !strings.Contains(res.Log, "::warning::Root infra/web is deleted by this change: planning the destroy of every resource in its state") {
		t.Errorf("the log should warn that the root's resources will be destroyed:\n%s", res.Log)
	}
	if !strings.Contains(res.Summary, "destroy plan for the deleted root `infra/web`") || !strings.Contains(res.Summary, "destroy=true") {
		t.Errorf("the summary should show the destroy plan:\n%.800s", res.Summary)
	}
	if out := git(t, work, "worktree", "list"); strings.Count(out, "\n") != 0 {
		t.Errorf("the base commit's worktree should be removed:\n%s", out)
	}
}
