package deploy

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/review"
)

// reviewedPlan is the sticky comment of the pull request that brought the
// commit: the plan reviewers saw.
type reviewedPlan struct {
	pr      int
	comment *github.IssueComment
	marker  plan.Marker
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
// comment for the root, written by the token's own identity.
func findReviewed(ctx context.Context, c *gh.Client, req *Request) (*reviewedPlan, error) {
	rev := &reviewedPlan{}
	if req.Manual {
		req.logf("Manual deploy of %.12s: no pull request review applies; the %q environment's protection rules are the gate.", req.SHA, req.Environment)
		return rev, nil
	}
	pr, err := c.MergedPullRequest(ctx, req.Owner, req.Repo, req.SHA, req.BaseRef)
	if err != nil {
		return nil, err
	}
	if pr == nil {
		if req.RequireReviewed {
			return nil, fmt.Errorf("not applied: commit %.12s is not the merge of a pull request into %s, so no plan of it was reviewed; merge changes through pull requests, or set `require-reviewed-plan: false` to apply unreviewed pushes", req.SHA, req.BaseRef)
		}
		req.logf("Commit %.12s has no merged pull request; applying without a reviewed plan (require-reviewed-plan: false).", req.SHA)
		return rev, nil
	}
	rev.pr = pr.GetNumber()
	target := plan.Marker{Root: req.root(), Workspace: req.workspace()}
	cm, err := c.FindComment(ctx, req.Owner, req.Repo, rev.pr, func(body string) bool {
		m, ok := plan.ParseMarker(body)
		return ok && m.SameTarget(target)
	})
	if err != nil {
		return nil, err
	}
	if cm == nil {
		if req.RequireReviewed {
			login, _ := c.Login(ctx)
			return nil, fmt.Errorf("not applied: pull request #%d has no plan comment for %s (workspace %s) written by %s, so its plan was never reviewed; run plan-infra and comment-plan-on-pr on pull requests, or set `require-reviewed-plan: false`", rev.pr, req.root(), req.workspace(), login)
		}
		req.logf("Pull request #%d has no plan comment for %s; applying without a reviewed plan (require-reviewed-plan: false).", rev.pr, req.root())
		return rev, nil
	}
	rev.comment = cm
	rev.marker, _ = plan.ParseMarker(cm.GetBody())
	req.logf("Reviewed plan: pull request #%d, %s, fingerprint %.12s", rev.pr, cm.GetHTMLURL(), rev.marker.Fingerprint)
	return rev, nil
}

// check refuses a plan whose fingerprint differs from the reviewed one, and
// marks the comment "not applied".
func (rev *reviewedPlan) check(ctx context.Context, c *gh.Client, req *Request, out *review.PlanOutcome) error {
	if rev.comment == nil || rev.marker.Fingerprint == out.Result.Fingerprint {
		return nil
	}
	e := &PlanChangedError{Root: req.root(), Workspace: req.workspace(), PR: rev.pr, Reviewed: rev.marker.Fingerprint, Now: out.Result.Fingerprint}
	if reviewed, ok := plan.ParseDigest(rev.comment.GetBody()); ok {
		e.Changed = reviewed.Diff(out.Digest)
	} else {
		e.DigestUnavailable = true
	}
	rev.mark(ctx, c, req, fmt.Sprintf("**Not applied: plan changed.** The plan of the merged commit %.12s differs from this one (%s).", req.SHA, link(req.Plan.RunURL)))
	return e
}

// mark sets the status line of the reviewed comment, as a record (retried,
// written even after ctx is cancelled); a failure is logged and returned.
func (rev *reviewedPlan) mark(ctx context.Context, c *gh.Client, req *Request, status string) error {
	if rev.comment == nil {
		return nil
	}
	if req.Scrub != nil {
		status = req.Scrub(status) // it can quote Terraform's errors
	}
	body := plan.WithStatus(rev.comment.GetBody(), status)
	err := req.record(ctx, fmt.Sprintf("update the plan comment on #%d", rev.pr), func(ctx context.Context) error {
		_, err := c.EditComment(ctx, req.Owner, req.Repo, rev.pr, rev.comment.GetID(), body)
		return err
	})
	if err != nil {
		req.logf("Could not update the plan comment on #%d: %v", rev.pr, err)
	}
	return err
}
