package deploy

import (
	"context"
	"fmt"

	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/roots"
)

// deletedRoot handles a merged pull request that deleted the root: the
// merged commit has no configuration there, so the destroy of the root's
// state is planned from the configuration of the commit's first parent (the
// branch it was merged into), as the pull request's plan was planned from
// its base. The reviewed plan rule applies as to any plan: the destroy is
// applied only when its fingerprint is the reviewed one. A manual deploy of
// a commit without the root is left alone (it fails as a missing
// directory): destroying is never a side effect of a dispatch.
func (req *Request) deletedRoot(ctx context.Context, p review.PlanRequest) (review.PlanRequest, func(), error) {
	none := func() {}
	if req.Manual || roots.HasConfig(p.WorkDir()) {
		return p, none, nil
	}
	parent, err := roots.Parent(ctx, req.Checkout, req.SHA)
	if err != nil {
		return p, none, fmt.Errorf("working-directory %q holds no Terraform configuration at %.12s: check the path; if the merged pull request deleted this root, apply-on-merge plans the destroy of its state from the parent commit, which is not in the checkout (use actions/checkout with fetch-depth: 2): %w", req.root(), req.SHA, err)
	}
	out, cleanup, err := review.ForDeletedRoot(ctx, req.Plan, req.Checkout, parent)
	if err != nil || !out.Destroy {
		return p, none, err
	}
	out.Log, out.PlanDir = p.Log, p.PlanDir
	req.logf("Root %s is deleted at %.12s: planning the destroy of its state from the configuration at %.12s.", req.root(), req.SHA, parent)
	return out, cleanup, nil
}
