package deploy_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/pgtest"
	"github.com/repave-dev/repave/pkg/deploy"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/health"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/tf"
)

// syncLog is a log written by a running deploy and read by the test.
type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestCancelledApplyIsRecordedAndLeavesNoStateLock(t *testing.T) {
	t.Parallel()
	conn := pgtest.Start(t)
	w := newWorldWith(t, "roots/pglocked") // state in PostgreSQL; each instance's provisioner sleeps
	planReq := func() review.PlanRequest {
		return review.PlanRequest{
			Root: root, Checkout: w.repo, Settings: tf.Settings{Vars: []tf.Var{{Name: "image_id", Value: "img-1"}, {Name: "hold_seconds", Value: "120"}},
				BackendConfig: []string{"conn_str=" + conn}, LockTimeout: 30 * time.Second},
			PlanDir: filepath.Join(t.TempDir(), "plan"), RunURL: "https://github.example/acme/infra/actions/runs/7",
		}
	}
	// The PR's reviewed plan.
	ctx := context.Background()
	sha := w.git("rev-parse", "HEAD")
	p := planReq()
	p.HeadSHA = sha
	if _, err := review.PlanRoot(ctx, p); err != nil {
		t.Fatal(err)
	}
	w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: 1, HeadSHA: sha})
	if _, err := review.Comment(ctx, w.gh, review.CommentRequest{PlanDir: p.PlanDir, Owner: owner, Repo: repo, PR: 1}); err != nil {
		t.Fatal(err)
	}
	w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: 1, HeadSHA: sha, Merged: true, MergeCommitSHA: sha})

	var log syncLog
	req := deploy.Request{
		Plan: planReq(), Owner: owner, Repo: repo, SHA: sha, BaseRef: "main", Environment: "production",
		RequireReviewed: true, AutoRevert: true, Checkout: w.repo,
		Health: health.Options{MinHealthy: 0, Deadline: time.Second},
		Logf:   func(f string, a ...any) { log.Write([]byte(strings.TrimSpace(fmt.Sprintf(f, a...)) + "\n")) },
	}
	req.Plan.Log = &log
	// The same path as the signal handler: cancelling run's context.
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	type outcome struct {
		res *deploy.Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := deploy.Run(runCtx, w.gh, req)
		done <- outcome{res, err}
	}()
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(log.String(), "Provisioning with 'local-exec'") {
		if time.Now().After(deadline) {
			t.Fatalf("the apply never started:\n%s", log.String())
		}
		time.Sleep(50 * time.Millisecond) // polls the log for the apply's start, within the deadline
	}
	cancel()
	var o outcome
	select {
	case o = <-done:
	case <-time.After(60 * time.Second):
		t.Fatalf("the run did not end after the cancellation:\n%s", log.String())
	}
	if o.err == nil || !strings.Contains(o.err.Error(), "cancelled") || o.res.Reverted {
		t.Fatalf("want a cancelled run, not rolled back; got %+v, %v\n%s", o.res, o.err, log.String())
	}

	deps := w.srv.Deployments(owner, repo)
	if len(deps) != 1 || deps[0].State() != "failure" || !strings.HasPrefix(deps[0].Statuses[len(deps[0].Statuses)-1].Description, "Cancelled") {
		t.Errorf("the deployment should be marked failed (cancelled): %+v", deps)
	}
	if body := w.stickyBody(1); !strings.Contains(body, "**Cancelled** while applying") {
		t.Errorf("the PR status line should say cancelled:\n%.800s", body)
	}
	var issue bool
	for _, is := range w.srv.Issues(owner, repo) {
		issue = issue || strings.Contains(is.GetTitle(), "was cancelled at "+sha[:12])
	}
	if !issue {
		t.Errorf("want an issue about the cancelled deployment, got %d issues", len(w.srv.Issues(owner, repo)))
	}

	// No state lock is left: the next plan takes it at once.
	next := planReq()
	next.LockTimeout = time.Second
	next.Root = filepath.Join(w.repo, root)
	r, err := tf.New(tf.Options{Settings: next.Settings, Dir: next.Root})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Plan(ctx, filepath.Join(t.TempDir(), "after")); err != nil {
		t.Fatalf("the cancelled apply left the state locked: %v", err)
	}
}
