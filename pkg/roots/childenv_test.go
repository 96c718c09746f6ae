package roots

import (
	"context"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
)

// The git that GitChangedFiles runs gets the child environment: none of the
// action's inputs, the OIDC request, GitHub tokens or Vault credentials.
func TestGitChangedFilesRunsGitWithoutCredentials(t *testing.T) {
	dir, base := gitRepo(t)
	env := fixture.SpyOnEnv(t, "git")
	fixture.SetWithheld(t)
	if _, err := GitChangedFiles(context.Background(), dir, base); err != nil {
		t.Fatal(err)
	}
	got := env()
	if !strings.Contains(got, "----") {
		t.Fatal("git was not run through PATH")
	}
	if leaked := fixture.LeakedWithheld(got); len(leaked) > 0 {
		t.Errorf("git got %v from the job environment", leaked)
	}
}
