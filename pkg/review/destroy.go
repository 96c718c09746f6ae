package review

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/repave-dev/repave/pkg/roots"
	"github.com/repave-dev/repave/pkg/tf"
)

// WorkDir is where terraform runs: the root, or the configuration of
// another commit (a deleted root's base commit).
func (req PlanRequest) WorkDir() string {
	if req.ConfigDir != "" {
		return req.ConfigDir
	}
	return req.RootDir()
}

// RootDir is the root's directory in the checkout: Root, below Checkout
// when Root is relative and Checkout is set.
func (req PlanRequest) RootDir() string {
	if req.Checkout == "" || filepath.IsAbs(req.Root) {
		return req.Root
	}
	return filepath.Join(req.Checkout, req.Root)
}

// checkout is the git work tree of the repository: Checkout, or the
// working directory.
func (req PlanRequest) checkout() string {
	if req.Checkout == "" {
		return "."
	}
	return req.Checkout
}

// plan runs the plan the request asks for: the usual plan, or for a root the
// change deletes, the destroy of everything in its state.
func (req PlanRequest) plan(ctx context.Context, r *tf.Runner, planFile string) (bool, error) {
	if req.Destroy {
		return r.PlanDestroy(ctx, planFile)
	}
	return r.Plan(ctx, planFile)
}

// ForDeletedRoot handles a root the change deletes: when req.Root (relative
// to checkout) holds no configuration in the checkout but was a root at
// commit base, it returns req planning the destroy of the root's state from
// base's configuration, in a worktree of base that cleanup removes (after
// the apply, for apply-on-merge). Otherwise req comes back unchanged.
func ForDeletedRoot(ctx context.Context, req PlanRequest, checkout, base string) (PlanRequest, func(), error) {
	none := func() {}
	if base == "" || strings.Trim(base, "0") == "" || roots.HasConfig(filepath.Join(checkout, req.Root)) {
		return req, none, nil
	}
	tree, cleanup, err := roots.Worktree(ctx, checkout, base)
	if err != nil {
		return req, none, fmt.Errorf("%s holds no configuration; to plan the destroy of a deleted root repave needs its configuration at %.12s: %w", req.Root, base, err)
	}
	dir := filepath.Join(tree, req.Root)
	if !roots.HasConfig(dir) {
		cleanup()
		return req, none, nil // not a root there either: tf.New says the directory is missing
	}
	req.ConfigDir, req.Destroy = dir, true
	return req, cleanup, nil
}
