// Package deploy is apply-on-merge: apply exactly the plan that was reviewed
// on the pull request, record it as a GitHub deployment, check that the
// result is healthy, and on failure re-deploy the last known good commit.
// Rollback is a new deployment of known-good code: nothing is fixed by hand.
package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/health"
	"github.com/repave-dev/repave/pkg/review"

	"github.com/repave-dev/repave/pkg/markdown"
)

// Request says what to deploy, where, and how to judge it.
type Request struct {
	// Plan holds the root (relative to Checkout, which is the working
	// directory), workspace, variables,
	// backend and lock settings, the plan directory and the run URL.
	Plan        review.PlanRequest
	Owner, Repo string
	// SHA is the commit to deploy (the pushed merge commit, or the ref of a
	// manual dispatch); Checkout holds it.
	SHA string
	// BaseRef is the branch merged pull requests land on.
	BaseRef     string
	Environment string
	// Manual is a workflow_dispatch deploy of SHA: there is no pull request,
	// and the environment's protection rules are the review.
	Manual bool
	// RequireReviewed refuses to apply a pushed commit without a reviewed plan.
	RequireReviewed bool
	// Review is what else the apply is bound to (require-approval).
	Review review.Binding
	// HealthURLs are checked after apply, with the root's health_check_urls output.
	HealthURLs []string
	Health     health.Options
	AutoRevert bool
	// Checkout is the git work tree of the repository (GITHUB_WORKSPACE).
	Checkout string
	Logf     func(format string, args ...any)
	// Scrub removes secrets from text sent to GitHub (issues, comments).
	Scrub func(string) string
	// Strategy is how the change reaches traffic; the zero value is all at once.
	Strategy Strategy
	// DefaultBranch is the repository's default branch (repository.default_branch
	// of the event): only commits on it are rollback targets. "" means BaseRef.
	DefaultBranch string
	// Retry is how GitHub writes recording the run are retried.
	Retry Retry

	// ExpectedFingerprint, when set, is the only plan fingerprint that may
	// be applied (the plan approvers saw in an earlier job).
	ExpectedFingerprint string

	fetchedDefault bool // the default branch's history was fetched: history.go
}

// Result is what apply-on-merge reports.
type Result struct {
	Applied      bool
	Reverted     bool
	RevertedTo   string // the commit re-deployed by a rollback
	DeploymentID int64
	Fingerprint  string
	// Engine is the tool and version that planned and applied: "OpenTofu 1.10.7".
	Engine string
	// Outputs are the root's non-sensitive outputs after the deployment.
	Outputs map[string]json.RawMessage
	PR      int
	// Stages of a blue-green or canary rollout, in order, with the restore
	// stage last when one was needed.
	Stages []*Stage
	// StagesSkipped says why a blue-green or canary change was applied at
	// once: it moves no traffic (no flip, no new version); empty otherwise.
	StagesSkipped string
}

// payload is what repave stores in a GitHub deployment to find it again.
type payload struct {
	Root        string `json:"root"`
	Workspace   string `json:"workspace"`
	Fingerprint string `json:"fingerprint"`
	RollbackOf  string `json:"rollback_of,omitempty"`
	// Targets and Replaces record a break-glass -target / -replace apply.
	Targets  []string `json:"targets,omitempty"`
	Replaces []string `json:"replaces,omitempty"`
}

func (p payload) asMap() map[string]any {
	b, _ := json.Marshal(p)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

func (r *Request) root() string { return review.RootName(r.Plan.Root) }

func (r *Request) workspace() string { return r.Plan.WorkspaceName() }

func (r *Request) logf(format string, args ...any) {
	if r.Logf != nil {
		r.Logf(format, args...)
	}
}

// Run deploys req.SHA. It returns an error when nothing was applied because
// the plan changed since review (*PlanChangedError), when the apply or the
// health check failed (after a rollback when AutoRevert is on and the run
// changed something), when the run was cancelled, when GitHub or Terraform
// could not be reached, or when what was applied could not be recorded
// (*RecordError).
func Run(ctx context.Context, c *gh.Client, req Request) (*Result, error) {
	res := &Result{}
	rev, err := findReviewed(ctx, c, &req)
	if err != nil {
		return res, err
	}
	res.PR = rev.pr
	p, cleanup, err := req.checkoutSHA(ctx)
	if err != nil {
		return res, err
	}
	defer cleanup()
	p, cleanupDeleted, err := req.deletedRoot(ctx, p) // a root the pull request deleted: deleted.go
	if err != nil {
		return res, err
	}
	defer cleanupDeleted()
	if err := rev.checkImages(ctx, c, &req, p); err != nil {
		return res, err
	}
	out, err := review.PlanRoot(ctx, p)
	if err != nil {
		return res, err
	}
	res.Fingerprint, res.Engine = out.Result.Fingerprint, engineOf(out) // tool.go
	if !out.Result.Changes {
		// Nothing to apply is always safe, whatever was reviewed (a re-run
		// after a successful apply lands here).
		req.logf("No changes: %s (workspace %s) already matches %.12s; nothing to apply.", req.root(), req.workspace(), req.SHA)
		return res, repair(ctx, c, &req, rev, res, false)
	}
	if err := req.checkExpected(out); err != nil {
		return res, err
	}
	if err := rev.checkTool(ctx, c, &req, out); err != nil { // tool.go
		return res, err
	}
	if err := rev.check(ctx, c, &req, out); err != nil {
		return res, err
	}
	if err := repair(ctx, c, &req, rev, res, true); err != nil {
		return res, err
	}

	var stages []*Stage
	if req.Strategy.Kind != "" && req.Strategy.Kind != AllAtOnce {
		if stages, err = req.stagesFor(out, res); err != nil {
			return res, err
		}
	}
	dep, err := start(ctx, c, &req, req.SHA, payload{Root: req.root(), Workspace: req.workspace(), Fingerprint: out.Result.Fingerprint,
		Targets: req.Plan.Targets, Replaces: req.Plan.Replaces})
	if err != nil {
		return res, err
	}
	res.DeploymentID = dep
	if stages != nil {
		return staged(ctx, c, &req, rev, p, stages, res)
	}
	outputs, failure := applyAndCheck(ctx, &req, p, out)
	res.Outputs = outputs
	if failure == nil {
		res.Applied = true
		if err := finish(ctx, c, &req, dep, "Applied and healthy"); err != nil {
			return res, req.applied(fmt.Sprintf("mark deployment %d successful", dep), dep, res.Fingerprint, err)
		}
		err := rev.mark(ctx, c, &req, fmt.Sprintf("**Applied** to %s at %s in %s.", markdown.CodeSpan(req.Environment), time.Now().UTC().Format(time.RFC3339), link(req.Plan.RunURL)))
		return res, req.applied(fmt.Sprintf("mark pull request #%d applied", rev.pr), dep, res.Fingerprint, err)
	}
	res.Applied = failure.applied
	return failed(ctx, c, &req, rev, res, failure)
}

// failed records a failed apply or health check of deployment
// res.DeploymentID: the deployment, the PR status line, and, when the run
// changed something, a rollback (AutoRevert) or an issue. A failure that
// changed nothing is not rolled back: re-applying an old commit would
// change what is live for no reason.
func failed(ctx context.Context, c *gh.Client, req *Request, rev *reviewedPlan, res *Result, f *failure) (*Result, error) {
	dep := res.DeploymentID
	var records []error
	state, desc := gh.StateFailure, f.Error()
	if f.cancelled {
		desc = "Cancelled: " + desc
	}
	if err := req.setStatus(ctx, c, dep, state, desc); err != nil {
		records = append(records, fmt.Errorf("could not mark deployment %d failed: %w", dep, err))
	}
	why := markdown.Text(f.Error())
	line := fmt.Sprintf("**Failed**: %s (%s).", why, link(req.Plan.RunURL))
	switch {
	case f.cancelled:
		line = fmt.Sprintf("**Cancelled** while applying: %s (%s).", why, link(req.Plan.RunURL))
	case !f.changed:
		line = fmt.Sprintf("**Not applied**: %s (%s). Nothing was changed.", why, link(req.Plan.RunURL))
	}
	if err := rev.mark(ctx, c, req, line); err != nil {
		records = append(records, fmt.Errorf("could not update the status line of pull request #%d: %w", rev.pr, err))
	}
	recordErr := errors.Join(records...)
	switch {
	case f.cancelled:
		req.logf("The run was cancelled during the apply: recorded, not rolled back.")
		recordErr = errors.Join(recordErr, reportCancelled(ctx, c, req, res.PR, f))
		return res, errors.Join(fmt.Errorf("cancelled: %w\nThe apply was interrupted (Terraform stopped gracefully and released the state lock); part of the change may be applied. Re-run the job to finish it, or revert the pull request", f), recordErr)
	case !f.changed:
		req.logf("The apply changed nothing (it stopped before the first change): not rolling back.")
		return res, errors.Join(fmt.Errorf("%w\nNothing was changed, so nothing was rolled back; re-run the job once the cause is gone", f), recordErr)
	case !req.AutoRevert:
		return res, errors.Join(f, recordErr)
	}
	res, err := revert(ctx, c, req, res, f)
	return res, errors.Join(err, recordErr)
}

// setStatus adds a status to deployment id, linking this run; the
// description can quote Terraform's errors, so it is scrubbed of secrets.
// It is a record: retried, and written even after ctx is cancelled.
func (r *Request) setStatus(ctx context.Context, c *gh.Client, id int64, state, desc string) error {
	if r.Scrub != nil {
		desc = r.Scrub(desc)
	}
	return r.record(ctx, fmt.Sprintf("set deployment %d to %s", id, state), func(ctx context.Context) error {
		return c.SetDeploymentStatus(ctx, r.Owner, r.Repo, id, state, desc, r.Plan.RunURL)
	})
}

func link(runURL string) string {
	if runURL == "" {
		return "this run"
	}
	return "[this run](" + runURL + ")"
}

// start records a deployment of sha and marks it in progress.
func start(ctx context.Context, c *gh.Client, req *Request, sha string, p payload) (int64, error) {
	what := "Applying"
	if p.RollbackOf != "" {
		what = "Rolling back"
	}
	desc := fmt.Sprintf("%s %s (%s) at %.12s", what, p.Root, p.Workspace, sha)
	if req.Scrub != nil {
		desc = req.Scrub(desc) // as every status description is
	}
	d, err := c.CreateDeployment(ctx, req.Owner, req.Repo, gh.NewDeployment{SHA: sha, Environment: req.Environment, Description: desc, Payload: p.asMap()})
	if err != nil {
		return 0, err
	}
	req.logf("Deployment %d of %.12s to %s: in progress", d.GetID(), sha, req.Environment)
	return d.GetID(), req.setStatus(ctx, c, d.GetID(), gh.StateInProgress, desc)
}

// finish marks deployment id successful and the deployments it supersedes
// (earlier successful ones of the same root and workspace) inactive.
func finish(ctx context.Context, c *gh.Client, req *Request, id int64, desc string) error {
	if err := req.setStatus(ctx, c, id, gh.StateSuccess, desc); err != nil {
		return err
	}
	return req.record(ctx, "mark superseded deployments inactive", func(rctx context.Context) error {
		return eachOfRoot(rctx, c, req, func(d deployment) (bool, error) {
			if d.id == id || d.state != gh.StateSuccess {
				return true, nil
			}
			if ok, _ := c.Ours(rctx, d.creator); !ok {
				return true, nil // not ours to retire
			}
			req.logf("Deployment %d (%.12s) is superseded: inactive", d.id, d.sha)
			return true, req.setStatus(rctx, c, d.id, gh.StateInactive, fmt.Sprintf("Superseded by deployment %d", id))
		})
	})
}
