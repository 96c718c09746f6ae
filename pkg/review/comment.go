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
	// Scrub is applied to the body before it leaves the process (secrets).
	Scrub func(string) string
}

// Comment upserts the sticky comment of the plan in req.PlanDir: one comment
// per (PR, root, workspace), found by its marker among the comments of the
// token's own identity, updated in place. When GitHub still finds the body
// too long, the plan is rendered smaller and sent again.
func Comment(ctx context.Context, c *gh.Client, req CommentRequest) (*github.IssueComment, error) {
	dir, res, err := plandir.Open(req.PlanDir)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(dir.File(plandir.PlanJSON))
	if err != nil {
		return nil, err
	}
	p, err := plan.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("plan-dir %q: %w", req.PlanDir, err)
	}
	opts := renderOptions(res, req.RunURL)
	if opts.Images, err = readImages(dir); err != nil {
		return nil, err
	}
	target := opts.Marker
	match := func(body string) bool {
		m, ok := plan.ParseMarker(body)
		return ok && m.SameTarget(target)
	}
	scrub := req.Scrub
	if scrub == nil {
		scrub = func(s string) string { return s }
	}
	for {
		body := scrub(renderComment(p, opts))
		cm, err := c.UpsertComment(ctx, req.Owner, req.Repo, req.PR, body, match)
		var tooLong *gh.BodyTooLongError
		if !errors.As(err, &tooLong) {
			return cm, err
		}
		// GitHub counted more than we did (it may count bytes or encoded
		// entities); halve the budget until it fits or nothing is left to cut.
		n := len([]rune(body))
		if n <= plan.MinMaxChars {
			return nil, fmt.Errorf("GitHub refused the plan comment as too long even at %d characters: %w", n, err)
		}
		opts.MaxChars = max(n/2, plan.MinMaxChars)
	}
}
