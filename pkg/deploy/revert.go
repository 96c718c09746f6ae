package deploy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/repave-dev/repave/pkg/childenv"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/review"
)

// RevertedError is a failed deployment that was rolled back: the failure, and
// what was restored.
type RevertedError struct {
	Failure  error
	Restored string // the commit re-deployed
}

func (e *RevertedError) Error() string {
	return fmt.Sprintf("%v\nRolled back: re-deployed the last good commit %.12s, which is healthy.", e.Failure, e.Restored)
}

func (e *RevertedError) Unwrap() error { return e.Failure }

// revert re-deploys the last good commit of the root after a failed
// deployment: a new deployment of known-good code, planned and applied from
// a temporary git worktree of that commit, then health-checked.
func revert(ctx context.Context, c *gh.Client, req *Request, res *Result, cause *failure) (*Result, error) {
	good, err := lastGood(ctx, c, req, req.SHA)
	if err != nil {
		return res, errors.Join(cause, err)
	}
	if good == nil {
		return res, fmt.Errorf("%w\nNothing to roll back to: no earlier successful deployment of %s (workspace %s) to %s; fix forward with a new pull request",
			cause, req.root(), req.workspace(), req.Environment)
	}
	req.logf("Rolling back %s to %.12s (deployment %d, the last healthy one)", req.root(), good.sha, good.id)
	tree, cleanup, err := worktree(ctx, req.Checkout, good.sha)
	if err != nil {
		return res, fmt.Errorf("%w\nRollback to %.12s failed: %v", cause, good.sha, err)
	}
	defer cleanup()

	p := req.Plan
	p.Root = filepath.Join(tree, req.Plan.Root)
	p.PlanDir = filepath.Join(req.Plan.PlanDir, "rollback")
	p.HeadSHA = good.sha
	out, err := review.Plan(ctx, p)
	if err != nil {
		return res, fmt.Errorf("%w\nRollback to %.12s failed to plan: %v", cause, good.sha, err)
	}
	dep, err := start(ctx, c, req, good.sha, payload{Root: req.root(), Workspace: req.workspace(), Fingerprint: out.Result.Fingerprint, RollbackOf: req.SHA})
	if err != nil {
		return res, errors.Join(cause, err)
	}
	res.DeploymentID = dep
	outputs, rollbackFailure := applyAndCheck(ctx, req, p, out)
	if rollbackFailure != nil {
		_ = req.setStatus(ctx, c, dep, gh.StateFailure, "Rollback failed: "+rollbackFailure.Error())
		report(ctx, c, req, res.PR, cause, good.sha, rollbackFailure)
		return res, fmt.Errorf("%w\nRollback to %.12s failed too: %v", cause, good.sha, rollbackFailure)
	}
	if err := finish(ctx, c, req, dep, fmt.Sprintf("Rolled back to %.12s: healthy", good.sha)); err != nil {
		return res, errors.Join(cause, err)
	}
	res.Reverted, res.RevertedTo, res.Outputs = true, good.sha, outputs
	report(ctx, c, req, res.PR, cause, good.sha, nil)
	return res, &RevertedError{Failure: cause, Restored: good.sha}
}

// report tells people a rollback happened: a comment on the pull request,
// and an issue.
func report(ctx context.Context, c *gh.Client, req *Request, pr int, cause *failure, goodSHA string, rollbackErr error) {
	stage := "The apply failed"
	if cause.applied {
		stage = "The apply succeeded but the health check failed"
	}
	outcome := fmt.Sprintf("Rolled back to the last good commit `%.12s`, which is applied and healthy.", goodSHA)
	if rollbackErr != nil {
		outcome = fmt.Sprintf("The rollback to `%.12s` failed too: %v. **Manual attention needed.**", goodSHA, rollbackErr)
	}
	title := fmt.Sprintf("Deployment of %s (%s) to %s failed at %.12s", req.root(), req.workspace(), req.Environment, req.SHA)
	body := fmt.Sprintf("### ⏪ %s\n\n%s for `%s` (workspace `%s`) at `%.12s` in %s:\n\n```\n%s\n```\n\n%s\n",
		title, stage, req.root(), req.workspace(), req.SHA, link(req.Plan.RunURL), fence(cause.Error()), outcome)
	notify(ctx, c, req, pr, title, body)
}

// notify posts body on pull request pr of the deployment (0: none, as for a
// manual deploy) and opens an issue with title, both scrubbed of secrets.
func notify(ctx context.Context, c *gh.Client, req *Request, pr int, title, body string) {
	if req.Scrub != nil {
		title, body = req.Scrub(title), req.Scrub(body)
	}
	if pr > 0 {
		if _, err := c.CommentIssue(ctx, req.Owner, req.Repo, pr, body); err != nil {
			req.logf("Could not comment on #%d: %v", pr, err)
		}
	}
	if is, err := c.CreateIssue(ctx, req.Owner, req.Repo, title, body, []string{"repave:rollback"}); err != nil {
		req.logf("Could not open an issue: %v", err)
	} else {
		req.logf("Opened issue #%d: %s", is.GetNumber(), is.GetHTMLURL())
	}
}

func fence(s string) string { return strings.ReplaceAll(s, "```", "ˋˋˋ") }

// checkoutSHA makes req.Plan.Root point at req.SHA: the checkout itself
// when it is at that commit (a push), else a worktree of it (a dispatch of
// another ref).
func (req *Request) checkoutSHA(ctx context.Context) (review.PlanRequest, func(), error) {
	p := req.Plan
	head, err := childenv.Command(ctx, "git", "-C", req.Checkout, "rev-parse", "HEAD").Output()
	if err == nil && strings.TrimSpace(string(head)) == req.SHA {
		return p, func() {}, nil
	}
	tree, cleanup, err := worktree(ctx, req.Checkout, req.SHA)
	if err != nil {
		return p, nil, err
	}
	req.logf("Deploying %.12s from a worktree (the checkout is at another commit)", req.SHA)
	p.Root = filepath.Join(tree, req.Plan.Root)
	return p, cleanup, nil
}

// worktree checks out sha into a temporary git worktree of the checkout,
// fetching it first when the checkout is shallow and lacks it.
func worktree(ctx context.Context, checkout, sha string) (string, func(), error) {
	git := func(args ...string) error {
		cmd := childenv.Command(ctx, "git", append([]string{"-C", checkout}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	if git("cat-file", "-e", sha+"^{commit}") != nil {
		if err := git("fetch", "--no-tags", "--depth=1", "origin", sha); err != nil {
			return "", nil, fmt.Errorf("commit %.12s is not in the checkout and could not be fetched (use actions/checkout with fetch-depth: 0): %w", sha, err)
		}
	}
	dir, err := os.MkdirTemp("", "repave-rollback-")
	if err != nil {
		return "", nil, err
	}
	tree := filepath.Join(dir, "tree")
	if err := git("worktree", "add", "--detach", tree, sha); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	return tree, func() {
		_ = git("worktree", "remove", "--force", tree)
		os.RemoveAll(dir)
	}, nil
}
