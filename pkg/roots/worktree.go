package roots

import (
	"context"
	"errors"
	"fmt"

	"github.com/repave-dev/repave/pkg/git"
)

// Worktree checks out commit sha of the repository at checkout into a
// temporary git worktree, fetching it first when a shallow checkout lacks
// it, and returns its directory and a cleanup that removes it.
func Worktree(ctx context.Context, checkout, sha string) (string, func(), error) {
	tree, cleanup, err := git.Worktree(ctx, checkout, sha)
	var missing *git.MissingCommitError
	if errors.As(err, &missing) {
		return "", nil, fmt.Errorf("%w: %v", ErrNoHistory, err)
	}
	return tree, cleanup, err
}

// Parent is the first parent of commit sha (for a merge commit, the branch
// it was merged into).
func Parent(ctx context.Context, checkout, sha string) (string, error) {
	out, err := git.Line(ctx, checkout, "rev-parse", "--verify", sha+"^1^{commit}")
	if err != nil {
		return "", fmt.Errorf("%w: the parent of %.12s: %v", ErrNoHistory, sha, err)
	}
	return out, nil
}
