package audit

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"
	"github.com/repave-dev/repave/pkg/gh"
)

// IssueAction is what SyncIssue did.
type IssueAction string

// What SyncIssue can do.
const (
	IssueOpened    IssueAction = "opened"
	IssueUpdated   IssueAction = "updated"
	IssueReopened  IssueAction = "reopened"
	IssueClosed    IssueAction = "closed"
	IssueUnchanged IssueAction = "unchanged" // findings as last time: no request
	IssueNone      IssueAction = "none"      // clean and no open issue
	IssueSkipped   IssueAction = "skipped"   // Terraform failed: left as it is
)

// Issues is the part of *gh.Client that SyncIssue uses.
type Issues interface {
	FindIssue(ctx context.Context, owner, repo, label string, match func(string) bool) (*github.Issue, error)
	CreateIssue(ctx context.Context, owner, repo, title, body string, labels []string) (*github.Issue, error)
	UpdateIssue(ctx context.Context, owner, repo string, number int, u gh.IssueUpdate) (*github.Issue, error)
	CloseIssue(ctx context.Context, owner, repo string, number int, comment string) (*github.Issue, error)
}

// IssueTarget says where the issues live.
type IssueTarget struct {
	Owner, Repo, Label, RunURL string
	Sensitive                  []string
}

// IssueResult is the issue of a root after SyncIssue, if any.
type IssueResult struct {
	Action IssueAction
	Number int
	URL    string
}

// SyncIssue keeps the one issue of r: found by its marker among the issues
// the token's identity opened (open or closed), it is opened when findings
// appear, updated when they change, reopened when they come back, closed
// with a comment when the root is clean, and left alone when nothing changed
// since the last run or when Terraform could not check the root.
func SyncIssue(ctx context.Context, c Issues, t IssueTarget, r RootReport) (IssueResult, error) {
	if r.Error != "" {
		return IssueResult{Action: IssueSkipped}, nil
	}
	prefix := markerPrefix(r.Root, r.Workspace)
	is, err := c.FindIssue(ctx, t.Owner, t.Repo, t.Label, func(body string) bool { return strings.HasPrefix(body, prefix) })
	if err != nil {
		return IssueResult{}, err
	}
	res := func(a IssueAction, is *github.Issue) IssueResult {
		return IssueResult{Action: a, Number: is.GetNumber(), URL: is.GetHTMLURL()}
	}
	open := is != nil && is.GetState() == "open"
	if r.Findings() == 0 {
		if !open {
			if is != nil {
				return res(IssueNone, is), nil
			}
			return IssueResult{Action: IssueNone}, nil
		}
		note := "No findings any more: no drift, no manual changes, no hygiene problems. Closing."
		if t.RunURL != "" {
			note = fmt.Sprintf("No findings in %s: no drift, no manual changes, no hygiene problems. Closing.", t.RunURL)
		}
		closed, err := c.CloseIssue(ctx, t.Owner, t.Repo, is.GetNumber(), note)
		if err != nil {
			return IssueResult{}, err
		}
		return res(IssueClosed, closed), nil
	}
	body := IssueBody(r, t.RunURL, t.Sensitive)
	title := Title(r)
	if is == nil {
		created, err := c.CreateIssue(ctx, t.Owner, t.Repo, title, body, labels(nil, t.Label))
		if err != nil {
			return IssueResult{}, err
		}
		return res(IssueOpened, created), nil
	}
	if open && findingsHashOf(is.GetBody()) == r.FindingsHash() {
		return res(IssueUnchanged, is), nil
	}
	u := gh.IssueUpdate{Title: &title, Body: &body}
	if l := labels(is.Labels, t.Label); len(l) != len(is.Labels) {
		u.Labels = &l
	}
	action := IssueUpdated
	if !open {
		state := "open"
		u.State, action = &state, IssueReopened
	}
	updated, err := c.UpdateIssue(ctx, t.Owner, t.Repo, is.GetNumber(), u)
	if err != nil {
		return IssueResult{}, err
	}
	return res(action, updated), nil
}

// labels returns the names of have plus want when it is missing.
func labels(have []*github.Label, want string) []string {
	out := []string{}
	found := false
	for _, l := range have {
		out = append(out, l.GetName())
		found = found || strings.EqualFold(l.GetName(), want)
	}
	if !found && want != "" {
		out = append(out, want)
	}
	return out
}
