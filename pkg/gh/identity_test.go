package gh_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

func TestLoginOfInstallationTokenNeedsNoRequest(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c, _ := newClient(t, srv, actionsToken)
	_, match := marker("prod")
	ctx := context.Background()

	login, err := c.Login(ctx)
	if err != nil || login != gh.ActionsBot {
		t.Fatalf("Login = %q, %v; want %q", login, err, gh.ActionsBot)
	}
	if _, err := c.UpsertComment(ctx, owner, repo, 1, sticky("prod", "x"), match); err != nil {
		t.Fatal(err)
	}
	if n := srv.Count("", "/user"); n != 0 {
		t.Errorf("GET /user sent %d times for a ghs_ token", n)
	}
}

func TestLoginOfPATAsksOnceAndCaches(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c, _ := newClient(t, srv, patToken)
	_, match := marker("prod")
	ctx := context.Background()

	for range 3 {
		login, err := c.Login(ctx)
		if err != nil || login != "alice" {
			t.Fatalf("Login = %q, %v; want alice", login, err)
		}
	}
	if _, err := c.UpsertComment(ctx, owner, repo, 1, sticky("prod", "x"), match); err != nil {
		t.Fatal(err)
	}
	if n := srv.Count(http.MethodGet, "/user"); n != 1 {
		t.Errorf("GET /user sent %d times, want 1", n)
	}
	if got := srv.Comments(owner, repo, 1)[0].GetUser().GetLogin(); got != "alice" {
		t.Errorf("comment written by %q", got)
	}
}

func TestLoginFallsBackWhenUserIsForbidden(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusForbidden, http.StatusUnauthorized} {
		srv := newServer(t)
		srv.FailNext(http.MethodGet, "/user", 1, ghtest.Fault{Status: status,
			Body: `{"message":"Resource not accessible by personal access token","status":"403"}`})
		c, _ := newClient(t, srv, patToken)
		login, err := c.Login(context.Background())
		if err != nil || login != gh.ActionsBot {
			t.Errorf("%d: Login = %q, %v; want %q and no error", status, login, err, gh.ActionsBot)
		}
	}
}

func TestExplicitIdentityWins(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c, _ := newClient(t, srv, patToken, func(o *gh.Options) { o.Identity = "deploy-app[bot]" })
	login, err := c.Login(context.Background())
	if err != nil || login != "deploy-app[bot]" {
		t.Fatalf("Login = %q, %v", login, err)
	}
	if n := srv.Count("", "/user"); n != 0 {
		t.Errorf("GET /user sent %d times with an explicit identity", n)
	}
}

// A GitHub App's installation token also starts with ghs_ but writes as
// "<app>[bot]". Without Options.Identity the guess is wrong; the author GitHub
// records on the created comment corrects it, so runs still keep one comment.
func TestWrongGuessIsCorrectedByTheCreatedComment(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddToken("ghs_appTOKEN", "deploy-app[bot]")
	_, match := marker("prod")
	ctx := context.Background()

	for i := range 3 {
		c, _ := newClient(t, srv, "ghs_appTOKEN")
		if _, err := c.UpsertComment(ctx, owner, repo, 1, sticky("prod", "run"), match); err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		if login, _ := c.Login(ctx); login != "deploy-app[bot]" {
			t.Errorf("run %d: Login = %q after creating a comment", i, login)
		}
	}
	if got := srv.Comments(owner, repo, 1); len(got) != 1 {
		t.Errorf("%d comments after 3 runs, want 1", len(got))
	}
}
