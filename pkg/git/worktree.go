package git

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// MissingCommitError is a commit the checkout lacks and origin would not
// give (a shallow checkout of another branch).
type MissingCommitError struct {
	SHA string
	Err error // the fetch's failure
}

func (e *MissingCommitError) Error() string {
	return fmt.Sprintf("commit %.12s is not in the checkout and could not be fetched (use actions/checkout with fetch-depth: 0): %v", e.SHA, e.Err)
}

func (e *MissingCommitError) Unwrap() error { return e.Err }

// Worktree checks out commit sha of the repository at checkout into a
// temporary git worktree, fetching it first when a shallow checkout lacks
// it (a *MissingCommitError when that fails), and returns its directory and
// a cleanup that removes it (even after ctx is cancelled).
func Worktree(ctx context.Context, checkout, sha string) (string, func(), error) {
	if sha == "" || strings.HasPrefix(sha, "-") {
		return "", nil, fmt.Errorf("%q is not a commit", sha)
	}
	if Run(ctx, checkout, "cat-file", "-e", sha+"^{commit}") != nil {
		if err := Run(ctx, checkout, "fetch", "--no-tags", "--depth=1", "origin", sha); err != nil {
			return "", nil, &MissingCommitError{SHA: sha, Err: err}
		}
	}
	dir, err := os.MkdirTemp("", "repave-tree-")
	if err != nil {
		return "", nil, err
	}
	tree := filepath.Join(dir, "tree")
	if err := Run(ctx, checkout, "worktree", "add", "--detach", tree, sha); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	return tree, func() {
		_ = Run(context.WithoutCancel(ctx), checkout, "worktree", "remove", "--force", tree)
		os.RemoveAll(dir)
	}, nil
}
