package gh_test

import (
	"context"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

func TestMergedPullRequestWaitsForGitHubToLinkTheCommit(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: 7, HeadSHA: "head7", Merged: true, MergeCommitSHA: "merge7"})
	srv.LagCommitPulls(owner, repo, "merge7", 2)
	c, sl := newClient(t, srv, actionsToken)
	pr, err := c.MergedPullRequest(context.Background(), owner, repo, "merge7", "main")
	if err != nil || pr.GetNumber() != 7 || pr.GetHead().GetSHA() != "head7" {
		t.Fatalf("got #%d (head %s), %v; want #7 at head7", pr.GetNumber(), pr.GetHead().GetSHA(), err)
	}
	if w := sl.all(); len(w) != 2 || w[0] != time.Second || w[1] != 2*time.Second {
		t.Errorf("waits = %v, want 1s then 2s", w)
	}
	// The decision comes from the full pull request, not the listing.
	if srv.Count("GET", "/pulls/7") != 1 {
		t.Errorf("want one GET of the full pull request, requests: %v", srv.Requests())
	}
}

func TestMergedPullRequestGivesUpAfterTheBackoff(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c, sl := newClient(t, srv, actionsToken)
	pr, err := c.MergedPullRequest(context.Background(), owner, repo, "direct-push", "main")
	if err != nil || pr != nil {
		t.Fatalf("got %v, %v; want no pull request", pr, err)
	}
	var total time.Duration
	for _, w := range sl.all() {
		total += w
	}
	if len(sl.all()) != len(gh.AssociationBackoff) || total > time.Minute {
		t.Errorf("waits = %v: want the bounded backoff", sl.all())
	}
	if n := srv.Count("GET", "/commits/direct-push/pulls"); n != len(gh.AssociationBackoff)+1 {
		t.Errorf("%d looks, want %d", n, len(gh.AssociationBackoff)+1)
	}
}

func TestMergedPullRequestIgnoresAnOpenPullRequestOfTheCommit(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: 8, HeadSHA: "abc"}) // open, not merged
	c, _ := newClient(t, srv, actionsToken)
	if pr, err := c.MergedPullRequest(context.Background(), owner, repo, "abc", "main"); err != nil || pr != nil {
		t.Fatalf("got #%d, %v; an open pull request is not a merge", pr.GetNumber(), err)
	}
}
