package gh_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

func TestReviewsAreListedInOrderAcrossPages(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: 3, HeadSHA: "h"})
	for i := 0; i < 130; i++ {
		srv.AddReview(owner, repo, 3, ghtest.Review{User: fmt.Sprintf("u%d", i), State: "COMMENTED", CommitID: "h"})
	}
	srv.AddReview(owner, repo, 3, ghtest.Review{User: "alice", State: "APPROVED", CommitID: "h"})
	c, _ := newClient(t, srv, actionsToken)
	list, err := c.Reviews(context.Background(), owner, repo, 3)
	if err != nil || len(list) != 131 {
		t.Fatalf("%d reviews, %v", len(list), err)
	}
	if last := list[130]; last.GetUser().GetLogin() != "alice" || last.GetState() != "APPROVED" || last.GetCommitID() != "h" {
		t.Errorf("last review = %+v", last)
	}
	if srv.Count("GET", "/pulls/3/reviews") != 2 {
		t.Errorf("want 2 pages")
	}
}
