package deploy_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/deploy"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/review"
)

// forge records, through the API as any collaborator can, a successful
// deployment of sha for the root, with a well-formed fingerprint, created by
// the user of createToken and marked successful by the user of statusToken.
func (w *world) forge(createToken, statusToken, sha string) int64 {
	w.t.Helper()
	client := func(tok string) *gh.Client {
		c, err := gh.New(gh.Options{Token: tok, APIURL: w.srv.URL})
		if err != nil {
			w.t.Fatal(err)
		}
		return c
	}
	ctx := context.Background()
	d, err := client(createToken).CreateDeployment(ctx, owner, repo, gh.NewDeployment{SHA: sha, Environment: "production",
		Payload: map[string]any{"root": root, "workspace": "default", "fingerprint": strings.Repeat("ab", 32)}})
	if err != nil {
		w.t.Fatal(err)
	}
	if err := client(statusToken).SetDeploymentStatus(ctx, owner, repo, d.GetID(), gh.StateSuccess, "Applied and healthy", ""); err != nil {
		w.t.Fatal(err)
	}
	return d.GetID()
}

// unmerged commits an image change on a branch that is never merged, and
// goes back to main.
func (w *world) unmerged(img string) string {
	w.t.Helper()
	w.git("checkout", "-q", "-b", "feature-"+img)
	sha := w.commit("not reviewed, not merged", image(img))
	w.git("checkout", "-q", "main")
	return sha
}

const malloryToken = "ghp_malloryToken000000000000000000000"

func TestForgedDeploymentsAreNotRollbackTargets(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.srv.AddToken(malloryToken, "mallory")
	good := w.deployReviewedHead()
	evil := w.unmerged("img-evil")
	byMallory := w.forge(malloryToken, malloryToken, evil)
	statusByMallory := w.forge(token, malloryToken, evil)
	byTheBot := w.forge(token, token, evil) // every workflow writes as github-actions[bot]

	bad := w.commit("img-2", image("img-2"))
	w.review()
	w.setHealth("img-2", http.StatusServiceUnavailable)
	res, log, err := w.deploy(bad)
	var rv *deploy.RevertedError
	if !errors.As(err, &rv) || rv.Restored != good || res.RevertedTo != good {
		t.Fatalf("want a rollback to the real last good commit %.12s, got %v\n%s", good, err, log)
	}
	if !strings.Contains(string(res.Outputs["health_check_urls"]), "/img-1") {
		t.Errorf("outputs after rollback = %s", res.Outputs)
	}
	for _, want := range []string{
		fmt.Sprintf("Not rolling back to deployment %d of %.12s: it was created by mallory, not by github-actions[bot]", byMallory, evil),
		fmt.Sprintf("Not rolling back to deployment %d of %.12s: its success status was written by mallory", statusByMallory, evil),
		fmt.Sprintf("Not rolling back to deployment %d of %.12s: commit %.12s is not on the default branch main", byTheBot, evil, evil),
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the log should say why a forged deployment is ignored: %q\n%s", want, log)
		}
	}
	for _, d := range w.srv.Deployments(owner, repo) {
		if d.SHA == evil && d.Creator == bot && d.ID != byTheBot && d.ID != statusByMallory {
			t.Errorf("the unmerged commit was deployed: %+v", d)
		}
	}
}

func TestForgedDeploymentsOnlyMeanNothingToRollBackTo(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.srv.AddToken(malloryToken, "mallory")
	evil := w.unmerged("img-evil")
	w.forge(malloryToken, malloryToken, evil)
	w.forge(token, token, evil)
	w.review()
	w.setHealth("img-1", http.StatusBadGateway)
	res, log, err := w.deploy(w.git("rev-parse", "HEAD"))
	if err == nil || !strings.Contains(err.Error(), "Nothing to roll back to") || res.Reverted {
		t.Fatalf("want nothing to roll back to, got %+v, %v\n%s", res, err, log)
	}
	if strings.Contains(log, "Rolling back") || len(w.srv.Deployments(owner, repo)) != 3 {
		t.Errorf("the forged deployment's commit was applied: %v\n%s", w.states(), log)
	}
}

// competingTerraform is a terraform that, on the first `apply`, first runs
// before (a shell command, in the root), then the real apply: another writer
// getting to the state between this run's plan and its apply.
func competingTerraform(t *testing.T, before string) string {
	t.Helper()
	dir := t.TempDir()
	script := filepath.Join(dir, "terraform")
	once := filepath.Join(dir, "ran")
	body := fmt.Sprintf("#!/bin/sh\nif [ \"$1\" = apply ] && [ ! -e %q ]; then\n  touch %q\n  %s\nfi\nexec terraform \"$@\"\n", once, once, before)
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return script
}

// waitFor is a shell command that waits until file exists, at most a
// minute.
func waitFor(file string) string {
	return fmt.Sprintf("i=0; while [ ! -e %s ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done", file)
}

func TestAFailureThatChangedNothingIsNotRolledBack(t *testing.T) {
	t.Parallel()
	setup := func(t *testing.T) (*world, string, string, int) {
		w := newWorld(t)
		good := w.deployReviewedHead()
		bad := w.commit("img-2", image("img-2"))
		return w, good, bad, w.review()
	}
	// check: the run failed saying nothing changed, and no deployment of the
	// old commit (a rollback) was made.
	check := func(t *testing.T, w *world, good, bad string, err error, log, why string) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), why) {
			t.Fatalf("want the failure (%s), got %v\n%s", why, err, log)
		}
		var rv *deploy.RevertedError
		if errors.As(err, &rv) || strings.Contains(log, "Rolling back") {
			t.Fatalf("a failure that changed nothing must not be rolled back:\n%v\n%s", err, log)
		}
		n := 0
		for _, d := range w.srv.Deployments(owner, repo) {
			if d.SHA == good {
				n++
			}
		}
		if n != 1 {
			t.Errorf("want only the original deployment of %.7s, got %v", good, w.states())
		}
	}

	t.Run("refused: plan changed since review", func(t *testing.T) {
		t.Parallel()
		w, good, _, pr := setup(t)
		head := w.git("rev-parse", "HEAD") // the reviewed head; main moves on before the merge
		sha := w.commit("main moved on after review", image("img-3"))
		w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: head, Merged: true, MergeCommitSHA: sha})
		_, log, err := w.deploy(sha)
		check(t, w, good, sha, err, log, "changed since it was reviewed")
	})
	t.Run("saved plan is stale", func(t *testing.T) {
		t.Parallel()
		w, good, bad, _ := setup(t)
		tfBin := competingTerraform(t, fmt.Sprintf("terraform apply -auto-approve -input=false -var health_base=%s -var image_id=img-other >/dev/null 2>&1", w.hsrv.URL))
		res, log, err := w.deploy(bad, func(r *deploy.Request) { r.Plan.ExecPath = tfBin })
		check(t, w, good, bad, err, log, "Saved plan is stale")
		if res.Applied || !strings.Contains(err.Error(), "Nothing was changed") {
			t.Errorf("the error should say nothing was changed: %v", err)
		}
		if got := w.srv.Deployments(owner, repo); got[len(got)-1].State() != "failure" {
			t.Errorf("deployments = %v", w.states())
		}
	})
	t.Run("state lock timeout", func(t *testing.T) {
		t.Parallel()
		w, good, bad, _ := setup(t)
		// Another root on the same state holds the lock in an apply that
		// lasts until the test ends: its provisioner says when it runs (the
		// lock is held then) and waits for release.
		holder := filepath.Join(t.TempDir(), "holder")
		if err := os.MkdirAll(holder, 0o755); err != nil {
			t.Fatal(err)
		}
		flags := t.TempDir()
		started, release, done := filepath.Join(flags, "started"), filepath.Join(flags, "release"), filepath.Join(flags, "done")
		os.WriteFile(filepath.Join(holder, "main.tf"), []byte(fmt.Sprintf(`terraform {
  backend "local" {}
}
resource "terraform_data" "hold" {
  provisioner "local-exec" { command = "touch %s; %s" }
}
`, started, waitFor(release))), 0o644)
		tfBin := competingTerraform(t, fmt.Sprintf("(cd %q && terraform init -input=false -backend-config=path=%s && terraform apply -auto-approve -input=false; touch %q) >/dev/null 2>&1 &\n  %s", holder, w.state, done, waitFor(started)))
		t.Cleanup(func() {
			os.WriteFile(release, nil, 0o644)
			for i := 0; i < 300; i++ {
				if _, err := os.Stat(done); err == nil {
					return
				}
				time.Sleep(100 * time.Millisecond) // polls for the released holder's end, at most 30 s
			}
		})
		_, log, err := w.deploy(bad, func(r *deploy.Request) { r.Plan.ExecPath, r.Plan.LockTimeout = tfBin, time.Second })
		check(t, w, good, bad, err, log, "Error acquiring the state lock")
	})
}

func TestRerunningAFailedDeploymentKeepsOneIssueAndOneComment(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	good := w.deployReviewedHead()
	bad := w.commit("img-2", image("img-2"))
	pr := w.review()
	w.setHealth("img-2", http.StatusServiceUnavailable)
	for run := 1; run <= 3; run++ {
		if run > 1 {
			w.rereview(pr) // the state is the rolled-back one again: plan the PR again
		}
		_, log, err := w.deploy(bad, func(r *deploy.Request) {
			r.Plan.RunURL = fmt.Sprintf("https://github.example/acme/infra/actions/runs/9/attempts/%d", run)
		})
		var rv *deploy.RevertedError
		if !errors.As(err, &rv) {
			t.Fatalf("run %d: want a rollback, got %v\n%s", run, err, log)
		}
	}
	var issues, comments []string
	for _, is := range w.srv.Issues(owner, repo) {
		if strings.Contains(is.GetTitle(), "failed at "+bad[:12]) {
			issues = append(issues, is.GetBody())
		}
	}
	for _, c := range w.srv.Comments(owner, repo, pr) {
		if strings.Contains(c.GetBody(), "Rolled back to the last good commit") {
			comments = append(comments, c.GetBody())
		}
	}
	if len(issues) != 1 || len(comments) != 1 {
		t.Fatalf("want one rollback issue and one rollback comment, got %d issues and %d comments", len(issues), len(comments))
	}
	for _, body := range []string{issues[0], comments[0]} {
		if !strings.Contains(body, "attempts/3") {
			t.Errorf("the report should be updated by the last run:\n%s", body)
		}
	}
	if !strings.Contains(issues[0], "**Rollback plan** (`"+good[:12]+"`): 0 to add, 0 to change, 0 to destroy, 2 to replace") ||
		!strings.Contains(issues[0], "- `terraform_data.web[0]`: replace") {
		t.Errorf("the issue should carry the rollback's plan summary:\n%s", issues[0])
	}
}

// rereview plans the checkout again and updates pull request pr's sticky
// comment, as re-running the PR's plan workflow does.
func (w *world) rereview(pr int) {
	w.t.Helper()
	p := w.planRequest()
	p.HeadSHA = w.git("rev-parse", "HEAD")
	if _, err := review.PlanRoot(context.Background(), p); err != nil {
		w.t.Fatal(err)
	}
	if _, err := review.Comment(context.Background(), w.gh, review.CommentRequest{PlanDir: p.PlanDir, Owner: owner, Repo: repo, PR: pr}); err != nil {
		w.t.Fatal(err)
	}
}

func TestRollbackFromAShallowCheckoutFetchesTheDefaultBranch(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	good := w.deployReviewedHead()
	bad := w.commit("img-2", image("img-2"))
	w.review()
	w.setHealth("img-2", http.StatusServiceUnavailable)
	// actions/checkout's default: one commit, origin/main at the pushed one.
	shallow := filepath.Join(t.TempDir(), "checkout")
	w.git("clone", "-q", "--depth=1", "--branch=main", "file://"+w.repo, shallow)
	_, log, err := w.deploy(bad, func(r *deploy.Request) { r.Checkout, r.Plan.Checkout = shallow, shallow })
	var rv *deploy.RevertedError
	if !errors.As(err, &rv) || rv.Restored != good {
		t.Fatalf("want a rollback to %.12s from the shallow checkout, got %v\n%s", good, err, log)
	}
	if !strings.Contains(log, "Fetching the history of main") {
		t.Errorf("the log should say the default branch was fetched:\n%s", log)
	}
}
