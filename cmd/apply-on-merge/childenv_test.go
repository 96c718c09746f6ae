package main

import (
	"context"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
)

// The git that resolves a workflow_dispatch ref gets the child environment:
// none of the action's inputs, the OIDC request, GitHub tokens or Vault
// credentials.
func TestResolveRunsGitWithoutCredentials(t *testing.T) {
	repo := t.TempDir()
	fixture.Git(t, repo, "init", "-q")
	fixture.Git(t, repo, "commit", "-q", "--allow-empty", "-m", "one")
	want := fixture.Git(t, repo, "rev-parse", "HEAD")
	env := fixture.SpyOnEnv(t, "git")
	fixture.SetWithheld(t)
	got, err := resolve(context.Background(), repo, "main")
	if err != nil || got != want {
		t.Fatalf("resolve(main) = %q, %v; want %s", got, err, want)
	}
	rec := env()
	if !strings.Contains(rec, "----") {
		t.Fatal("git was not run through PATH")
	}
	if leaked := fixture.LeakedWithheld(rec); len(leaked) > 0 {
		t.Errorf("git got %v from the job environment", leaked)
	}
}
