package main

import (
	"context"

	"github.com/repave-dev/repave/pkg/actions"
	"github.com/repave-dev/repave/pkg/review"
)

// deletedRoot turns the plan of a root the change deletes into the destroy
// of its state, from the configuration at the change's base commit
// (pull_request.base.sha, or a push's `before`), and says so.
func deletedRoot(ctx context.Context, a *actions.Runtime, req review.PlanRequest) (review.PlanRequest, func(), error) {
	base := eventBase(a)
	out, cleanup, err := review.ForDeletedRoot(ctx, req, ".", base)
	if err == nil && out.Destroy {
		a.Warningf("Root %s is deleted by this change: planning the destroy of every resource in its state, from its configuration at %.12s.", req.Root, base)
	}
	return out, cleanup, err
}
