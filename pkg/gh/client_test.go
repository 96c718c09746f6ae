package gh_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

func TestEmptyTokenSaysWhatToPass(t *testing.T) {
	t.Parallel()
	_, err := gh.New(gh.Options{APIURL: "https://api.github.com"})
	if err == nil || !strings.Contains(err.Error(), "github-token is empty: pass `github-token: ${{ github.token }}`") {
		t.Fatalf("error = %v", err)
	}
}

func TestBadAPIURL(t *testing.T) {
	t.Parallel()
	_, err := gh.New(gh.Options{Token: "x", APIURL: "ghe.example.com/api/v3"})
	if err == nil || !strings.Contains(err.Error(), "GITHUB_API_URL") {
		t.Fatalf("error = %v", err)
	}
}

// GHES: the API under /api/v3 on a server with its own certificate, as act's
// --github-instance gives it.
func TestGHESOverTLS(t *testing.T) {
	t.Parallel()
	srv := newServer(t, ghtest.WithTLS())
	if !strings.HasPrefix(srv.URL, "https://127.0.0.1:") || !strings.HasSuffix(srv.URL, "/api/v3/") {
		t.Fatalf("URL = %q", srv.URL)
	}
	for _, apiURL := range []string{srv.URL, strings.TrimSuffix(srv.URL, "/")} {
		c, _ := newClient(t, srv, actionsToken, func(o *gh.Options) { o.APIURL = apiURL })
		if got := c.GH.BaseURL.String(); got != srv.URL {
			t.Errorf("BaseURL = %q, want %q", got, srv.URL)
		}
		if got, want := c.GH.UploadURL.String(), srv.Origin+"/api/uploads/"; got != want {
			t.Errorf("UploadURL = %q, want %q", got, want)
		}
		_, match := marker("prod")
		if _, err := c.UpsertComment(context.Background(), owner, repo, 2, sticky("prod", apiURL), match); err != nil {
			t.Fatalf("UpsertComment via %s: %v", apiURL, err)
		}
	}
	if got := srv.Comments(owner, repo, 2); len(got) != 1 || !strings.HasPrefix(got[0].GetURL(), srv.URL) {
		t.Errorf("comments = %v", got)
	}
}

func TestTLSWithoutTrustFails(t *testing.T) {
	t.Parallel()
	srv := newServer(t, ghtest.WithTLS())
	c, _ := newClient(t, srv, actionsToken, func(o *gh.Options) { o.HTTPClient = nil })
	_, match := marker("prod")
	_, err := c.FindComment(context.Background(), owner, repo, 1, match)
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("error = %v, want a certificate error", err)
	}
}

func TestAPIAtTheRoot(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c, _ := newClient(t, srv, actionsToken, func(o *gh.Options) { o.APIURL = srv.Origin })
	_, match := marker("prod")
	if _, err := c.UpsertComment(context.Background(), owner, repo, 1, sticky("prod", "x"), match); err != nil {
		t.Fatal(err)
	}
}

func TestErrorsHaveHintsAndNoToken(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ctx := context.Background()
	_, match := marker("prod")
	tokens := []string{actionsToken, patToken, "ghp_unknownSECRET"}

	cases := []struct {
		name  string
		token string
		setup func()
		call  func(c *gh.Client) error
		want  []string
	}{{
		name:  "token without write permission",
		token: actionsToken,
		setup: func() {
			srv.FailNext(http.MethodPost, "/comments", 1, ghtest.Fault{Status: http.StatusForbidden,
				Body: `{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest","status":"403"}`})
		},
		call: func(c *gh.Client) error {
			_, err := c.UpsertComment(ctx, owner, repo, 1, sticky("prod", "x"), match)
			return err
		},
		want: []string{"POST /repos/acme/infra/issues/1/comments answered 403",
			"the workflow's token lacks a permission: add `permissions: pull-requests: write` (or issues: write)"},
	}, {
		name:  "unknown pull request",
		token: actionsToken,
		call: func(c *gh.Client) error {
			_, err := c.PullRequest(ctx, owner, repo, 9)
			return err
		},
		want: []string{"pull request #9 in acme/infra was not found"},
	}, {
		name:  "bad credentials",
		token: "ghp_unknownSECRET",
		call: func(c *gh.Client) error {
			_, err := c.FindComment(ctx, owner, repo, 1, match)
			return err
		},
		want: []string{"401", "check the `github-token` input"},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { // one after another: a case's fault is on the shared server
			if tc.setup != nil {
				tc.setup()
			}
			c, _ := newClient(t, srv, tc.token)
			err := tc.call(c)
			if err == nil {
				t.Fatal("no error")
			}
			var ae *gh.APIError
			if !errors.As(err, &ae) {
				t.Errorf("error %v is not a *gh.APIError", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			for _, tok := range tokens {
				if strings.Contains(err.Error(), tok) {
					t.Errorf("error %q contains a token", err)
				}
			}
		})
	}
}

func TestPullRequest(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: 4, HeadSHA: "abc123", HeadRef: "bump-web",
		Merged: true, MergeCommitSHA: "def456"})
	c, _ := newClient(t, srv, actionsToken)
	pr, err := c.PullRequest(context.Background(), owner, repo, 4)
	if err != nil {
		t.Fatal(err)
	}
	if pr.GetNumber() != 4 || pr.GetHead().GetSHA() != "abc123" || pr.GetHead().GetRef() != "bump-web" ||
		pr.GetBase().GetRef() != "main" || !pr.GetMerged() || pr.GetMergeCommitSHA() != "def456" || pr.GetState() != "closed" {
		t.Errorf("pull request = %+v", pr)
	}
}
