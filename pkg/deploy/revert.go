package deploy

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/git"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/review"

	"github.com/repave-dev/repave/pkg/markdown"
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
// deployment that changed something: a new deployment of known-good code
// (see lastGood), planned and applied from a temporary git worktree of that
// commit, then health-checked.
func revert(ctx context.Context, c *gh.Client, req *Request, res *Result, cause *failure) (*Result, error) {
	good, err := lastGood(ctx, c, req, req.SHA)
	if err != nil {
		return res, errors.Join(cause, err)
	}
	if good == nil {
		nothing := fmt.Errorf("%w\nNothing to roll back to: no earlier known-good deployment of %s (workspace %s) to %s (created and marked successful by this workflow, of a commit on %s); fix forward with a new pull request",
			cause, req.root(), req.workspace(), req.Environment, or(req.defaultBranch(), "the default branch"))
		return res, errors.Join(nothing, report(ctx, c, req, res.PR, cause, "", "", errors.New("there is no known-good deployment to roll back to")))
	}
	req.logf("Rolling back %s to %.12s (deployment %d, the last known-good one)", req.root(), good.sha, good.id)
	tree, cleanup, err := git.Worktree(ctx, req.Checkout, good.sha)
	if err != nil {
		return res, fmt.Errorf("%w\nRollback to %.12s failed: %v", cause, good.sha, err)
	}
	defer cleanup()

	p := req.Plan
	p.Root = filepath.Join(tree, req.Plan.Root)
	p.PlanDir = filepath.Join(req.Plan.PlanDir, "rollback")
	p.HeadSHA = good.sha
	out, err := review.PlanRoot(ctx, p)
	if err != nil {
		return res, fmt.Errorf("%w\nRollback to %.12s failed to plan: %v", cause, good.sha, err)
	}
	summary := planSummary(out)
	req.logf("Rollback plan: %s", summary)
	dep, err := start(ctx, c, req, good.sha, payload{Root: req.root(), Workspace: req.workspace(), Fingerprint: out.Result.Fingerprint, RollbackOf: req.SHA})
	if err != nil {
		return res, errors.Join(cause, err)
	}
	res.DeploymentID = dep
	outputs, rollbackFailure := applyAndCheck(ctx, req, p, out)
	if rollbackFailure != nil {
		serr := req.setStatus(ctx, c, dep, gh.StateFailure, "Rollback failed: "+rollbackFailure.Error())
		rerr := report(ctx, c, req, res.PR, cause, good.sha, summary, rollbackFailure)
		return res, errors.Join(fmt.Errorf("%w\nRollback to %.12s failed too: %v", cause, good.sha, rollbackFailure), serr, rerr)
	}
	res.Reverted, res.RevertedTo, res.Outputs = true, good.sha, outputs
	if err := finish(ctx, c, req, dep, fmt.Sprintf("Rolled back to %.12s: healthy", good.sha)); err != nil {
		return res, errors.Join(cause, &RecordError{What: fmt.Sprintf("mark rollback deployment %d successful", dep), SHA: good.sha, Fingerprint: out.Result.Fingerprint, DeploymentID: dep, Err: err})
	}
	rerr := report(ctx, c, req, res.PR, cause, good.sha, summary, nil)
	return res, errors.Join(&RevertedError{Failure: cause, Restored: good.sha}, rerr)
}

// planSummary is the counts line of a plan and the resources it changes.
func planSummary(out *review.PlanResult) string {
	line := plan.CountsText(out.Result.Counts.Plan())
	if !out.Result.Changes {
		line = "no changes"
	}
	var b strings.Builder
	b.WriteString(line)
	for _, addr := range slices.Sorted(maps.Keys(out.Digest)) {
		fmt.Fprintf(&b, "\n- %s: %s", markdown.CodeSpan(addr), out.Digest[addr].Action)
	}
	return b.String()
}

// report tells people about a failed deployment that changed something: a
// comment on the pull request and an issue, one of each per failed
// deployment (root, workspace, commit), updated when the job is re-run.
// goodSHA is the commit rolled back to ("" for none), summary its plan.
func report(ctx context.Context, c *gh.Client, req *Request, pr int, cause *failure, goodSHA, summary string, rollbackErr error) error {
	stage := "The apply failed"
	if cause.applied {
		stage = "The apply succeeded but the health check failed"
	}
	outcome := fmt.Sprintf("Rolled back to the last good commit `%.12s`, which is applied and healthy.", goodSHA)
	switch {
	case goodSHA == "":
		outcome = fmt.Sprintf("Not rolled back: %s. **Manual attention needed**: fix forward with a new pull request.", markdown.Text(fmt.Sprint(rollbackErr)))
	case rollbackErr != nil:
		outcome = fmt.Sprintf("The rollback to `%.12s` failed too: %s. **Manual attention needed.**", goodSHA, markdown.Text(rollbackErr.Error()))
	}
	title := fmt.Sprintf("Deployment of %s (%s) to %s failed at %.12s", req.root(), req.workspace(), req.Environment, req.SHA)
	body := fmt.Sprintf("### ⏪ %s\n\n%s for %s (workspace %s) at `%.12s` in %s:\n\n%s\n%s\n",
		markdown.Text(title), stage, markdown.CodeSpan(req.root()), markdown.CodeSpan(req.workspace()), req.SHA, link(req.Plan.RunURL), markdown.CodeBlock("", cause.Error()), outcome)
	if summary != "" {
		body += fmt.Sprintf("\n**Rollback plan** (`%.12s`): %s\n", goodSHA, summary)
	}
	return notifyErr(ctx, c, req, pr, title, body)
}

// reportCancelled tells people a run was cancelled in the middle of an
// apply: the state may hold part of the change.
func reportCancelled(ctx context.Context, c *gh.Client, req *Request, pr int, cause *failure) error {
	title := fmt.Sprintf("Deployment of %s (%s) to %s was cancelled at %.12s", req.root(), req.workspace(), req.Environment, req.SHA)
	body := fmt.Sprintf("### ⏹ %s\n\nThe run was cancelled while applying %s (workspace %s) at `%.12s` in %s:\n\n%s\n"+
		"Terraform was interrupted and stopped gracefully (the state lock is released), but part of the change may be applied. "+
		"Re-run the job to finish the deployment, or revert the pull request.\n",
		markdown.Text(title), markdown.CodeSpan(req.root()), markdown.CodeSpan(req.workspace()), req.SHA, link(req.Plan.RunURL), markdown.CodeBlock("", cause.Error()))
	return notifyErr(ctx, c, req, pr, title, body)
}

// rollbackMarker is the hidden first line of a failed deployment's comment
// and issue. Its values are escaped (markdown.CommentField): a root is a
// directory anyone with write access names, and a name holding "-->" would
// end the comment and put what follows in the issue as Markdown; one holding
// " workspace=" would share the marker of another root and workspace.
func rollbackMarker(root, workspace, sha string) string {
	return fmt.Sprintf("<!-- repave:rollback root=%s workspace=%s sha=%s -->",
		markdown.CommentField(root), markdown.CommentField(workspace), markdown.CommentField(sha))
}

// notify posts body on pull request pr of the deployment (0: none, as for a
// manual deploy) and opens an issue with title, both scrubbed of secrets;
// failures are logged.
func notify(ctx context.Context, c *gh.Client, req *Request, pr int, title, body string) {
	_ = notifyErr(ctx, c, req, pr, title, body)
}

// notifyErr is notify, returning what could not be written. The comment and
// the issue carry a hidden marker of the failed deployment (root, workspace,
// commit) and are found again by it among the token identity's own: a re-run
// updates them instead of adding more.
func notifyErr(ctx context.Context, c *gh.Client, req *Request, pr int, title, body string) error {
	marker := rollbackMarker(req.root(), req.workspace(), req.SHA)
	body = marker + "\n" + body
	if req.Scrub != nil {
		title, body = req.Scrub(title), req.Scrub(body)
	}
	ours := func(b string) bool { return strings.HasPrefix(b, marker+"\n") }
	var errs []error
	if pr > 0 {
		err := req.record(ctx, fmt.Sprintf("comment on #%d", pr), func(ctx context.Context) error {
			_, err := c.UpsertComment(ctx, req.Owner, req.Repo, pr, body, ours)
			return err
		})
		if err != nil {
			req.logf("Could not comment on #%d: %v", pr, err)
			errs = append(errs, fmt.Errorf("could not comment on pull request #%d: %w", pr, err))
		}
	}
	err := req.record(ctx, "open or update the issue", func(ctx context.Context) error {
		is, created, err := c.UpsertIssue(ctx, req.Owner, req.Repo, "repave:rollback", title, body, ours)
		if err == nil {
			verb := "Updated"
			if created {
				verb = "Opened"
			}
			req.logf("%s issue #%d: %s", verb, is.GetNumber(), is.GetHTMLURL())
		}
		return err
	})
	if err != nil {
		req.logf("Could not open an issue: %v", err)
		errs = append(errs, fmt.Errorf("could not open the issue: %w", err))
	}
	return errors.Join(errs...)
}

// checkoutSHA makes req.Plan.Root point at req.SHA: the checkout itself
// when it is at that commit (a push), else a worktree of it (a dispatch of
// another ref).
func (req *Request) checkoutSHA(ctx context.Context) (review.PlanRequest, func(), error) {
	p := req.Plan
	head, err := git.Line(ctx, req.Checkout, "rev-parse", "HEAD")
	if err == nil && head == req.SHA {
		return p, func() {}, nil
	}
	tree, cleanup, err := git.Worktree(ctx, req.Checkout, req.SHA)
	if err != nil {
		return p, nil, err
	}
	req.logf("Deploying %.12s from a worktree (the checkout is at another commit)", req.SHA)
	p.Root = filepath.Join(tree, req.Plan.Root)
	return p, cleanup, nil
}
