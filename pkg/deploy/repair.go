package deploy

import (
	"context"
	"fmt"
	"time"

	"github.com/repave-dev/repave/pkg/gh"

	"github.com/repave-dev/repave/pkg/markdown"
)

// repair finds the deployments of this root, workspace and commit that an
// earlier run of ours left unfinished (in_progress: its records were lost
// to a GitHub outage, or the run was killed) and marks them by what this
// run finds. When the plan has no changes (changes false), the earlier apply
// did complete: the newest is marked successful (and the PR applied), older
// ones inactive. When changes remain, the earlier apply did not finish: they
// are marked failed and this run applies again.
func repair(ctx context.Context, c *gh.Client, req *Request, rev *reviewedPlan, res *Result, changes bool) error {
	var stale []deployment
	err := eachOfRoot(ctx, c, req, func(d deployment) (bool, error) {
		if d.sha != req.SHA || (d.state != gh.StateInProgress && d.state != "queued" && d.state != "pending") {
			return true, nil
		}
		if ok, err := c.Ours(ctx, d.creator); ok || err != nil {
			stale = append(stale, d)
			return err == nil, err
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	for i, d := range stale {
		switch {
		case changes:
			req.logf("Deployment %d of %.12s was left %s by an earlier run that did not finish: marking it failed; this run applies again.", d.id, d.sha, d.state)
			if err := req.setStatus(ctx, c, d.id, gh.StateFailure, "Did not finish (the run was cancelled or lost); a re-run applies again"); err != nil {
				return err
			}
		case i == 0:
			req.logf("Deployment %d of %.12s was left %s by an earlier run; the plan has no changes now, so that apply completed: marking it successful.", d.id, d.sha, d.state)
			res.DeploymentID = d.id
			fp := d.p.Fingerprint
			if err := finish(ctx, c, req, d.id, "Applied (recorded by a re-run)"); err != nil {
				return req.applied(fmt.Sprintf("mark deployment %d successful", d.id), d.id, fp, err)
			}
			err := rev.mark(ctx, c, req, fmt.Sprintf("**Applied** to %s (recorded at %s by %s).", markdown.CodeSpan(req.Environment), time.Now().UTC().Format(time.RFC3339), link(req.Plan.RunURL)))
			if err != nil {
				return req.applied(fmt.Sprintf("mark pull request #%d applied", rev.pr), d.id, fp, err)
			}
		default:
			req.logf("Deployment %d of %.12s was left %s by an earlier run: inactive.", d.id, d.sha, d.state)
			if err := req.setStatus(ctx, c, d.id, gh.StateInactive, fmt.Sprintf("Superseded by deployment %d", stale[0].id)); err != nil {
				return err
			}
		}
	}
	return nil
}
