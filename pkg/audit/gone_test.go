package audit_test

import (
	"context"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/audit"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

func TestIssuesCloseWhenTheirRootIsGoneAndOnlyThen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := ghtest.New(t)
	srv.AddToken("ghs_actions", gh.ActionsBot)
	client, err := gh.New(gh.Options{Token: "ghs_actions", APIURL: srv.URL, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	target := audit.IssueTarget{Owner: "acme", Repo: "infra", Label: "repave:audit", RunURL: "https://github.com/acme/infra/actions/runs/7"}
	repo := t.TempDir()
	writeFiles(t, repo, map[string]string{"infra/a/main.tf": "", "infra/b/main.tf": "", "infra/old/README.md": "kept for history\n"})

	// A full audit: every root and the repository have findings.
	withHygiene := func(root string) audit.RootReport {
		return audit.RootReport{Root: root, Workspace: "default", Hygiene: []audit.Finding{{Rule: audit.RuleSecret, Severity: "error", File: "x.tf", Line: 1, Message: "m"}}}
	}
	full := &audit.Report{Roots: []audit.RootReport{withHygiene("infra/a"), withHygiene("infra/b"), withHygiene("infra/gone"), withHygiene("infra/old"), withHygiene(audit.RepositoryRoot)}}
	numbers := map[string]int{}
	for _, r := range full.Roots {
		res, err := audit.SyncIssue(ctx, client, target, r)
		if err != nil || res.Action != audit.IssueOpened {
			t.Fatalf("%s: %v %v", r.Root, res, err)
		}
		numbers[r.Root] = res.Number
	}
	forged := srv.AddIssue("acme", "infra", "mallory", "look-alike", "<!-- repave:audit root=infra/gone2 workspace=default digest=x -->", "repave:audit")

	// infra/gone and infra/old lost their configuration; this run audits infra/a only.
	subset := &audit.Report{Roots: []audit.RootReport{withHygiene("infra/a"), {Root: audit.RepositoryRoot, Workspace: "default"}}}
	for _, r := range subset.Roots {
		if _, err := audit.SyncIssue(ctx, client, target, r); err != nil {
			t.Fatal(err)
		}
	}
	gone, err := audit.CloseGoneRoots(ctx, client, target, subset, repo)
	if err != nil {
		t.Fatal(err)
	}
	var closed []string
	for _, g := range gone {
		closed = append(closed, g.Root)
	}
	if strings.Join(closed, ",") != "infra/gone,infra/old" {
		t.Errorf("closed the issues of %v, want infra/gone and infra/old", closed)
	}
	state := func(root string) string { return issue(t, srv, numbers[root]).GetState() }
	for root, want := range map[string]string{"infra/a": "open", "infra/b": "open", "infra/gone": "closed", "infra/old": "closed", audit.RepositoryRoot: "closed"} {
		if got := state(root); got != want {
			t.Errorf("issue of %s is %s, want %s", root, got, want)
		}
	}
	comments := srv.Comments("acme", "infra", numbers["infra/gone"])
	if len(comments) != 1 || !strings.Contains(comments[0].GetBody(), "Root `infra/gone` no longer exists in the repository") ||
		!strings.Contains(comments[0].GetBody(), "actions/runs/7") {
		t.Errorf("the closing note: %v", comments)
	}
	if issue(t, srv, forged).GetState() != "open" {
		t.Error("a look-alike issue by someone else was closed")
	}
	// Run again: nothing more to close, no write.
	writes := srv.Count("POST", "") + srv.Count("PATCH", "")
	if gone, err := audit.CloseGoneRoots(ctx, client, target, subset, repo); err != nil || len(gone) != 0 {
		t.Errorf("second run closed %v (%v)", gone, err)
	}
	if srv.Count("POST", "")+srv.Count("PATCH", "") != writes {
		t.Error("a second run wrote to GitHub")
	}
}
