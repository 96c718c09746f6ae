package deploy

import (
	"context"
	"fmt"
	"strings"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/review"
)

// reviewedPlan is the sticky comment of the pull request that brought the
// commit: the plan reviewers saw. The protocol (find, verify, status lines)
// is pkg/review's; deploy only calls it.
type reviewedPlan struct {
	pr  int
	rev *review.Reviewed
}

// PlanChangedError: the plan of the merged commit is not the reviewed one.
type PlanChangedError struct {
	Root, Workspace   string
	PR                int
	Reviewed, Now     string // fingerprints
	Changed           []plan.ActionDiff
	DigestUnavailable bool
}

func (e *PlanChangedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "not applied: the plan of %s (workspace %s) changed since it was reviewed on pull request #%d (reviewed fingerprint %.12s, now %.12s).",
		e.Root, e.Workspace, e.PR, e.Reviewed, e.Now)
	switch {
	case len(e.Changed) > 0:
		b.WriteString(" Resources whose planned change differs (attributes, reviewed action → now):")
		for _, d := range e.Changed {
			paths := strings.Join(d.Paths, ", ")
			if paths == "" {
				paths = "action" // a digest of an older repave, or of a large plan: actions only
			}
			fmt.Fprintf(&b, "\n- %s: %s (%s → %s)", d.Address, paths, action(d.Reviewed), action(d.Now))
		}
	case e.DigestUnavailable:
		b.WriteString(" The reviewed comment carries no resource list (plan too large); compare it with this run's job summary.")
	default:
		b.WriteString(" No resource's action or attribute differs as far as the reviewed comment tells (an output's planned value differs, or the comment lists actions only); compare the PR comment with this run's job summary.")
	}
	b.WriteString("\nRe-run the plan on a new pull request (or re-run the PR's workflow) so reviewers see what will be applied.")
	return b.String()
}

func action(a string) string {
	if a == "" {
		return "no change"
	}
	return a
}

// findReviewed finds the merged pull request of req.SHA and its sticky plan
// comment for the root, written by the client's identity, and checks what
// needs no plan: the pull request's final head is the commit the comment's
// plan is of and, with require-approval, an approval of that head.
func findReviewed(ctx context.Context, c *gh.Client, req *Request) (*reviewedPlan, error) {
	rp := &reviewedPlan{}
	if req.Manual {
		req.logf("Manual deploy of %.12s: no pull request review applies; the %q environment's protection rules are the gate.", req.SHA, req.Environment)
		return rp, nil
	}
	rev, err := review.FindReviewed(ctx, c, req.Owner, req.Repo, req.SHA, req.BaseRef, plan.Marker{Root: req.root(), Workspace: req.workspace()})
	if err != nil {
		return nil, err
	}
	if rev.PR == nil {
		if req.RequireReviewed {
			return nil, fmt.Errorf("not applied: commit %.12s is not the merge of a pull request into %s, so no plan of it was reviewed; merge changes through pull requests, or set `require-reviewed-plan: false` to apply unreviewed pushes", req.SHA, req.BaseRef)
		}
		req.logf("Commit %.12s has no merged pull request; applying without a reviewed plan (require-reviewed-plan: false).", req.SHA)
		return rp, nil
	}
	rp.pr = rev.Number()
	login, _ := c.Login(ctx)
	if rev.Comment == nil {
		if req.RequireReviewed {
			return nil, fmt.Errorf("not applied: pull request #%d has no plan comment for %s (workspace %s) written by %s, so its plan was never reviewed; run plan-infra and comment-plan-on-pr on pull requests, or set `require-reviewed-plan: false` (if comment-plan-on-pr writes as another login, such as a GitHub App's <app-slug>[bot], set `comment-author` to it)", rp.pr, req.root(), req.workspace(), login)
		}
		req.logf("Pull request #%d has no plan comment for %s; applying without a reviewed plan (require-reviewed-plan: false).", rp.pr, req.root())
		return rp, nil
	}
	rp.rev = rev
	req.logf("Reviewed plan: pull request #%d, %s, fingerprint %.12s, of head %.12s", rp.pr, rev.Comment.GetHTMLURL(), rev.Marker.Fingerprint, rev.Marker.SHA)
	if err := rev.CheckHead(); err != nil {
		rp.mark(ctx, c, req, fmt.Sprintf("**Not applied: the head moved.** Commits were pushed after this plan; the merged head is %.12s (%s).", rev.PR.GetHead().GetSHA(), link(req.Plan.RunURL)))
		return nil, err
	}
	if req.Review.RequireApproval {
		if err := rev.CheckApproval(ctx, c, login); err != nil {
			rp.mark(ctx, c, req, fmt.Sprintf("**Not applied: no approval** of head %.12s by someone other than the author (%s).", rev.Marker.SHA, link(req.Plan.RunURL)))
			return nil, err
		}
	}
	return rp, nil
}

// check refuses a plan whose fingerprint differs from the reviewed one, or
// whose rendering is not the posted comment, and marks the comment "not
// applied".
func (rp *reviewedPlan) check(ctx context.Context, c *gh.Client, req *Request, out *review.PlanResult) error {
	if rp.rev == nil {
		return nil
	}
	if rp.rev.Marker.Fingerprint != out.Result.Fingerprint {
		e := &PlanChangedError{Root: req.root(), Workspace: req.workspace(), PR: rp.pr, Reviewed: rp.rev.Marker.Fingerprint, Now: out.Result.Fingerprint}
		if reviewed, ok := plan.ParseDigest(rp.rev.Comment.GetBody()); ok {
			e.Changed = reviewed.Diff(out.Digest)
		} else {
			e.DigestUnavailable = true
		}
		rp.mark(ctx, c, req, fmt.Sprintf("**Not applied: plan changed.** The plan of the merged commit %.12s differs from this one (%s).", req.SHA, link(req.Plan.RunURL)))
		return e
	}
	if err := rp.rev.CheckRendered(out.Dir, req.Scrub); err != nil {
		rp.mark(ctx, c, req, fmt.Sprintf("**Not applied: this comment is not what repave renders for the plan** of %.12s; it was edited, or the plan renders differently (%s).", req.SHA, link(req.Plan.RunURL)))
		return err
	}
	return nil
}

// mark sets the status line of the reviewed comment, as a record (retried,
// written even after ctx is cancelled); a failure is logged and returned.
func (rp *reviewedPlan) mark(ctx context.Context, c *gh.Client, req *Request, status string) error {
	if rp.rev == nil {
		return nil
	}
	if req.Scrub != nil {
		status = req.Scrub(status) // it can quote Terraform's errors
	}
	err := req.record(ctx, fmt.Sprintf("update the plan comment on #%d", rp.pr), func(ctx context.Context) error {
		return rp.rev.SetStatus(ctx, c, status)
	})
	if err != nil {
		req.logf("Could not update the plan comment on #%d: %v", rp.pr, err)
	}
	return err
}
