package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/review"
)

const queueToken = "ghs_queueToken000000000000000000000000"

// A merge-queue run plans the queued commit and passes only when that plan
// is the one reviewed on the pull request (its final head's comment, same
// fingerprint and rendering): otherwise the queue must not merge it, since
// apply-on-merge would refuse it after the merge.
func TestMergeQueuePlanMustBeTheReviewedOne(t *testing.T) {
	if testing.Short() {
		t.Skip("plans with real terraform several times")
	}
	ctx := context.Background()
	srv := ghtest.New(t)
	srv.AddToken(queueToken, gh.ActionsBot)
	work := t.TempDir()
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "example", "terraform"), filepath.Join(work, "infra", "web"))
	git(t, work, "init", "-q", "-b", "main")
	git(t, work, "add", "-A")
	git(t, work, "commit", "-q", "-m", "web")
	head := git(t, work, "rev-parse", "HEAD")
	srv.AddPull("acme", "infra", ghtest.PullRequest{Number: 12, State: "open", HeadSHA: head, HeadRef: "web", BaseRef: "main", Author: "dev"})

	event := func(name, body string) map[string]string {
		p := filepath.Join(t.TempDir(), "event.json")
		os.WriteFile(p, []byte(body), 0o644)
		return map[string]string{"GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": p, "GITHUB_API_URL": srv.URL}
	}
	inputs := map[string]string{"working-directory": "infra/web", "github-token": queueToken}

	// The pull request's plan, commented as comment-plan-on-pr does.
	pr := runIn(t, work, event("pull_request", fmt.Sprintf(`{"number":12,"pull_request":{"number":12,"head":{"ref":"web","sha":%q,"repo":{"id":1,"full_name":"acme/infra"}},"base":{"ref":"main","sha":%q,"repo":{"id":1,"full_name":"acme/infra"}}},"repository":{"id":1,"full_name":"acme/infra","default_branch":"main"}}`, head, head)), inputs)
	if pr.Code != 0 {
		t.Fatalf("pull request plan: exit %d\n%s", pr.Code, pr.Log)
	}
	client, err := gh.New(gh.Options{Token: queueToken, APIURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := review.Comment(ctx, client, review.CommentRequest{PlanDir: pr.Outputs["plan-dir"], Owner: "acme", Repo: "infra", PR: 12}); err != nil {
		t.Fatal(err)
	}
	comments := len(srv.Comments("acme", "infra", 12))

	queued := "0c3e5a9d1f2b4c6d8e0f1a2b3c4d5e6f7a8b9c0d"
	queue := event("merge_group", fmt.Sprintf(`{"action":"checks_requested","merge_group":{"head_sha":%q,"head_ref":"refs/heads/gh-readonly-queue/main/pr-12-%s","base_sha":%q,"base_ref":"refs/heads/main"},"repository":{"id":1,"full_name":"acme/infra","default_branch":"main"}}`, queued, head, head))

	// The queued commit plans the same: it may merge.
	if r := runIn(t, work, queue, inputs); r.Code != 0 || !strings.Contains(r.Log, "is the one reviewed on pull request #12") {
		t.Fatalf("same plan in the queue: exit %d\n%s", r.Code, r.Log)
	}

	// The base moved under the pull request: the queued plan differs.
	main := filepath.Join(work, "infra", "web", "main.tf")
	src, _ := os.ReadFile(main)
	os.WriteFile(main, []byte(string(src)+"\nresource \"terraform_data\" \"cache\" {}\n"), 0o644)
	r := runIn(t, work, queue, inputs)
	if !r.OneError("merge queue: the queued commit 0c3e5a9d1f2b must not merge, apply-on-merge would refuse it: its plan of infra/web differs from the one reviewed on pull request #12") {
		t.Errorf("changed plan in the queue: exit %d\n%s", r.Code, r.Log)
	}
	os.WriteFile(main, src, 0o644)

	// Commits pushed after the comment: nobody saw their plan.
	srv.SetPullHead("acme", "infra", 12, "1111111111111111111111111111111111111111")
	if r := runIn(t, work, queue, inputs); !r.OneError("the head moved after the last plan") {
		t.Errorf("moved head: exit %d\n%s", r.Code, r.Log)
	}
	if got := len(srv.Comments("acme", "infra", 12)); got != comments {
		t.Errorf("the merge queue wrote comments (%d, want %d): reviewers must keep seeing what they approved", got, comments)
	}
}
