package deploy_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/deploy"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/health"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/tf"
)

const (
	owner, repo = "acme", "infra"
	token       = "ghs_applyOnMergeToken00000000000000000"
	bot         = "github-actions[bot]"
	root        = "infra/web"
)

// world is a repository with a deployed root, a stand-in GitHub and a health
// endpoint whose answer per image the test controls.
type world struct {
	t      *testing.T
	repo   string
	state  string
	srv    *ghtest.Server
	gh     *gh.Client
	mu     sync.Mutex
	health map[string]int // image → status
	hsrv   *httptest.Server
	nextPR int
}

func newWorld(t *testing.T) *world { return newWorldWith(t, "roots/deployed") }

// newWorldWith is a world whose root is a copy of testdata/<fixtureRoot>.
func newWorldWith(t *testing.T, fixtureRoot string) *world {
	if testing.Short() {
		t.Skip("plans and applies with the real terraform against the GitHub stand-in (the full run covers it)")
	}
	w := &world{t: t, repo: t.TempDir(), health: map[string]int{}, nextPR: 1}
	w.state = filepath.Join(t.TempDir(), "terraform.tfstate")
	w.hsrv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.mu.Lock()
		st, ok := w.health[strings.TrimPrefix(r.URL.Path, "/")]
		w.mu.Unlock()
		if !ok {
			st = http.StatusOK
		}
		rw.WriteHeader(st)
	}))
	t.Cleanup(w.hsrv.Close)
	w.srv = ghtest.New(t)
	w.srv.AddToken(token, bot)
	c, err := gh.New(gh.Options{Token: token, APIURL: w.srv.URL, Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	w.gh = c
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", fixtureRoot), filepath.Join(w.repo, root))
	w.git("init", "-q", "-b", "main")
	w.git("add", "-A")
	w.git("commit", "-qm", "web tier")
	return w
}

func (w *world) git(args ...string) string {
	w.t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=dev", "-c", "user.email=dev@example.com"}, args...)...)
	cmd.Dir = w.repo
	out, err := cmd.CombinedOutput()
	if err != nil {
		w.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func (w *world) setHealth(image string, status int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.health[image] = status
}

// commit changes main.tf with edit and commits it on main.
func (w *world) commit(msg string, edit func(src string) string) string {
	w.t.Helper()
	p := filepath.Join(w.repo, root, "main.tf")
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, []byte(edit(string(b))), 0o644); err != nil {
		w.t.Fatal(err)
	}
	w.git("commit", "-qam", msg)
	return w.git("rev-parse", "HEAD")
}

func image(id string) func(string) string {
	return func(src string) string {
		i := strings.Index(src, `default = "img-`)
		j := strings.Index(src[i+len(`default = "`):], `"`)
		return src[:i] + `default = "` + id + `"` + src[i+len(`default = "`)+j+1:]
	}
}

func (w *world) planRequest() review.PlanRequest {
	return review.PlanRequest{
		Root: root, Checkout: w.repo, Settings: tf.Settings{Vars: []tf.Var{{Name: "health_base", Value: w.hsrv.URL}},
			BackendConfig: []string{"path=" + w.state}, LockTimeout: 30 * time.Second},
		PlanDir: filepath.Join(w.t.TempDir(), "plan"), RunURL: "https://github.example/acme/infra/actions/runs/1",
	}
}

// review plans the checkout as a PR would and posts the sticky comment; the
// PR is then merged as the current HEAD.
// deployReviewedHead reviews the checkout's head and deploys it, the known
// good deployment most tests start from; it returns the head's SHA.
func (w *world) deployReviewedHead() string {
	w.t.Helper()
	w.review()
	sha := w.git("rev-parse", "HEAD")
	if _, log, err := w.deploy(sha); err != nil {
		w.t.Fatalf("%v\n%s", err, log)
	}
	return sha
}

func (w *world) review() int {
	w.t.Helper()
	ctx := context.Background()
	pr := w.nextPR
	w.nextPR++
	head := w.git("rev-parse", "HEAD")
	p := w.planRequest()
	p.HeadSHA = head
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

func (w *world) deploy(sha string, edit ...func(*deploy.Request)) (*deploy.Result, string, error) {
	w.t.Helper()
	var log strings.Builder
	req := deploy.Request{
		Plan: w.planRequest(), Owner: owner, Repo: repo, SHA: sha, BaseRef: "main", Environment: "production",
		RequireReviewed: true, AutoRevert: true, Checkout: w.repo,
		Health: health.Options{MinHealthy: 200 * time.Millisecond, Deadline: 2 * time.Second, Interval: 20 * time.Millisecond},
		Logf:   func(f string, a ...any) { log.WriteString(strings.TrimSpace(fmt.Sprintf(f, a...)) + "\n") },
	}
	req.Plan.Log = &log
	for _, e := range edit {
		e(&req)
	}
	res, err := deploy.Run(context.Background(), w.gh, req)
	return res, log.String(), err
}

func (w *world) stickyBody(pr int) string {
	for _, c := range w.srv.Comments(owner, repo, pr) {
		if strings.HasPrefix(c.GetBody(), "<!-- repave:plan") && c.GetUser().GetLogin() == bot {
			return c.GetBody()
		}
	}
	return ""
}

func (w *world) states() []string {
	var out []string
	for _, d := range w.srv.Deployments(owner, repo) {
		out = append(out, d.SHA[:7]+":"+d.State())
	}
	return out
}

func TestMatchingPlanIsAppliedAndRecorded(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	pr := w.review()
	sha := w.git("rev-parse", "HEAD")
	res, log, err := w.deploy(sha)
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	if !res.Applied || res.Reverted || res.DeploymentID == 0 || res.PR != pr {
		t.Errorf("result = %+v", res)
	}
	deps := w.srv.Deployments(owner, repo)
	if len(deps) != 1 || deps[0].SHA != sha || deps[0].State() != "success" || deps[0].Payload["root"] != root ||
		deps[0].Statuses[0].State != "in_progress" || deps[0].Statuses[0].LogURL == "" {
		t.Errorf("deployments = %+v", deps)
	}
	if body := w.stickyBody(pr); !strings.Contains(body, "**Applied** to `production`") {
		t.Errorf("the PR comment should be marked applied:\n%.600s", body)
	}
	if !strings.Contains(string(res.Outputs["health_check_urls"]), "/img-1") {
		t.Errorf("outputs = %s", res.Outputs)
	}
	// A re-run of the same job finds nothing to apply and succeeds without a
	// new deployment.
	res, log, err = w.deploy(sha)
	if err != nil || res.Applied || len(w.srv.Deployments(owner, repo)) != 1 || !strings.Contains(log, "No changes") {
		t.Errorf("re-run: %+v, %v, %d deployments\n%s", res, err, len(w.srv.Deployments(owner, repo)), log)
	}
}

func TestPlanChangedAfterReviewIsRefused(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	reviewed := w.git("rev-parse", "HEAD")
	pr := w.review() // reviewed: create 2 instances of img-1
	// The merge commit of PR pr (whose final head is the reviewed commit)
	// brings more: main moved on to img-2 in between.
	sha := w.commit("bump to img-2 after review", image("img-2"))
	w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: reviewed, Merged: true, MergeCommitSHA: sha})
	res, log, err := w.deploy(sha)
	var pc *deploy.PlanChangedError
	if !errors.As(err, &pc) {
		t.Fatalf("want PlanChangedError, got %v\n%s", err, log)
	}
	if res.Applied || len(w.srv.Deployments(owner, repo)) != 0 {
		t.Error("nothing may be applied or recorded when the plan changed")
	}
	// Both instances were reviewed as create; the same addresses are still created
	// but with other values: the message says so instead of listing nothing.
	if !strings.Contains(err.Error(), "changed since it was reviewed on pull request #1") {
		t.Errorf("error = %v", err)
	}
	if body := w.stickyBody(pr); !strings.Contains(body, "Not applied: plan changed") {
		t.Errorf("the PR comment should say not applied:\n%.600s", body)
	}
}

func TestPlanChangedNamesResourcesWhoseActionDiffers(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.deployReviewedHead()
	pr := w.nextPR
	reviewed := w.commit("img-2", image("img-2"))
	w.review() // reviewed: replace web[0], web[1]
	sha := w.commit("and one instance fewer", func(s string) string { return strings.Replace(s, "count            = 2", "count            = 1", 1) })
	w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: reviewed, Merged: true, MergeCommitSHA: sha})
	_, log, err := w.deploy(sha)
	var pc *deploy.PlanChangedError
	if !errors.As(err, &pc) {
		t.Fatalf("want PlanChangedError, got %v\n%s", err, log)
	}
	want := []plan.ActionDiff{{Address: "terraform_data.web[1]", Reviewed: "replace", Now: "delete"}}
	if len(pc.Changed) != 1 || pc.Changed[0].Address != want[0].Address || pc.Changed[0].Reviewed != want[0].Reviewed ||
		pc.Changed[0].Now != want[0].Now || !strings.Contains(err.Error(), "- terraform_data.web[1]: ") || !strings.Contains(err.Error(), " (replace → delete)") {
		t.Errorf("changed = %+v; error:\n%v", pc.Changed, err)
	}
}

func TestForgedMarkerByAnotherUserIsIgnored(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sha := w.git("rev-parse", "HEAD")
	w.srv.AddToken("ghp_mallory", "mallory")
	w.srv.AddComment(owner, repo, 1, "mallory", "<!-- repave:plan root=infra/web workspace=default fingerprint=deadbeef sha="+sha+" -->\nLGTM")
	w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: 1, HeadSHA: sha, Merged: true, MergeCommitSHA: sha})
	res, _, err := w.deploy(sha)
	if err == nil || !strings.Contains(err.Error(), "has no plan comment for infra/web (workspace default) written by github-actions[bot]") {
		t.Fatalf("want a refusal naming the missing reviewed comment, got %v", err)
	}
	if res.Applied || len(w.srv.Deployments(owner, repo)) != 0 {
		t.Error("a forged comment must not lead to an apply")
	}
}

func TestUnhealthyDeploymentIsRolledBack(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	good := w.deployReviewedHead()
	bad := w.commit("img-2", image("img-2"))
	pr := w.review()
	w.setHealth("img-2", http.StatusServiceUnavailable)
	res, log, err := w.deploy(bad)
	var rv *deploy.RevertedError
	if !errors.As(err, &rv) || rv.Restored != good {
		t.Fatalf("want RevertedError restoring %s, got %v\n%s", good, err, log)
	}
	if !res.Reverted || res.RevertedTo != good || !strings.Contains(err.Error(), "/img-2 did not stay healthy (last answer: 503") {
		t.Errorf("result %+v, error %v", res, err)
	}
	if got := strings.Join(w.states(), " "); got != good[:7]+":inactive "+bad[:7]+":failure "+good[:7]+":success" {
		t.Errorf("deployments = %s", got)
	}
	// The instances run the good image again: a plan of the good commit is empty.
	if !strings.Contains(string(res.Outputs["health_check_urls"]), "/img-1") {
		t.Errorf("outputs after rollback = %s", res.Outputs)
	}
	var prComment, issue bool
	for _, c := range w.srv.Comments(owner, repo, pr) {
		prComment = prComment || strings.Contains(c.GetBody(), "Rolled back to the last good commit `"+good[:12]+"`")
	}
	for _, is := range w.srv.Issues(owner, repo) {
		issue = issue || strings.Contains(is.GetTitle(), "Deployment of infra/web (default) to production failed")
	}
	if !prComment || !issue {
		t.Errorf("want a PR comment (%v) and an issue (%v) saying what failed and what was restored", prComment, issue)
	}
}

func TestFailedApplyIsRolledBack(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	good := w.deployReviewedHead()
	bad := w.commit("a migration that fails at apply time", func(s string) string {
		s = image("img-2")(s)
		return strings.Replace(s, "  triggers_replace = [var.image_id]\n}", "  triggers_replace = [var.image_id]\n  provisioner \"local-exec\" {\n    command = \"echo migration failed >&2; exit 3\"\n  }\n}", 1)
	})
	w.review()
	res, log, err := w.deploy(bad)
	var rv *deploy.RevertedError
	if !errors.As(err, &rv) || rv.Restored != good || !strings.Contains(err.Error(), "terraform apply") {
		t.Fatalf("want the apply error and a rollback to %s, got %v\n%s", good, err, log)
	}
	if res.Applied || !res.Reverted {
		t.Errorf("result = %+v", res)
	}
}

func TestNothingToRevertToSaysSo(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.review()
	w.setHealth("img-1", http.StatusBadGateway)
	_, _, err := w.deploy(w.git("rev-parse", "HEAD"))
	if err == nil || !strings.Contains(err.Error(), "Nothing to roll back to") {
		t.Fatalf("got %v", err)
	}
	if got := strings.Join(w.states(), " "); !strings.HasSuffix(got, ":failure") {
		t.Errorf("deployments = %s", got)
	}
}

func TestManualDispatchDeploysTheGivenRef(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	old := w.git("rev-parse", "HEAD")
	w.commit("img-2", image("img-2"))
	res, log, err := w.deploy(old, func(r *deploy.Request) { r.Manual = true })
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	deps := w.srv.Deployments(owner, repo)
	if !res.Applied || len(deps) != 1 || deps[0].SHA != old || !strings.Contains(string(res.Outputs["health_check_urls"]), "/img-1") {
		t.Errorf("want %s (img-1) deployed from a worktree; result %+v, deployments %+v\n%s", old, res, deps, log)
	}
}

func TestUnreviewedPushIsRefusedUnlessAllowed(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sha := w.git("rev-parse", "HEAD")
	_, _, err := w.deploy(sha)
	if err == nil || !strings.Contains(err.Error(), "is not the merge of a pull request into main") {
		t.Fatalf("got %v", err)
	}
	res, _, err := w.deploy(sha, func(r *deploy.Request) { r.RequireReviewed = false })
	if err != nil || !res.Applied {
		t.Fatalf("with require-reviewed-plan false: %+v, %v", res, err)
	}
}

// tfOutput reads a root output from the shared state.
func (w *world) tfOutput(name string) string {
	w.t.Helper()
	out, err := exec.Command("terraform", "-chdir="+filepath.Join(w.repo, root), "output", "-raw", name).Output()
	if err != nil {
		w.t.Fatalf("terraform output %s: %v", name, err)
	}
	return string(out)
}

func TestSecretEnvReachesTheApplyOnly(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	proof := filepath.Join(t.TempDir(), "seen")
	sha := w.commit("a provisioner that needs a credential", func(s string) string {
		return strings.Replace(s, "  triggers_replace = [var.image_id]\n}", "  triggers_replace = [var.image_id]\n  provisioner \"local-exec\" {\n    command = \"test -n \\\"$DEPLOY_TOKEN\\\" && printf %s \\\"$DEPLOY_TOKEN\\\" > "+proof+"\"\n  }\n}", 1)
	})
	const secret = "vault-issued-0c4f2a"
	res, log, err := w.deploy(sha, func(r *deploy.Request) {
		r.RequireReviewed = false
		r.Plan.Env = map[string]string{"DEPLOY_TOKEN": secret}
		r.Plan.Scrub = func(s string) string { return strings.ReplaceAll(s, secret, "***") }
	})
	if err != nil || !res.Applied {
		t.Fatalf("%v\n%s", err, log)
	}
	if b, _ := os.ReadFile(proof); string(b) != secret {
		t.Errorf("the apply's provisioner saw DEPLOY_TOKEN=%q", b)
	}
	if strings.Contains(log, secret) || os.Getenv("DEPLOY_TOKEN") != "" {
		t.Error("the credential leaked into the log or this process's environment")
	}
}

func TestSecretInATerraformErrorIsScrubbedFromWhatGoesToGitHub(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.deployReviewedHead()
	const secret = "vault-issued-7e1d99"
	bad := w.commit("a provisioner that fails quoting its credential", func(s string) string {
		s = image("img-2")(s)
		return strings.Replace(s, "  triggers_replace = [var.image_id]\n}", "  triggers_replace = [var.image_id]\n  provisioner \"local-exec\" {\n    command = \"echo login failed for token $DEPLOY_TOKEN; exit 1\"\n  }\n}", 1)
	})
	pr := w.review()
	scrub := func(s string) string { return strings.ReplaceAll(s, secret, "***") }
	_, _, err := w.deploy(bad, func(r *deploy.Request) {
		r.Plan.Env = map[string]string{"DEPLOY_TOKEN": secret}
		r.Plan.Scrub, r.Scrub = scrub, scrub
	})
	if err == nil || !strings.Contains(err.Error(), "login failed for token") {
		t.Fatalf("want the apply error, got %v", err)
	}
	var texts []string
	for _, d := range w.srv.Deployments(owner, repo) {
		for _, st := range d.Statuses {
			texts = append(texts, st.Description)
		}
	}
	for _, c := range w.srv.Comments(owner, repo, pr) {
		texts = append(texts, c.GetBody())
	}
	for _, is := range w.srv.Issues(owner, repo) {
		texts = append(texts, is.GetTitle(), is.GetBody())
	}
	all := strings.Join(texts, "\n")
	if strings.Contains(all, secret) {
		t.Fatal("the credential quoted by Terraform's error reached a deployment status, comment or issue")
	}
	if !strings.Contains(all, "login failed for token ***") {
		t.Errorf("the error should still be reported, scrubbed:\n%s", all)
	}
}
