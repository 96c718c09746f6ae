package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/actiontest"
	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/tf"
)

func init() { sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() } }

const (
	app      = "repave-app[bot]"
	appToken = "ghs_appInstallation00000000000000000000"
)

// reviewedPush is a checkout of the example at infra/web whose commit was
// planned and commented on pull request #1 by a GitHub App, then merged.
type reviewedPush struct {
	srv       *ghtest.Server
	work, sha string
}

func newReviewedPush(t *testing.T) *reviewedPush {
	t.Helper()
	r := &reviewedPush{srv: newServer(t), work: t.TempDir()}
	r.srv.AddToken(appToken, app)
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "example", "terraform"), filepath.Join(r.work, "infra", "web"))
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qm", "web"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = r.work
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	out, _ := exec.Command("git", "-C", r.work, "rev-parse", "HEAD").Output()
	r.sha = strings.TrimSpace(string(out))
	// The command reads its inputs relative to the working directory, as a
	// job step does: the tests that run it are serial (t.Parallel panics).
	t.Chdir(r.work)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "plan")
	if _, err := review.PlanRoot(ctx, review.PlanRequest{Root: "infra/web", PlanDir: dir, HeadSHA: r.sha,
		Settings: tf.Settings{LockTimeout: time.Minute, Vars: []tf.Var{{Name: "health_url", Value: ""}}}}); err != nil {
		t.Fatal(err)
	}
	r.srv.AddPull("acme", "infra", ghtest.PullRequest{Number: 1, HeadSHA: r.sha, Author: "octocat"})
	c, err := gh.New(gh.Options{Token: appToken, APIURL: r.srv.URL, Identity: app})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := review.Comment(ctx, c, review.CommentRequest{PlanDir: dir, Owner: "acme", Repo: "infra", PR: 1}); err != nil {
		t.Fatal(err)
	}
	r.srv.AddPull("acme", "infra", ghtest.PullRequest{Number: 1, HeadSHA: r.sha, Merged: true, MergeCommitSHA: r.sha, Author: "octocat"})
	return r
}

func (r *reviewedPush) run(t *testing.T, inputs map[string]string) actiontest.Result {
	t.Helper()
	payload := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(payload, []byte(`{"ref":"refs/heads/main","after":"`+r.sha+`","repository":{"full_name":"acme/infra","default_branch":"main"}}`), 0o644)
	env := map[string]string{
		"GITHUB_WORKSPACE": r.work, "GITHUB_API_URL": r.srv.URL,
		"GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": payload, "GITHUB_REPOSITORY": "acme/infra",
		"GITHUB_REF": "refs/heads/main", "GITHUB_SHA": r.sha,
	}
	all := map[string]string{"github-token": appToken, "working-directory": "infra/web", "min-healthy-time": "0s", "vars": "health_url="}
	for k, v := range inputs {
		all[k] = v
	}
	return actiontest.Run(t, "apply-on-merge", run, env, all)
}

func TestCommentAuthorAndRequireApproval(t *testing.T) {
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	r := newReviewedPush(t)
	// The App's token is an installation token: without comment-author its
	// comments would be looked for among github-actions[bot]'s.
	res := r.run(t, nil)
	if !res.OneError("has no plan comment for infra/web (workspace default) written by github-actions[bot]") {
		t.Fatalf("exit %d:\n%s", res.Code, res.Log)
	}
	res = r.run(t, map[string]string{"comment-author": app, "require-approval": "true"})
	if !res.OneError("no approving review of its final head " + r.sha[:12]) {
		t.Fatalf("exit %d:\n%s", res.Code, res.Log)
	}
	r.srv.AddReview("acme", "infra", 1, ghtest.Review{User: "alice", State: "APPROVED", CommitID: r.sha})
	res = r.run(t, map[string]string{"comment-author": app, "require-approval": "true"})
	if res.Code != 0 || res.Outputs["applied"] != "true" {
		t.Fatalf("exit %d, outputs %v:\n%s", res.Code, res.Outputs, res.Log)
	}
	if bad := r.run(t, map[string]string{"require-approval": "maybe"}); !bad.OneError(`::error title=Invalid input::input "require-approval"`) {
		t.Errorf("exit %d:\n%s", bad.Code, bad.Log)
	}
}
