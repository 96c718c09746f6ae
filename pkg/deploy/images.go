package deploy

import (
	"context"
	"fmt"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/review"
)

// checkImages refuses, before anything is planned, an apply whose images no
// longer resolve to the versions of the reviewed plan: a channel moved or a
// version revoked since review (the fingerprint would differ too, but this
// names the image, the variable and both versions). It marks the comment
// "not applied".
func (rp *reviewedPlan) checkImages(ctx context.Context, c *gh.Client, req *Request, p review.PlanRequest) error {
	if rp.rev == nil || rp.rev.Comment == nil {
		return nil
	}
	reviewed, ok := plan.ParseImages(rp.rev.Comment.GetBody())
	if !ok {
		return nil // no Images section reviewed: the fingerprint decides
	}
	err := review.CheckReviewedImages(ctx, p.RootDir(), p.Images, reviewed, rp.pr)
	if err != nil {
		rp.mark(ctx, c, req, fmt.Sprintf("**Not applied: image changed.** The images of the merged commit %.12s are not the reviewed ones (%s).", req.SHA, link(req.Plan.RunURL)))
	}
	return err
}
