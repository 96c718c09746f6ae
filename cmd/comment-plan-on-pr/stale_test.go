package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

// Plan jobs of quick pushes can finish out of order: the plan of an older
// head must not replace the comment of the newer one.
func TestPlanOlderThanTheHeadLeavesTheCommentAlone(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	first := runAction(t, srv, "pull_request_opened", map[string]string{"plan-dir": planDir(t, "", "img-0003"), "github-token": token})
	if first.Code != 0 {
		t.Fatalf("exit %d:\n%s", first.Code, first.Log)
	}
	before := ours(srv)
	// A new commit was pushed; the plan job of the old head finishes last.
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: "0badc0de00000000000000000000000000000000"})
	stale := runAction(t, srv, "pull_request_opened", map[string]string{"plan-dir": planDir(t, "", "img-0002"), "github-token": token})
	if stale.Code != 0 {
		t.Fatalf("exit %d, want 0:\n%s", stale.Code, stale.Log)
	}
	if !strings.Contains(stale.Log, "::notice") || !strings.Contains(stale.Log, "0badc0de0000") || !strings.Contains(stale.Log, "left as it is") {
		t.Errorf("want a notice naming the new head:\n%s", stale.Log)
	}
	if after := ours(srv); len(after) != 1 || after[0] != before[0] {
		t.Errorf("the comment was changed:\n%v", after)
	}
	if srv.Count("PATCH", "/comments/"+first.Outputs["comment-id"]) != 0 {
		t.Error("the comment was written")
	}
}

// comment-author names the login whose comments are repave's (a GitHub App
// writes as <app-slug>[bot]); others' look-alike comments are not touched.
func TestCommentAuthorNamesTheLoginWhoseCommentsCount(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	const app, appToken = "repave-app[bot]", "ghs_appInstallationToken000000000000"
	srv.AddToken(appToken, app)
	dir := planDir(t, "", "img-0002")
	// A comment with the same marker, by the Actions bot, exists already.
	body := func() string {
		r := runAction(t, srv, "pull_request_opened", map[string]string{"plan-dir": dir, "github-token": token})
		if r.Code != 0 {
			t.Fatalf("exit %d:\n%s", r.Code, r.Log)
		}
		return ours(srv)[0]
	}()
	r := runAction(t, srv, "pull_request_opened", map[string]string{"plan-dir": dir, "github-token": appToken, "comment-author": app})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	var mine int
	for _, c := range srv.Comments(owner, repo, pr) {
		if c.GetUser().GetLogin() == app {
			mine++
		}
	}
	if mine != 1 || len(ours(srv)) != 1 || ours(srv)[0] != body {
		t.Errorf("want one comment by %s and the bot's left alone: %d, %d", app, mine, len(ours(srv)))
	}
	// A second run as the app updates its own comment, not the bot's.
	r = runAction(t, srv, "pull_request_opened", map[string]string{"plan-dir": dir, "github-token": appToken, "comment-author": app})
	if n := len(srv.Comments(owner, repo, pr)); r.Code != 0 || n != 2 {
		t.Errorf("exit %d, %d comments, want 2", r.Code, n)
	}
}

// The posted body is the plan directory's comment.md byte for byte: one
// renderer for the file, the summary and the comment.
func TestPostedBodyIsTheCommentFileAsWritten(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	dir := planDir(t, "", "img-0002")
	r := runAction(t, srv, "pull_request_opened", map[string]string{"plan-dir": dir, "github-token": token})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	want, err := os.ReadFile(filepath.Join(dir, "comment.md"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ours(srv); len(got) != 1 || got[0] != string(want) {
		t.Errorf("posted body differs from comment.md")
	}
	if strings.Contains(string(want), "4242") {
		t.Error("the comment names the run: it would not render the same at apply time")
	}
}
