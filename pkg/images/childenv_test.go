package images

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
)

// The git that LoadAtRevision runs gets the child environment: none of the
// action's inputs, the OIDC request, GitHub tokens or Vault credentials.
func TestLoadAtRevisionRunsGitWithoutCredentials(t *testing.T) {
	repo := t.TempDir()
	fixture.Git(t, repo, "init", "-q")
	if err := os.MkdirAll(filepath.Join(repo, "images"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "images", "web.json"), []byte(`{"versions":[],"channels":{}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	fixture.Git(t, repo, "add", "-A")
	fixture.Git(t, repo, "commit", "-qm", "registry")
	env := fixture.SpyOnEnv(t, "git")
	fixture.SetWithheld(t)
	LoadAtRevision(context.Background(), repo, "HEAD", "images", "web")
	got := env()
	if !strings.Contains(got, "----") {
		t.Fatal("git was not run through PATH")
	}
	if leaked := fixture.LeakedWithheld(got); len(leaked) > 0 {
		t.Errorf("git got %v from the job environment", leaked)
	}
}
