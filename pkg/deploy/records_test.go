package deploy_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/deploy"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

// impatient makes the world's client give up on a 5xx at once (as after
// its MaxWait in a long outage) and the deploy retry its records without
// waiting, so the records' own retries are what is tested.
func (w *world) impatient() func(*deploy.Request) {
	c, err := gh.New(gh.Options{Token: token, APIURL: w.srv.URL, MaxWait: time.Nanosecond,
		Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		w.t.Fatal(err)
	}
	w.gh = c
	return func(r *deploy.Request) {
		r.Retry = deploy.Retry{Attempts: 4, Sleep: func(context.Context, time.Duration) error { return nil }}
	}
}

func TestSuccessStatusIsRetriedAfterA5xx(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	pr := w.review()
	retry := w.impatient()
	sha := w.git("rev-parse", "HEAD")
	w.srv.FailDeploymentStatus(gh.StateSuccess, 2, ghtest.ServerError(502))
	res, log, err := w.deploy(sha, retry)
	if err != nil || !res.Applied {
		t.Fatalf("want the apply recorded after retries, got %+v, %v\n%s", res, err, log)
	}
	if got := strings.Join(w.states(), " "); got != sha[:7]+":success" {
		t.Errorf("deployments = %s", got)
	}
	if body := w.stickyBody(pr); !strings.Contains(body, "**Applied** to `production`") {
		t.Errorf("the PR comment should be marked applied:\n%.600s", body)
	}
	if !strings.Contains(log, "(attempt 2 of 4)") {
		t.Errorf("the log should show the retries:\n%s", log)
	}
}

func TestLostSuccessStatusFailsNamingWhatWasAppliedAndARerunRepairsIt(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	pr := w.review()
	retry := w.impatient()
	sha := w.git("rev-parse", "HEAD")
	w.srv.FailDeploymentStatus(gh.StateSuccess, 4, ghtest.ServerError(503))
	res, log, err := w.deploy(sha, retry)
	var re *deploy.RecordError
	if !errors.As(err, &re) || !res.Applied {
		t.Fatalf("want a RecordError after the apply, got %+v, %v\n%s", res, err, log)
	}
	for _, want := range []string{"commit " + sha[:12] + " WAS applied", "fingerprint " + res.Fingerprint[:16], fmt.Sprintf("deployment %d", res.DeploymentID), "re-run"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error should say %q:\n%v", want, err)
		}
	}
	if got := strings.Join(w.states(), " "); got != sha[:7]+":in_progress" {
		t.Fatalf("deployments = %s", got)
	}

	// GitHub is back: a re-run finds nothing to apply, and repairs the record.
	res2, log, err := w.deploy(sha, retry)
	if err != nil {
		t.Fatalf("re-run: %v\n%s", err, log)
	}
	if got := strings.Join(w.states(), " "); got != sha[:7]+":success" || res2.DeploymentID != res.DeploymentID {
		t.Errorf("the re-run should mark deployment %d successful: %s, result %+v\n%s", res.DeploymentID, got, res2, log)
	}
	if body := w.stickyBody(pr); !strings.Contains(body, "**Applied** to `production`") {
		t.Errorf("the re-run should mark the PR applied:\n%.600s", body)
	}
}

func TestRerunAfterAnUnfinishedApplyMarksTheOldDeploymentFailed(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.review()
	sha := w.git("rev-parse", "HEAD")
	// An earlier run of this commit recorded its deployment and died before
	// applying (killed runner): in_progress, nothing applied.
	old, err := w.gh.CreateDeployment(context.Background(), owner, repo, gh.NewDeployment{SHA: sha, Environment: "production",
		Payload: map[string]any{"root": root, "workspace": "default", "fingerprint": strings.Repeat("0", 64)}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.gh.SetDeploymentStatus(context.Background(), owner, repo, old.GetID(), gh.StateInProgress, "Applying", ""); err != nil {
		t.Fatal(err)
	}
	res, log, err := w.deploy(sha)
	if err != nil || !res.Applied {
		t.Fatalf("%v\n%s", err, log)
	}
	if got := strings.Join(w.states(), " "); got != sha[:7]+":failure "+sha[:7]+":success" {
		t.Errorf("deployments = %s\n%s", got, log)
	}
}
