package gh

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-github/v60/github"
)

// FindIssue returns the oldest issue (open or closed) of owner/repo opened by
// Login() whose body satisfies match; nil, nil when there is none. When label
// is not empty only issues carrying it are listed (GitHub filters them, which
// keeps the listing short in busy repositories). Pull requests, and issues
// opened by anyone else, are ignored whatever their body says.
func (c *Client) FindIssue(ctx context.Context, owner, repo, label string, match func(body string) bool) (*github.Issue, error) {
	login, err := c.Login(ctx)
	if err != nil {
		return nil, err
	}
	opts := &github.IssueListByRepoOptions{State: "all", Sort: "created", Direction: "asc",
		ListOptions: github.ListOptions{PerPage: 100}}
	if label != "" {
		opts.Labels = []string{label}
	}
	for {
		page, resp, err := c.GH.Issues.ListByRepo(ctx, owner, repo, opts)
		if err != nil {
			return nil, c.wrap(fmt.Sprintf("list the issues of %s/%s", owner, repo),
				subject{kind: "repository issues", owner: owner, repo: repo}, err)
		}
		for _, is := range page {
			if is.IsPullRequest() || !sameLogin(is.GetUser().GetLogin(), login) {
				continue
			}
			if match(is.GetBody()) {
				return is, nil
			}
		}
		if resp.NextPage == 0 {
			return nil, nil
		}
		opts.Page = resp.NextPage
	}
}

// CreateIssue opens an issue with title, body and labels (GitHub creates
// labels that do not exist yet) and returns it. A body over GitHub's limit
// fails with a wrapped *BodyTooLongError.
func (c *Client) CreateIssue(ctx context.Context, owner, repo, title, body string, labels []string) (*github.Issue, error) {
	req := &github.IssueRequest{Title: github.String(title), Body: github.String(body)}
	if len(labels) > 0 {
		req.Labels = &labels
	}
	is, _, err := c.GH.Issues.Create(ctx, owner, repo, req)
	if err != nil {
		return nil, c.wrap(fmt.Sprintf("open an issue in %s/%s", owner, repo),
			subject{kind: "repository issues", owner: owner, repo: repo, write: true}, err)
	}
	c.learnLogin(is.GetUser().GetLogin())
	return is, nil
}

// IssueUpdate is what UpdateIssue changes; nil fields are left as they are.
type IssueUpdate struct {
	Title  *string
	Body   *string
	State  *string   // "open" or "closed"
	Labels *[]string // replaces the issue's labels
}

// UpdateIssue edits issue number (title, body, state, labels) and returns it.
func (c *Client) UpdateIssue(ctx context.Context, owner, repo string, number int, u IssueUpdate) (*github.Issue, error) {
	req := &github.IssueRequest{Title: u.Title, Body: u.Body, State: u.State, Labels: u.Labels}
	is, _, err := c.GH.Issues.Edit(ctx, owner, repo, number, req)
	if err != nil {
		return nil, c.wrap(fmt.Sprintf("update issue #%d in %s/%s", number, owner, repo),
			subject{kind: "issue", owner: owner, repo: repo, number: int64(number), write: true}, err)
	}
	return is, nil
}

// CommentIssue adds a comment to issue number.
func (c *Client) CommentIssue(ctx context.Context, owner, repo string, number int, body string) (*github.IssueComment, error) {
	ic, _, err := c.GH.Issues.CreateComment(ctx, owner, repo, number, &github.IssueComment{Body: github.String(body)})
	if err != nil {
		return nil, c.wrap(fmt.Sprintf("comment on issue #%d in %s/%s", number, owner, repo),
			subject{kind: "issue", owner: owner, repo: repo, number: int64(number), write: true}, err)
	}
	return ic, nil
}

// CloseIssue comments on issue number (when comment is not empty) and closes
// it as completed. An issue already closed is only commented on.
func (c *Client) CloseIssue(ctx context.Context, owner, repo string, number int, comment string) (*github.Issue, error) {
	if strings.TrimSpace(comment) != "" {
		if _, err := c.CommentIssue(ctx, owner, repo, number, comment); err != nil {
			return nil, err
		}
	}
	req := &github.IssueRequest{State: github.String("closed"), StateReason: github.String("completed")}
	is, _, err := c.GH.Issues.Edit(ctx, owner, repo, number, req)
	if err != nil {
		return nil, c.wrap(fmt.Sprintf("close issue #%d in %s/%s", number, owner, repo),
			subject{kind: "issue", owner: owner, repo: repo, number: int64(number), write: true}, err)
	}
	return is, nil
}

// ReopenIssue reopens issue number, giving it body (when not empty) and labels
// (when not nil) in the same request.
func (c *Client) ReopenIssue(ctx context.Context, owner, repo string, number int, body string, labels []string) (*github.Issue, error) {
	u := IssueUpdate{State: github.String("open")}
	if body != "" {
		u.Body = &body
	}
	if labels != nil {
		u.Labels = &labels
	}
	return c.UpdateIssue(ctx, owner, repo, number, u)
}

// UpsertIssue keeps one issue of ours (opened by Login(), carrying label)
// whose body satisfies match: the oldest such issue gets title and body (and
// is reopened when closed); when there is none, one is opened. body must
// satisfy match, or the next call could not find it and would open another.
// It reports whether the issue was created.
func (c *Client) UpsertIssue(ctx context.Context, owner, repo, label, title, body string, match func(body string) bool) (*github.Issue, bool, error) {
	if match == nil || !match(body) {
		return nil, false, fmt.Errorf("gh: UpsertIssue: the body does not satisfy its own matcher")
	}
	is, err := c.FindIssue(ctx, owner, repo, label, match)
	if err != nil {
		return nil, false, err
	}
	if is == nil {
		is, err = c.CreateIssue(ctx, owner, repo, title, body, []string{label})
		return is, err == nil, err
	}
	if is.GetTitle() == title && is.GetBody() == body && is.GetState() == "open" {
		return is, false, nil
	}
	is, err = c.UpdateIssue(ctx, owner, repo, is.GetNumber(), IssueUpdate{Title: &title, Body: &body, State: github.String("open")})
	return is, false, err
}
