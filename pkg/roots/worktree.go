package roots

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Worktree checks out commit sha of the repository at checkout into a
// temporary git worktree, fetching it first when a shallow checkout lacks
// it, and returns its directory and a cleanup that removes it.
func Worktree(ctx context.Context, checkout, sha string) (string, func(), error) {
	if sha == "" || strings.HasPrefix(sha, "-") {
		return "", nil, fmt.Errorf("%q is not a commit", sha)
	}
	if _, err := git(ctx, checkout, "cat-file", "-e", sha+"^{commit}"); err != nil {
		if _, ferr := git(ctx, checkout, "fetch", "--no-tags", "--depth=1", "origin", sha); ferr != nil {
			return "", nil, fmt.Errorf("%w: commit %.12s is not in the checkout and could not be fetched (use actions/checkout with fetch-depth: 0): %v", ErrNoHistory, sha, ferr)
		}
	}
	dir, err := os.MkdirTemp("", "repave-tree-")
	if err != nil {
		return "", nil, err
	}
	tree := filepath.Join(dir, "tree")
	if _, err := git(ctx, checkout, "worktree", "add", "--detach", tree, sha); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	return tree, func() {
		_, _ = git(context.WithoutCancel(ctx), checkout, "worktree", "remove", "--force", tree)
		os.RemoveAll(dir)
	}, nil
}

// Parent is the first parent of commit sha (for a merge commit, the branch
// it was merged into).
func Parent(ctx context.Context, checkout, sha string) (string, error) {
	out, err := git(ctx, checkout, "rev-parse", "--verify", sha+"^1^{commit}")
	if err != nil {
		return "", fmt.Errorf("%w: the parent of %.12s: %v", ErrNoHistory, sha, err)
	}
	return strings.TrimSpace(string(out)), nil
}
