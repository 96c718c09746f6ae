package deploy_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/deploy"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/tf"
)

// reviewWith is review() with the plan made by tool.
func (w *world) reviewWith(tool tf.Tool) int {
	w.t.Helper()
	ctx := context.Background()
	pr := w.nextPR
	w.nextPR++
	head := w.git("rev-parse", "HEAD")
	p := w.planRequest()
	p.HeadSHA, p.Tool = head, tool
	if _, err := review.PlanRoot(ctx, p); err != nil {
		w.t.Fatal(err)
	}
	w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: head})
	if _, err := review.Comment(ctx, w.gh, review.CommentRequest{PlanDir: p.PlanDir, Owner: owner, Repo: repo, PR: pr}); err != nil {
		w.t.Fatal(err)
	}
	w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: head, Merged: true, MergeCommitSHA: head})
	return pr
}

func withTool(tool tf.Tool) func(*deploy.Request) {
	return func(r *deploy.Request) { r.Plan.Tool = tool }
}

// The review loop with each engine: the comment says which tool and version
// planned, apply-on-merge applies the reviewed plan with it, and a plan that
// changed after review is refused.
func TestReviewLoopWithEachTool(t *testing.T) {
	t.Parallel()
	for _, tool := range fixture.Tools(t) {
		t.Run(string(tool), func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			pr := w.reviewWith(tool)
			body := w.stickyBody(pr)
			m, _ := plan.ParseMarker(body)
			if m.Tool != string(tool) || m.Version == "" || !strings.Contains(body, "### "+tool.Name()+" "+m.Version+" plan for `infra/web`") {
				t.Fatalf("the comment should say %s and its version planned; marker %+v:\n%.500s", tool.Name(), m, body)
			}
			sha := w.git("rev-parse", "HEAD")
			res, log, err := w.deploy(sha, withTool(tool))
			if err != nil || !res.Applied {
				t.Fatalf("%+v, %v\n%s", res, err, log)
			}
			if !strings.Contains(w.stickyBody(pr), "**Applied** to `production`") {
				t.Errorf("the PR comment should be marked applied:\n%.600s", w.stickyBody(pr))
			}

			reviewed := w.git("rev-parse", "HEAD")
			pr = w.reviewWith(tool) // nothing to do on the applied commit
			// The merge commit brings more than the reviewed head: main moved on.
			changed := w.commit("bump to img-2 after review", image("img-2"))
			w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: reviewed, Merged: true, MergeCommitSHA: changed})
			_, log, err = w.deploy(changed, withTool(tool))
			var pc *deploy.PlanChangedError
			if !errors.As(err, &pc) || len(w.srv.Deployments(owner, repo)) != 1 {
				t.Fatalf("want PlanChangedError and no new deployment, got %v\n%s", err, log)
			}
		})
	}
}

// A plan reviewed as made by one engine is not applied by another, even
// when both plan the same changes (the fingerprints are equal).
func TestPlanReviewedWithAnotherToolIsRefused(t *testing.T) {
	t.Parallel()
	tools := fixture.Tools(t)
	if len(tools) < 2 {
		t.Skip("needs both terraform and tofu on PATH")
	}
	w := newWorld(t)
	pr := w.reviewWith(tf.Terraform)
	sha := w.git("rev-parse", "HEAD")
	res, log, err := w.deploy(sha, withTool(tf.OpenTofu))
	var tc *deploy.ToolChangedError
	if !errors.As(err, &tc) || res.Applied || len(w.srv.Deployments(owner, repo)) != 0 {
		t.Fatalf("want ToolChangedError and nothing applied, got %+v, %v\n%s", res, err, log)
	}
	if !strings.Contains(err.Error(), "was made by Terraform ") || !strings.Contains(err.Error(), "but this run planned with OpenTofu ") {
		t.Errorf("error = %v", err)
	}
	if !strings.Contains(w.stickyBody(pr), "Not applied: tool changed.") {
		t.Errorf("the PR comment should say why:\n%.600s", w.stickyBody(pr))
	}
}

// A reviewed plan of another version of the same tool is refused.
func TestPlanReviewedWithAnotherVersionIsRefused(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	pr := w.reviewWith(tf.Terraform)
	// The reviewed comment says an older Terraform made the plan (as when
	// the plan job installed 1.9.8 and the apply job another version).
	for _, c := range w.srv.Comments(owner, repo, pr) {
		m, ok := plan.ParseMarker(c.GetBody())
		if !ok {
			continue
		}
		old := m
		old.Version = "1.9.8"
		if _, err := w.gh.EditComment(context.Background(), owner, repo, pr, c.GetID(), strings.Replace(c.GetBody(), m.String(), old.String(), 1)); err != nil {
			t.Fatal(err)
		}
	}
	res, log, err := w.deploy(w.git("rev-parse", "HEAD"))
	var tc *deploy.ToolChangedError
	if !errors.As(err, &tc) || res.Applied || tc.ReviewedVersion != "1.9.8" || tc.NowVersion == "1.9.8" {
		t.Fatalf("want ToolChangedError from 1.9.8, got %+v, %v\n%s", res, err, log)
	}
}
