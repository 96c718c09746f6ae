package gh_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

func auditMatch(root string) func(string) bool {
	return func(body string) bool { return strings.HasPrefix(body, "<!-- repave:audit root="+root+" ") }
}

func TestFindIssueOnlyOursAcrossPagesIncludingClosed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := newServer(t)
	c, _ := newClient(t, srv, actionsToken)
	// A look-alike by a human, then 120 unrelated issues of ours, then ours.
	srv.AddIssue(owner, repo, "mallory", "forged", "<!-- repave:audit root=infra/web -->", "repave:audit")
	for i := range 120 {
		srv.AddIssue(owner, repo, "github-actions[bot]", fmt.Sprintf("other %d", i), "<!-- repave:audit root=other -->", "repave:audit")
	}
	want, err := c.CreateIssue(ctx, owner, repo, "drift in infra/web", "<!-- repave:audit root=infra/web -->\nbody", []string{"repave:audit"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CloseIssue(ctx, owner, repo, want.GetNumber(), "clean now"); err != nil {
		t.Fatal(err)
	}
	got, err := c.FindIssue(ctx, owner, repo, "repave:audit", auditMatch("infra/web"))
	if err != nil {
		t.Fatal(err)
	}
	if got.GetNumber() != want.GetNumber() || got.GetState() != "closed" {
		t.Fatalf("found #%d (%s), want closed #%d", got.GetNumber(), got.GetState(), want.GetNumber())
	}
	if n := srv.Count("GET", "/repos/acme/infra/issues"); n != 2 {
		t.Errorf("listed %d pages, want 2 (100 a page)", n)
	}
	none, err := c.FindIssue(ctx, owner, repo, "repave:audit", auditMatch("infra/db"))
	if err != nil || none != nil {
		t.Errorf("FindIssue for a root without an issue = %v, %v; want nil, nil", none, err)
	}
}

func TestIssueCloseCommentsAndReopenKeepsNumber(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := newServer(t)
	c, _ := newClient(t, srv, patToken)
	is, err := c.CreateIssue(ctx, owner, repo, "t", "b1", []string{"repave:audit"})
	if err != nil {
		t.Fatal(err)
	}
	if is.GetUser().GetLogin() != "alice" || len(is.Labels) != 1 || is.Labels[0].GetName() != "repave:audit" {
		t.Fatalf("created issue = %+v", is)
	}
	closed, err := c.CloseIssue(ctx, owner, repo, is.GetNumber(), "resolved")
	if err != nil {
		t.Fatal(err)
	}
	if closed.GetState() != "closed" || closed.GetStateReason() != "completed" || closed.ClosedAt == nil {
		t.Errorf("closed issue: state %q reason %q closed_at %v", closed.GetState(), closed.GetStateReason(), closed.ClosedAt)
	}
	cm := srv.Comments(owner, repo, is.GetNumber())
	if len(cm) != 1 || cm[0].GetBody() != "resolved" {
		t.Errorf("close comment = %v", cm)
	}
	re, err := c.ReopenIssue(ctx, owner, repo, is.GetNumber(), "b2", []string{"repave:audit", "drift"})
	if err != nil {
		t.Fatal(err)
	}
	if re.GetNumber() != is.GetNumber() || re.GetState() != "open" || re.GetBody() != "b2" || len(re.Labels) != 2 {
		t.Errorf("reopened = #%d %s %q labels %d", re.GetNumber(), re.GetState(), re.GetBody(), len(re.Labels))
	}
}

func TestCreateIssueBodyTooLongAndMissingPermission(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := newServer(t)
	c, _ := newClient(t, srv, actionsToken)
	_, err := c.CreateIssue(ctx, owner, repo, "t", strings.Repeat("x", 70000), nil)
	if err == nil || !strings.Contains(err.Error(), "too long") {
		t.Errorf("over-long body: err = %v", err)
	}
	srv.FailNext("POST", "/repos/acme/infra/issues", 1, ghtest.Fault{Status: 403, Body: `{"message":"Resource not accessible by integration"}`})
	_, err = c.CreateIssue(ctx, owner, repo, "t", "b", nil)
	if err == nil || !strings.Contains(err.Error(), "issues") {
		t.Errorf("403: err = %v", err)
	}
}

func TestUpsertIssueKeepsOneAndReopensIt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := newServer(t)
	c, _ := newClient(t, srv, actionsToken)
	const marker = "<!-- repave:rollback root=infra/web workspace=default sha=abc -->"
	ours := func(b string) bool { return strings.HasPrefix(b, marker+"\n") }
	srv.AddIssue(owner, repo, "mallory", "forged", marker+"\nforged", "repave:rollback")
	first, created, err := c.UpsertIssue(ctx, owner, repo, "repave:rollback", "failed", marker+"\nrun 1", ours)
	if err != nil || !created {
		t.Fatalf("first: %v, created %v", err, created)
	}
	if _, err := c.CloseIssue(ctx, owner, repo, first.GetNumber(), ""); err != nil {
		t.Fatal(err)
	}
	again, created, err := c.UpsertIssue(ctx, owner, repo, "repave:rollback", "failed again", marker+"\nrun 2", ours)
	if err != nil || created || again.GetNumber() != first.GetNumber() || again.GetState() != "open" || again.GetBody() != marker+"\nrun 2" {
		t.Fatalf("second: #%d %s %q, created %v, %v", again.GetNumber(), again.GetState(), again.GetBody(), created, err)
	}
	if n := len(srv.Issues(owner, repo)); n != 2 {
		t.Errorf("%d issues, want the forged one and ours", n)
	}
	if _, _, err := c.UpsertIssue(ctx, owner, repo, "repave:rollback", "x", "no marker", ours); err == nil {
		t.Error("a body that does not match itself must be refused")
	}
}
