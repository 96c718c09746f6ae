package gh_test

import (
	"context"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

// appendLine is an Edit that adds a line to the base's file.
func appendLine(line string) func([]byte) ([]byte, error) {
	return func(base []byte) ([]byte, error) { return append(append([]byte(nil), base...), line+"\n"...), nil }
}

func promotion(edit func([]byte) ([]byte, error), body string) gh.PromotionPR {
	return gh.PromotionPR{
		FileChange: gh.FileChange{Owner: owner, Repo: repo, Path: "images/web.json", Message: "Promote web 1.4.0 to prod", Edit: edit},
		Base:       "main", Branch: "repave/promote-web-1.4.0", Title: "Promote web 1.4.0 to prod", Body: body,
	}
}

func TestOpenPromotionCreatesBranchCommitAndPR(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetFile(owner, repo, "main", "images/web.json", []byte("v1\n"))
	c, _ := newClient(t, srv, actionsToken)
	ctx := context.Background()

	res, err := c.OpenPromotion(ctx, promotion(appendLine("v2"), "first body"))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || res.PR.GetNumber() == 0 || res.PR.GetHead().GetRef() != "repave/promote-web-1.4.0" || res.PR.GetBase().GetRef() != "main" {
		t.Fatalf("result = %+v", res)
	}
	if !strings.HasPrefix(res.PR.GetHTMLURL(), srv.Origin+"/acme/infra/pull/") {
		t.Errorf("html_url = %s", res.PR.GetHTMLURL())
	}
	got, _ := srv.File(owner, repo, "repave/promote-web-1.4.0", "images/web.json")
	if string(got) != "v1\nv2\n" {
		t.Errorf("branch file = %q", got)
	}
	if main, _ := srv.File(owner, repo, "main", "images/web.json"); string(main) != "v1\n" {
		t.Errorf("main changed: %q", main)
	}
	commits := srv.Commits(owner, repo, "repave/promote-web-1.4.0")
	if len(commits) != 2 || commits[0].Message != "Promote web 1.4.0 to prod" || commits[0].SHA != res.CommitSHA || commits[0].Author != gh.ActionsBot {
		t.Errorf("commits = %+v", commits)
	}

	// main moves on; re-running updates the same PR, rebuilt on the new base.
	srv.SetFile(owner, repo, "main", "images/web.json", []byte("v1\nother\n"))
	res2, err := c.OpenPromotion(ctx, promotion(appendLine("v2"), "second body"))
	if err != nil {
		t.Fatal(err)
	}
	if res2.Created || res2.PR.GetNumber() != res.PR.GetNumber() || res2.PR.GetBody() != "second body" {
		t.Errorf("re-run should update PR #%d, got %+v", res.PR.GetNumber(), res2)
	}
	if pulls := srv.Pulls(owner, repo); len(pulls) != 1 {
		t.Errorf("pulls = %d, want 1", len(pulls))
	}
	got, _ = srv.File(owner, repo, "repave/promote-web-1.4.0", "images/web.json")
	if string(got) != "v1\nother\nv2\n" {
		t.Errorf("branch file after re-run = %q", got)
	}
	if n := len(srv.Commits(owner, repo, "repave/promote-web-1.4.0")); n != 3 {
		t.Errorf("branch should be main plus one commit, has %d commits", n)
	}
}

func TestOpenPromotionCreatesMissingFileAndRefusesNoChange(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetFile(owner, repo, "main", "README.md", []byte("hi\n"))
	c, _ := newClient(t, srv, actionsToken)
	res, err := c.OpenPromotion(context.Background(), promotion(func(base []byte) ([]byte, error) {
		if base != nil {
			t.Errorf("base should be absent, got %q", base)
		}
		return []byte("new\n"), nil
	}, "b"))
	if err != nil || !res.Created {
		t.Fatalf("%+v %v", res, err)
	}
	same := func(base []byte) ([]byte, error) { return []byte("hi\n"), nil }
	p := promotion(same, "b")
	p.Path = "README.md"
	p.Branch = "repave/promote-noop"
	if _, err := c.OpenPromotion(context.Background(), p); err == nil || !strings.Contains(err.Error(), "already holds this change") {
		t.Errorf("err = %v", err)
	}
	if _, err := c.OpenPromotion(context.Background(), gh.PromotionPR{FileChange: p.FileChange, Base: "trunk", Branch: "x", Title: "t"}); err == nil ||
		!strings.Contains(err.Error(), `base branch "trunk" does not exist in acme/infra`) {
		t.Errorf("err = %v", err)
	}
}

func TestCommitFileDirectlyAndRetriesOn5xx(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.SetFile(owner, repo, "main", "images/web.json", []byte("v1\n"))
	c, _ := newClient(t, srv, actionsToken)
	srv.FailNext("PUT", "/contents/images/web.json", 1, ghtest.Fault{Status: 502})
	sha, err := c.CommitFile(context.Background(), "main", gh.FileChange{Owner: owner, Repo: repo, Path: "images/web.json", Message: "Move web@dev to 1.4.0", Edit: appendLine("v2")})
	if err != nil || sha == "" || srv.Branch(owner, repo, "main") != sha {
		t.Fatalf("sha %q, err %v", sha, err)
	}
	if got, _ := srv.File(owner, repo, "main", "images/web.json"); string(got) != "v1\nv2\n" {
		t.Errorf("file = %q", got)
	}
}

func TestOpenPromotionNeedsPermissions(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c, _ := newClient(t, srv, "ghs_unknown")
	_, err := c.OpenPromotion(context.Background(), promotion(appendLine("x"), "b"))
	if err == nil || !strings.Contains(err.Error(), "GitHub rejected the token") {
		t.Errorf("err = %v", err)
	}
}
