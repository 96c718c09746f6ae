package review

import (
	"context"

	"github.com/repave-dev/repave/pkg/tf"
)

// WorkDir is where terraform runs: the root, or the configuration of
// another commit (a deleted root's base commit).
func (req PlanRequest) WorkDir() string {
	if req.ConfigDir != "" {
		return req.ConfigDir
	}
	return req.Root
}

// plan runs the plan the request asks for: the usual plan, or for a root the
// change deletes, the destroy of everything in its state.
func (req PlanRequest) plan(ctx context.Context, r *tf.Runner, planFile string) (bool, error) {
	if req.Destroy {
		return r.PlanDestroy(ctx, planFile)
	}
	return r.Plan(ctx, planFile)
}
