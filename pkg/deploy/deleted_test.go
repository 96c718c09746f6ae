package deploy_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/deploy"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/tf"
)

// deleteRoot commits the removal of the root on main and returns the commit.
func (w *world) deleteRoot() string {
	w.t.Helper()
	w.git("rm", "-rq", root)
	w.git("commit", "-qm", "retire the web tier")
	return w.git("rev-parse", "HEAD")
}

// reviewDeletion plans the pull request from base to HEAD, which deletes the
// root, as plan-infra does, and posts the sticky comment.
func (w *world) reviewDeletion(tool tf.Tool, base string) (int, *review.PlanResult) {
	w.t.Helper()
	ctx := context.Background()
	pr := w.nextPR
	w.nextPR++
	head := w.git("rev-parse", "HEAD")
	p := w.planRequest()
	p.HeadSHA, p.Tool = head, tool
	p, cleanup, err := review.ForDeletedRoot(ctx, p, w.repo, base)
	if err != nil {
		w.t.Fatal(err)
	}
	defer cleanup()
	if !p.Destroy {
		w.t.Fatalf("%s is deleted at %.7s but was not planned as a destroy", root, head)
	}
	out, err := review.PlanRoot(ctx, p)
	if err != nil {
		w.t.Fatal(err)
	}
	w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: head})
	if _, err := review.Comment(ctx, w.gh, review.CommentRequest{PlanDir: p.PlanDir, Owner: owner, Repo: repo, PR: pr}); err != nil {
		w.t.Fatal(err)
	}
	return pr, out
}

// stateResources counts the resource instances in the root's state.
func (w *world) stateResources() int {
	w.t.Helper()
	b, err := os.ReadFile(w.state)
	if err != nil {
		w.t.Fatal(err)
	}
	var s struct {
		Resources []struct {
			Instances []json.RawMessage `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		w.t.Fatal(err)
	}
	n := 0
	for _, r := range s.Resources {
		n += len(r.Instances)
	}
	return n
}

// A pull request that deletes a root: its plan destroys every resource of
// the root's state, the comment shows each one as dangerous, and once merged
// apply-on-merge applies that reviewed destroy: the state is empty.
func TestDeletedRootIsDestroyedOnlyAsReviewed(t *testing.T) {
	t.Parallel()
	for _, tool := range fixture.Tools(t) {
		t.Run(string(tool), func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			w.reviewWith(tool)
			base := w.git("rev-parse", "HEAD")
			if _, log, err := w.deploy(base, withTool(tool)); err != nil {
				t.Fatalf("%v\n%s", err, log)
			}
			if n := w.stateResources(); n != 2 {
				t.Fatalf("the first deploy should have created the 2 instances, state holds %d", n)
			}

			head := w.deleteRoot()
			pr, out := w.reviewDeletion(tool, base)
			if !out.Result.Destroy || out.Result.Counts.Destroy != 2 || out.Result.Counts.Add != 0 {
				t.Fatalf("result = %+v, want the destroy of both instances", out.Result)
			}
			body := w.stickyBody(pr)
			m, _ := plan.ParseMarker(body)
			for _, want := range []string{
				"destroy plan for the deleted root `infra/web`",
				"2 to destroy",
				"2 resources will be destroyed or replaced",
				"`terraform_data.web[0]`", "`terraform_data.web[1]`",
			} {
				if !strings.Contains(body, want) {
					t.Errorf("the comment lacks %q:\n%.1500s", want, body)
				}
			}
			if !m.Destroy || m.Tool != string(tool) {
				t.Errorf("marker = %+v, want destroy=true by %s", m, tool)
			}

			// Merged: the merge commit has no infra/web; apply-on-merge plans the
			// destroy from its parent and applies it, as reviewed.
			w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: head, Merged: true, MergeCommitSHA: head})
			res, log, err := w.deploy(head, withTool(tool))
			if err != nil || !res.Applied {
				t.Fatalf("%+v, %v\n%s", res, err, log)
			}
			if !strings.Contains(log, "Root infra/web is deleted at ") || !strings.Contains(log, "nothing is left to health-check") {
				t.Errorf("the log should say it destroys the deleted root:\n%s", log)
			}
			if n := w.stateResources(); n != 0 {
				t.Errorf("state still holds %d resources after the destroy", n)
			}
			if !strings.Contains(w.stickyBody(pr), "**Applied** to `production`") {
				t.Errorf("the PR comment should be marked applied:\n%.600s", w.stickyBody(pr))
			}
		})
	}
}

// A deletion nobody reviewed is not applied: the state keeps its resources.
func TestUnreviewedDeletedRootIsNotDestroyed(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.deployReviewedHead()
	head := w.deleteRoot()
	w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: 7, HeadSHA: head, Merged: true, MergeCommitSHA: head})
	res, log, err := w.deploy(head)
	if err == nil || res.Applied || !strings.Contains(err.Error(), "pull request #7 has no plan comment for infra/web") {
		t.Fatalf("want a refusal, got %+v, %v\n%s", res, err, log)
	}
	if n := w.stateResources(); n != 2 {
		t.Errorf("state holds %d resources, want the 2 deployed", n)
	}
}

// Without the parent commit (a shallow checkout) a deleted root cannot be
// planned for destruction: the error says how to check out enough history,
// and nothing is applied.
func TestDeletedRootInAShallowCheckoutSaysWhatToFetch(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	base := w.deployReviewedHead()
	head := w.deleteRoot()
	pr, _ := w.reviewDeletion(tf.Terraform, base)
	w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: head, Merged: true, MergeCommitSHA: head})
	shallow := t.TempDir()
	fixture.Git(t, shallow, "clone", "-q", "--depth=1", "file://"+w.repo, ".")
	res, log, err := w.deploy(head, func(r *deploy.Request) { r.Checkout, r.Plan.Checkout = shallow, shallow })
	if err == nil || res.Applied || !strings.Contains(err.Error(), `working-directory "infra/web" holds no Terraform configuration at `) ||
		!strings.Contains(err.Error(), "fetch-depth: 2") {
		t.Fatalf("want the missing parent named, got %+v, %v\n%s", res, err, log)
	}
	if n := w.stateResources(); n != 2 {
		t.Errorf("state holds %d resources, want the 2 deployed", n)
	}
}
