package gh_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/repave-dev/repave/pkg/gh"
)

func TestUpsertCreatesThenUpdatesInPlace(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c, _ := newClient(t, srv, actionsToken)
	_, match := marker("prod")
	ctx := context.Background()

	first, err := c.UpsertComment(ctx, owner, repo, 7, sticky("prod", "v1"), match)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.UpsertComment(ctx, owner, repo, 7, sticky("prod", "v2"), match)
	if err != nil {
		t.Fatal(err)
	}
	got := srv.Comments(owner, repo, 7)
	if len(got) != 1 {
		t.Fatalf("%d comments, want 1", len(got))
	}
	if got[0].GetID() != first.GetID() || second.GetID() != first.GetID() {
		t.Errorf("ids: created %d, updated %d, on the PR %d", first.GetID(), second.GetID(), got[0].GetID())
	}
	if got[0].GetBody() != sticky("prod", "v2") {
		t.Errorf("body = %q", got[0].GetBody())
	}
	if got[0].GetUser().GetLogin() != gh.ActionsBot {
		t.Errorf("author = %q", got[0].GetUser().GetLogin())
	}

	// The same body again: nothing to send.
	patches := srv.Count(http.MethodPatch, "")
	if _, err := c.UpsertComment(ctx, owner, repo, 7, sticky("prod", "v2"), match); err != nil {
		t.Fatal(err)
	}
	if n := srv.Count(http.MethodPatch, ""); n != patches {
		t.Errorf("an identical body was PATCHed")
	}
}

func TestUpsertKeepsOneCommentPerMarker(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c, _ := newClient(t, srv, actionsToken)
	_, matchProd := marker("prod")
	_, matchDev := marker("dev")
	ctx := context.Background()

	for _, root := range []string{"prod", "dev", "prod"} {
		match := matchProd
		if root == "dev" {
			match = matchDev
		}
		if _, err := c.UpsertComment(ctx, owner, repo, 1, sticky(root, "x"), match); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(srv.Comments(owner, repo, 1)); n != 2 {
		t.Errorf("%d comments, want one for prod and one for dev", n)
	}
}

func TestForgedMarkerByAnotherUserIsIgnored(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	forged := sticky("prod", "fingerprint from an attacker")
	forgedID := srv.AddComment(owner, repo, 1, "mallory", forged)
	c, _ := newClient(t, srv, actionsToken)
	_, match := marker("prod")
	ctx := context.Background()

	found, err := c.FindComment(ctx, owner, repo, 1, match)
	if err != nil || found != nil {
		t.Fatalf("FindComment = %v, %v; want nothing (the only match is mallory's)", found, err)
	}
	ours, err := c.UpsertComment(ctx, owner, repo, 1, sticky("prod", "ours"), match)
	if err != nil {
		t.Fatal(err)
	}
	got := srv.Comments(owner, repo, 1)
	if len(got) != 2 || got[0].GetID() != forgedID || got[0].GetBody() != forged {
		t.Fatalf("mallory's comment was touched: %v", got)
	}
	if ours.GetID() == forgedID || got[1].GetID() != ours.GetID() {
		t.Errorf("upserted %d, comments %d and %d", ours.GetID(), got[0].GetID(), got[1].GetID())
	}
	if n := srv.Count(http.MethodPatch, "") + srv.Count(http.MethodDelete, ""); n != 0 {
		t.Errorf("%d PATCH/DELETE requests, want none", n)
	}
}

func TestFindCommentPagesThroughLongThreads(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for i := range 250 {
		srv.AddComment(owner, repo, 1, "bob", fmt.Sprintf("lgtm %d", i))
	}
	oursID := srv.AddComment(owner, repo, 1, gh.ActionsBot, sticky("prod", "on page 3"))
	c, _ := newClient(t, srv, actionsToken)
	_, match := marker("prod")
	ctx := context.Background()

	found, err := c.FindComment(ctx, owner, repo, 1, match)
	if err != nil || found.GetID() != oursID {
		t.Fatalf("FindComment = %v, %v; want comment %d", found, err, oursID)
	}
	if n := srv.Count(http.MethodGet, "/issues/1/comments"); n != 3 {
		t.Errorf("%d pages fetched, want 3 of 100", n)
	}
	for _, r := range srv.Requests() {
		if !strings.Contains(r.Query, "per_page=100") {
			t.Errorf("request %s?%s without per_page=100", r.Path, r.Query)
		}
	}
	if _, err := c.UpsertComment(ctx, owner, repo, 1, sticky("prod", "updated"), match); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Comments(owner, repo, 1)); n != 251 {
		t.Errorf("%d comments, want 251", n)
	}
}

func TestUpsertDeletesDuplicatesKeepingTheOldest(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	oldest := srv.AddComment(owner, repo, 1, gh.ActionsBot, sticky("prod", "a"))
	srv.AddComment(owner, repo, 1, gh.ActionsBot, sticky("prod", "b"))
	other := srv.AddComment(owner, repo, 1, gh.ActionsBot, "thanks for the PR")
	srv.AddComment(owner, repo, 1, gh.ActionsBot, sticky("prod", "c"))
	c, _ := newClient(t, srv, actionsToken)
	_, match := marker("prod")

	kept, err := c.UpsertComment(context.Background(), owner, repo, 1, sticky("prod", "new"), match)
	if err != nil {
		t.Fatal(err)
	}
	got := srv.Comments(owner, repo, 1)
	if len(got) != 2 || got[0].GetID() != oldest || got[1].GetID() != other {
		t.Fatalf("comments after cleanup: %v", got)
	}
	if kept.GetID() != oldest || got[0].GetBody() != sticky("prod", "new") {
		t.Errorf("kept %d with %q", kept.GetID(), got[0].GetBody())
	}
}

// Five runs upsert the sticky comment at once. The stand-in holds their
// creates until all five are inside it, so each has looked for the comment
// and found none before any creates one: every run creates, and the runs
// must still converge to one comment (the look after creating).
func TestConcurrentUpsertsConvergeToOneComment(t *testing.T) {
	t.Parallel()
	const runs = 5
	srv := newServer(t)
	met := srv.Rendezvous(http.MethodPost, "/issues/3/comments", runs)
	_, match := marker("prod")
	ctx := context.Background()

	run := func(round int) {
		var wg sync.WaitGroup
		errs := make([]error, runs)
		for i := range runs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, _ := newClient(t, srv, actionsToken)
				_, errs[i] = c.UpsertComment(ctx, owner, repo, 3, sticky("prod", fmt.Sprintf("round %d run %d", round, i)), match)
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		got := srv.Comments(owner, repo, 3)
		if len(got) != 1 {
			t.Fatalf("round %d: %d comments, want 1", round, len(got))
		}
		if !strings.Contains(got[0].GetBody(), fmt.Sprintf("round %d run ", round)) {
			t.Errorf("round %d: body %q is none of this round's", round, got[0].GetBody())
		}
	}
	run(1)
	if !met() {
		t.Fatal("the creates never overlapped: the race was not exercised")
	}
	if n := srv.Count(http.MethodPost, "/issues/3/comments"); n != runs {
		t.Errorf("%d creates, want %d (one per run)", n, runs)
	}
	run(2) // a rerun updates the one comment
	if n := srv.Count(http.MethodPost, "/issues/3/comments"); n != runs {
		t.Errorf("%d creates after the rerun, want still %d", n, runs)
	}
}

func TestBodyTooLong(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c, _ := newClient(t, srv, actionsToken)
	_, match := marker("prod")
	ctx := context.Background()

	head := sticky("prod", "")
	// GitHub counts characters, not bytes: 65,536 "é" fit.
	fits := head + strings.Repeat("é", gh.MaxCommentBody-len([]rune(head)))
	if _, err := c.UpsertComment(ctx, owner, repo, 1, fits, match); err != nil {
		t.Fatalf("a body of exactly %d characters: %v", gh.MaxCommentBody, err)
	}
	_, err := c.UpsertComment(ctx, owner, repo, 1, fits+"é", match)
	var tl *gh.BodyTooLongError
	if !errors.As(err, &tl) {
		t.Fatalf("error %v is not a *gh.BodyTooLongError", err)
	}
	if tl.Max != 65536 || !strings.Contains(tl.Message, "too long") {
		t.Errorf("BodyTooLongError = %+v", tl)
	}
	if n := srv.Count(http.MethodPatch, ""); n != 1 {
		t.Errorf("%d PATCH requests, want 1 (a 422 is not retried)", n)
	}
}

func TestUpsertRefusesABodyItsMatcherWouldNotFind(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c, _ := newClient(t, srv, actionsToken)
	_, match := marker("prod")
	if _, err := c.UpsertComment(context.Background(), owner, repo, 1, "no marker", match); err == nil {
		t.Fatal("a body without its marker was accepted: every run would add a comment")
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
