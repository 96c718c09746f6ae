package deploy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
)

// The git that a deploy of another commit runs (rev-parse, worktree) gets
// the child environment: none of the action's inputs, the OIDC request,
// GitHub tokens or Vault credentials.
//
// Serial: it sets PATH and the withheld variables (t.Setenv).
func TestDeployGitRunsWithoutCredentials(t *testing.T) {
	repo := t.TempDir()
	fixture.Git(t, repo, "init", "-q")
	if err := os.WriteFile(filepath.Join(repo, "main.tf"), []byte("# one\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fixture.Git(t, repo, "add", "-A")
	fixture.Git(t, repo, "commit", "-qm", "one")
	old := fixture.Git(t, repo, "rev-parse", "HEAD")
	fixture.Git(t, repo, "commit", "-q", "--allow-empty", "-m", "two")

	env := fixture.SpyOnEnv(t, "git")
	fixture.SetWithheld(t)
	req := &Request{Checkout: repo, SHA: old}
	req.Plan.Root = "."
	_, cleanup, err := req.checkoutSHA(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cleanup()
	got := env()
	if strings.Count(got, "----") < 2 {
		t.Fatalf("want rev-parse and worktree through PATH, recorded:\n%s", got)
	}
	if leaked := fixture.LeakedWithheld(got); len(leaked) > 0 {
		t.Errorf("git got %v from the job environment", leaked)
	}
}

// The git that resolves a workflow_dispatch ref gets the child environment
// too.
//
// Serial: it sets PATH and the withheld variables (t.Setenv).
func TestResolveRefRunsGitWithoutCredentials(t *testing.T) {
	repo := t.TempDir()
	fixture.Git(t, repo, "init", "-q", "-b", "main")
	fixture.Git(t, repo, "commit", "-q", "--allow-empty", "-m", "one")
	want := fixture.Git(t, repo, "rev-parse", "HEAD")
	env := fixture.SpyOnEnv(t, "git")
	fixture.SetWithheld(t)
	got, err := ResolveRef(context.Background(), RefRequest{Checkout: repo, Ref: "main", DefaultBranch: "main"})
	if err != nil || got.SHA != want {
		t.Fatalf("ResolveRef(main) = %+v, %v; want %s", got, err, want)
	}
	rec := env()
	if !strings.Contains(rec, "----") {
		t.Fatal("git was not run through PATH")
	}
	if leaked := fixture.LeakedWithheld(rec); len(leaked) > 0 {
		t.Errorf("git got %v from the job environment", leaked)
	}
}
