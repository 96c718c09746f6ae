package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

// TestEditedCommentAndPostReviewCommitAreRefused runs the pull_request
// workflow (plan + sticky comment), then two pushes that must apply nothing:
// one after another collaborator edited the comment's visible body, one after
// a commit was pushed to the pull request after its plan (changing only a
// sensitive value, so the fingerprint is the same).
func TestEditedCommentAndPostReviewCommitAreRefused(t *testing.T) {
	srv := ghtest.New(t, ghtest.WithTLS())
	srv.AddToken(token, bot)
	srv.AddToken("ghp_mallory", "mallory")
	work := userRepo(t)
	reviewed := gitOut(t, work, "rev-parse", "HEAD")
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: prNumber, HeadSHA: reviewed, HeadRef: "feature/new-image"})
	runAct(t, srv, work, "pull_request", writeEvent(t, reviewed))
	var id int64
	var body string
	for _, c := range srv.Comments(owner, repo, prNumber) {
		if c.GetUser().GetLogin() == bot {
			id, body = c.GetID(), c.GetBody()
		}
	}
	if !strings.Contains(body, "4 to add") {
		t.Fatalf("no plan comment:\n%s", body)
	}

	// 1. The comment's counts line edited by another collaborator.
	mallory, err := gh.New(gh.Options{Token: "ghp_mallory", APIURL: srv.URL, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(body, "4 to add", "0 to add", 1)
	if _, err := mallory.EditComment(context.Background(), owner, repo, prNumber, id, edited); err != nil {
		t.Fatal(err)
	}
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: prNumber, HeadSHA: reviewed, Merged: true, MergeCommitSHA: reviewed, HeadRef: "feature/new-image"})
	out, err := actRun(t, srv, work, "push", writePush(t, reviewed))
	if err == nil || !strings.Contains(out, "was edited, or the plan renders differently") || !strings.Contains(out, "0 to add") {
		t.Errorf("the edited comment should be refused naming the line (act: %v):\n%s", err, tail(out, 40))
	}

	// 2. A commit pushed after the plan, merged: only a sensitive value changes.
	if _, err := mallory.EditComment(context.Background(), owner, repo, prNumber, id, body); err != nil {
		t.Fatal(err)
	}
	head := commitReplacing(t, work, `"example-only-password"`, `"another-example-password"`)
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: prNumber, HeadSHA: head, Merged: true, MergeCommitSHA: head, HeadRef: "feature/new-image"})
	out, err = actRun(t, srv, work, "push", writePush(t, head))
	if err == nil || !strings.Contains(out, "the head moved after the last plan") {
		t.Errorf("the post-review commit should be refused (act: %v):\n%s", err, tail(out, 40))
	}
	if deps := srv.Deployments(owner, repo); len(deps) != 0 {
		t.Errorf("nothing may be applied: %+v", deps)
	}
	if strings.Contains(out, "another-example-password") {
		t.Error("the sensitive value reached the log")
	}
}

// commitReplacing replaces old by new in infra/web/main.tf and commits it.
func commitReplacing(t *testing.T, work, old, new string) string {
	t.Helper()
	p := filepath.Join(work, "infra", "web", "main.tf")
	b, err := os.ReadFile(p)
	if err != nil || !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %s (%v)", p, old, err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	gitOut(t, work, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qam", "another password")
	return gitOut(t, work, "rev-parse", "HEAD")
}
