package review

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/google/go-github/v60/github"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/plandir"
)

// CommentRequest says which plan directory goes on which pull request.
type CommentRequest struct {
	PlanDir     string
	Owner, Repo string
	PR          int
	RunURL      string
	// Scrub is applied to a body rendered again here (secrets); comment.md is
	// posted as plan-infra wrote it.
	Scrub func(string) string
}

// StalePlanError: the pull request's head moved past the commit the plan is
// of, so posting it would show reviewers an older plan than the head's (plan
// jobs of quick pushes can finish out of order). The comment is left as is.
type StalePlanError struct {
	PR            int
	PlanSHA, Head string
}

func (e *StalePlanError) Error() string {
	return fmt.Sprintf("the plan is of %.12s, but pull request #%d is now at %.12s: the plan comment was left as it is (the run for the new head posts its plan)", e.PlanSHA, e.PR, e.Head)
}

// Comment upserts the sticky comment of the plan in req.PlanDir: one comment
// per (PR, root, workspace), found by its marker among the comments of the
// client's identity, updated in place. It posts comment.md as plan-infra wrote
// it; only when GitHub finds it too long is the plan rendered smaller, from
// the directory's redacted plan.json, and sent again.
//
// When the pull request's head is no longer the commit the plan is of, it
// changes nothing and returns a *StalePlanError.
func Comment(ctx context.Context, c *gh.Client, req CommentRequest) (*github.IssueComment, error) {
	dir, res, err := plandir.Open(req.PlanDir)
	if err != nil {
		return nil, err
	}
	written, err := os.ReadFile(dir.File(plandir.Comment))
	if err != nil {
		return nil, fmt.Errorf("plan-dir %q has no readable %s (%v): re-run plan-infra", req.PlanDir, plandir.Comment, err)
	}
	body := string(written)
	target, ok := plan.ParseMarker(body)
	if !ok || !target.SameTarget(plan.Marker{Root: res.Root, Workspace: res.Workspace}) {
		return nil, fmt.Errorf("plan-dir %q: %s does not start with the plan marker of %s: re-run plan-infra with the same repave version", req.PlanDir, plandir.Comment, res.Root)
	}
	if err := checkHead(ctx, c, req, res); err != nil {
		return nil, err
	}
	match := func(b string) bool {
		m, ok := plan.ParseMarker(b)
		return ok && m.SameTarget(target)
	}
	for {
		cm, err := c.UpsertComment(ctx, req.Owner, req.Repo, req.PR, body, match)
		var tooLong *gh.BodyTooLongError
		if !errors.As(err, &tooLong) {
			return cm, err
		}
		// GitHub counted more than we did (it may count bytes or encoded
		// entities); halve the budget until it fits or nothing is left to cut.
		n := len([]rune(body))
		budget, ok := smaller(n)
		if !ok {
			return nil, fmt.Errorf("GitHub refused the plan comment as too long even at %d characters: %w", n, err)
		}
		if body, err = renderFromDir(dir, target, budget, req.Scrub); err != nil {
			return nil, err
		}
	}
}

// checkHead refuses to post a plan older than the pull request's head.
func checkHead(ctx context.Context, c *gh.Client, req CommentRequest, res plandir.Result) error {
	if res.HeadSHA == "" {
		return nil // a plan of no known commit (run outside a PR event): nothing to compare
	}
	pr, err := c.PullRequest(ctx, req.Owner, req.Repo, req.PR)
	if err != nil {
		return err
	}
	if head := pr.GetHead().GetSHA(); head != "" && head != res.HeadSHA {
		return &StalePlanError{PR: req.PR, PlanSHA: res.HeadSHA, Head: head}
	}
	return nil
}
