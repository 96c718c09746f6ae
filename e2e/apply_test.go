package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

// TestMergedPullRequestIsAppliedOnPush runs the pull_request workflow (plan +
// sticky comment), merges the PR, then runs the push workflow: apply-on-merge
// must find the reviewed comment, re-plan, apply, record a deployment and
// mark the comment applied.
func TestMergedPullRequestIsAppliedOnPush(t *testing.T) {
	srv := ghtest.New(t, ghtest.WithTLS())
	srv.AddToken(token, bot)
	work := userRepo(t)
	sha := gitOut(t, work, "rev-parse", "HEAD")
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: prNumber, HeadSHA: sha, HeadRef: "feature/new-image"})

	planOut := runAct(t, srv, work, "pull_request", writeEvent(t, sha))
	fp := regexp.MustCompile(`e2e-result changes=true to-add=4 fingerprint=([0-9a-f]{64})`).FindStringSubmatch(planOut)
	if fp == nil {
		t.Fatalf("the pull_request workflow did not plan:\n%s", planOut)
	}
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: prNumber, HeadSHA: sha, Merged: true, MergeCommitSHA: sha, HeadRef: "feature/new-image"})

	out := runAct(t, srv, work, "push", writePush(t, sha))
	m := regexp.MustCompile(`e2e-apply applied=(\S+) deployment=(\d+) fingerprint=(\S+) outputs=(.*)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the push workflow did not report:\n%s", out)
	}
	if m[1] != "true" || m[3] != fp[1] {
		t.Errorf("applied=%s fingerprint=%s; want true and the reviewed %s", m[1], m[3], fp[1])
	}
	var outputs map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(m[4])), &outputs); err != nil || outputs["web_instances"] == nil {
		t.Errorf("outputs-json = %q (%v)", m[4], err)
	}
	deps := srv.Deployments(owner, repo)
	if len(deps) != 1 || deps[0].SHA != sha || deps[0].State() != "success" || deps[0].Payload["fingerprint"] != fp[1] {
		t.Fatalf("deployments = %+v", deps)
	}
	if !strings.Contains(deps[0].Statuses[0].LogURL, "/actions/runs/") {
		t.Errorf("the deployment should link the run, got %q", deps[0].Statuses[0].LogURL)
	}
	var marked bool
	for _, c := range srv.Comments(owner, repo, prNumber) {
		marked = marked || (c.GetUser().GetLogin() == bot && strings.Contains(c.GetBody(), "**Applied** to `production`"))
	}
	if !marked {
		t.Error("the PR's plan comment should be marked applied")
	}
	if strings.Contains(out, "example-only-password") {
		t.Error("a sensitive value reached the log")
	}
}

// writePush writes a push payload for the merge of the PR into main.
func writePush(t *testing.T, sha string) string {
	t.Helper()
	ev := map[string]any{
		"ref": "refs/heads/main", "before": strings.Repeat("0", 40), "after": sha,
		"repository": map[string]any{"id": 1296269, "name": repo, "full_name": owner + "/" + repo,
			"owner": map[string]any{"login": owner, "name": owner}, "default_branch": "main"},
		"pusher":      map[string]any{"name": "dev"},
		"head_commit": map[string]any{"id": sha, "message": "Merge pull request #7"},
	}
	b, _ := json.Marshal(ev)
	p := filepath.Join(t.TempDir(), "push.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
