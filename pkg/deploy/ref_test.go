package deploy_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/deploy"
)

func TestResolveRefRefusesWhatIsNotARefName(t *testing.T) {
	t.Parallel()
	dir := t.TempDir() // no repository: nothing may get as far as running git on the ref
	for _, ref := range []string{"", "-", "--upload-pack=touch x", "-cfoo=bar", "main --upload-pack=x", "a\tb", "a\nb",
		"main..feature", "main~1", "HEAD^", "a:b", "refs/heads/x.lock", "x/", "@{-1}", "a*", "a[b", "a\\b", "\x00"} {
		_, err := deploy.ResolveRef(context.Background(), deploy.RefRequest{Checkout: dir, Ref: ref, DefaultBranch: "main"})
		var re *deploy.RefError
		if !errors.As(err, &re) || re.Ref != ref || re.Want == "" {
			t.Errorf("ref %q: want a RefError naming it, got %v", ref, err)
		}
	}
}

func TestResolveRefNeedsAValidDefaultBranch(t *testing.T) {
	t.Parallel()
	for _, branch := range []string{"", "--upload-pack=x", "a b"} {
		_, err := deploy.ResolveRef(context.Background(), deploy.RefRequest{Checkout: t.TempDir(), Ref: "main", DefaultBranch: branch})
		if err == nil {
			t.Errorf("default branch %q: want an error", branch)
		}
	}
}

// A checkout whose origin cannot be reached (as under act, with a GitHub
// origin and no network) is checked against its own copy of the branch.
func TestResolveRefWithoutReachableOrigin(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	git := func(args ...string) string { return fixture.Git(t, dir, args...) }
	git("init", "-q", "-b", "main")
	git("commit", "-q", "--allow-empty", "-m", "one")
	merged := git("rev-parse", "HEAD")
	git("commit", "-q", "--allow-empty", "-m", "two")
	git("checkout", "-qb", "feature")
	git("commit", "-q", "--allow-empty", "-m", "unmerged")
	git("remote", "add", "origin", filepath.Join(t.TempDir(), "gone.git"))
	var log strings.Builder
	logf := func(f string, a ...any) { fmt.Fprintf(&log, f+"\n", a...) }
	ref, err := deploy.ResolveRef(context.Background(), deploy.RefRequest{Checkout: dir, Ref: merged, DefaultBranch: "main", Logf: logf})
	if err != nil || ref.SHA != merged || ref.Unmerged || !strings.Contains(log.String(), "Could not fetch main from origin") {
		t.Errorf("a commit of main: %+v, %v\n%s", ref, err, log.String())
	}
	_, err = deploy.ResolveRef(context.Background(), deploy.RefRequest{Checkout: dir, Ref: "feature", DefaultBranch: "main", Logf: logf})
	var re *deploy.RefError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "is not merged") {
		t.Errorf("the unmerged branch: %v", err)
	}
}
