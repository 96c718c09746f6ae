package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/repave-dev/repave/internal/ghclient"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/runner"
)

// checkQueued runs after the plan of a merge_group event: the merge queue
// merges the commit it tested, and apply-on-merge then applies that commit
// only if its plan is the one reviewed on the pull request (the comment of
// the pull request's final head, rendered byte for byte, same fingerprint).
// So the queue checks that first: the queued commit's plan of the root must
// be the reviewed one, else this step fails and GitHub takes the pull request
// out of the queue, before anything lands that apply-on-merge would refuse.
// It never writes the comment: reviewers keep seeing what they approved.
func checkQueued(ctx context.Context, a *runner.Runtime, req review.PlanRequest, out *review.PlanResult) error {
	ev, err := a.Event()
	if err != nil || ev.Name != "merge_group" {
		return err
	}
	if ev.PRNumber == 0 {
		return fmt.Errorf("merge queue: the queue branch %q names no pull request (want gh-readonly-queue/<base>/pr-<N>-<sha>), so no reviewed plan can be checked", ev.HeadRef)
	}
	token := a.Secret("github-token")
	if token == "" {
		return &runner.InputError{Input: "github-token", Reason: "is required in a merge_group run", Want: "a token that reads pull requests and their comments (`pull-requests: read`)"}
	}
	c, err := ghclient.New(a, "plan-infra", token)
	if err != nil {
		return err
	}
	pr, err := c.PullRequest(ctx, ev.Owner, ev.Repo, ev.PRNumber)
	if err != nil {
		return err
	}
	target := plan.Marker{Root: out.Result.Root, Workspace: out.Result.Workspace}
	cm, err := c.FindComment(ctx, ev.Owner, ev.Repo, ev.PRNumber, func(body string) bool {
		m, ok := plan.ParseMarker(body)
		return ok && m.SameTarget(target)
	})
	if err != nil {
		return err
	}
	if cm == nil {
		if !out.Result.Changes {
			return nil // nothing to apply, nothing to have reviewed
		}
		return fmt.Errorf("merge queue: pull request #%d has no plan comment for %s (workspace %s), so the queued commit's changes were never reviewed: let its pull request workflow plan and comment first", ev.PRNumber, target.Root, target.Workspace)
	}
	m, _ := plan.ParseMarker(cm.GetBody())
	rev := &review.Reviewed{Owner: ev.Owner, Repo: ev.Repo, PR: pr, Comment: cm, Marker: m}
	fail := func(err error) error {
		return fmt.Errorf("merge queue: the queued commit %.12s must not merge, apply-on-merge would refuse it: %s",
			ev.HeadSHA, strings.TrimPrefix(err.Error(), "not applied: "))
	}
	if err := rev.CheckHead(); err != nil {
		return fail(err)
	}
	if m.Fingerprint != out.Result.Fingerprint {
		return fail(fmt.Errorf("its plan of %s differs from the one reviewed on pull request #%d (reviewed fingerprint %.12s, queued %.12s): the base moved under the pull request; update its branch so its plan shows what lands, have it reviewed, and queue it again",
			target.Root, ev.PRNumber, m.Fingerprint, out.Result.Fingerprint))
	}
	if err := rev.CheckRendered(out.Dir, req.Scrub); err != nil {
		return fail(err)
	}
	a.Infof("merge queue: the plan of %s at the queued commit %.12s is the one reviewed on pull request #%d (fingerprint %.12s)", target.Root, ev.HeadSHA, ev.PRNumber, m.Fingerprint)
	return nil
}
