package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/repave-dev/repave/pkg/audit"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

func findingsReport(size string) audit.RootReport {
	return audit.RootReport{
		Root: "infra/app", Workspace: "default",
		Pending: []audit.ResourceChange{{Address: "terraform_data.web[1]", Actions: []string{"update"},
			Attributes: []audit.AttributeChange{{Path: "input.size", Before: `"` + size + `"`, After: `"small"`}}}},
		Manual: []audit.ManualChange{{Event: audit.Event{ID: "e1", Name: "ModifyInstanceAttribute", Source: "ec2.amazonaws.com",
			Principal: "arn:aws:iam::123456789012:user/alice", Time: time.Date(2026, 11, 23, 10, 2, 11, 0, time.UTC)},
			Console: true, Address: "terraform_data.web[1]"}},
		Hygiene: []audit.Finding{{Rule: audit.RuleSecret, Severity: "error", File: "infra/app/main.tf", Line: 20, Message: "hard-coded secret: \"password\" is set to a literal"}},
	}
}

func TestIssueLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := ghtest.New(t)
	srv.AddToken("ghs_actions", gh.ActionsBot)
	client, err := gh.New(gh.Options{Token: "ghs_actions", APIURL: srv.URL, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	// A human's look-alike issue is never touched.
	forged := srv.AddIssue("acme", "infra", "mallory", "fake", "<!-- repave:audit root=infra/app workspace=default digest=x -->", "repave:audit")
	target := audit.IssueTarget{Owner: "acme", Repo: "infra", Label: "repave:audit", RunURL: "https://github.com/acme/infra/actions/runs/1",
		Sensitive: []string{"operator-secret"}}
	step := func(r audit.RootReport, want audit.IssueAction) audit.IssueResult {
		t.Helper()
		res, err := audit.SyncIssue(ctx, client, target, r)
		if err != nil {
			t.Fatal(err)
		}
		if res.Action != want {
			t.Fatalf("action = %s, want %s", res.Action, want)
		}
		return res
	}

	opened := step(findingsReport("xlarge"), audit.IssueOpened)
	is := issue(t, srv, opened.Number)
	if is.GetUser().GetLogin() != gh.ActionsBot || is.GetState() != "open" || len(is.Labels) != 1 || is.Labels[0].GetName() != "repave:audit" {
		t.Fatalf("opened issue = %+v", is)
	}
	if !strings.HasPrefix(is.GetBody(), "<!-- repave:audit root=infra/app workspace=default digest=") ||
		!strings.Contains(is.GetTitle(), "3 findings") || !strings.Contains(is.GetBody(), "**AWS console**") ||
		!strings.Contains(is.GetBody(), "`infra/app/main.tf` | 20 |") {
		t.Errorf("issue title %q, body:\n%s", is.GetTitle(), is.GetBody())
	}

	writes := func() int { return srv.Count("POST", "") + srv.Count("PATCH", "") }
	before := writes()
	step(findingsReport("xlarge"), audit.IssueUnchanged)
	if writes() != before {
		t.Error("an unchanged audit wrote to GitHub")
	}

	updated := step(findingsReport("huge"), audit.IssueUpdated)
	if updated.Number != opened.Number || !strings.Contains(issue(t, srv, opened.Number).GetBody(), `"huge"`) {
		t.Errorf("update went to #%d, or the body was not updated", updated.Number)
	}

	clean := audit.RootReport{Root: "infra/app", Workspace: "default"}
	step(clean, audit.IssueClosed)
	is = issue(t, srv, opened.Number)
	comments := srv.Comments("acme", "infra", opened.Number)
	if is.GetState() != "closed" || len(comments) != 1 || !strings.Contains(comments[0].GetBody(), "No findings in https://github.com/acme/infra/actions/runs/1") {
		t.Errorf("closed: state %s, comments %v", is.GetState(), comments)
	}
	step(clean, audit.IssueNone)

	reopened := step(findingsReport("xlarge"), audit.IssueReopened)
	if reopened.Number != opened.Number || issue(t, srv, opened.Number).GetState() != "open" {
		t.Errorf("reopened #%d, want #%d open", reopened.Number, opened.Number)
	}

	// Terraform failed: the issue is left as it is, not closed as "clean".
	step(audit.RootReport{Root: "infra/app", Workspace: "default", Error: "init failed"}, audit.IssueSkipped)
	if issue(t, srv, opened.Number).GetState() != "open" {
		t.Error("a failed check closed the issue")
	}
	if f := issue(t, srv, forged); f.GetBody() != "<!-- repave:audit root=infra/app workspace=default digest=x -->" || f.GetState() != "open" {
		t.Error("the look-alike issue by another user was changed")
	}
	if n := len(srv.Issues("acme", "infra")); n != 2 {
		t.Errorf("%d issues, want the forged one and ours", n)
	}
	// Another workspace of the same root has its own issue.
	other := findingsReport("xlarge")
	other.Workspace = "staging"
	if res := step(other, audit.IssueOpened); res.Number == opened.Number {
		t.Error("workspace staging reused default's issue")
	}
}

func issue(t *testing.T, srv *ghtest.Server, n int) *github.Issue {
	t.Helper()
	for _, is := range srv.Issues("acme", "infra") {
		if is.GetNumber() == n {
			return is
		}
	}
	t.Fatalf("no issue #%d", n)
	return nil
}
