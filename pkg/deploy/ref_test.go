package deploy_test

import (
	"context"
	"errors"
	"testing"

	"github.com/repave-dev/repave/pkg/deploy"
)

func TestResolveRefRefusesWhatIsNotARefName(t *testing.T) {
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
	for _, branch := range []string{"", "--upload-pack=x", "a b"} {
		_, err := deploy.ResolveRef(context.Background(), deploy.RefRequest{Checkout: t.TempDir(), Ref: "main", DefaultBranch: branch})
		if err == nil {
			t.Errorf("default branch %q: want an error", branch)
		}
	}
}
