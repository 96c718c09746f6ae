package gh

import (
	"context"
	"fmt"

	"github.com/google/go-github/v60/github"
)

// ListIssues returns the open issues of owner/repo opened by Login() whose
// body satisfies match, oldest first; with label, only those carrying it.
// Pull requests, and issues opened by anyone else, are left out whatever
// their body says.
func (c *Client) ListIssues(ctx context.Context, owner, repo, label string, match func(body string) bool) ([]*github.Issue, error) {
	login, err := c.Login(ctx)
	if err != nil {
		return nil, err
	}
	opts := &github.IssueListByRepoOptions{State: "open", Sort: "created", Direction: "asc",
		ListOptions: github.ListOptions{PerPage: 100}}
	if label != "" {
		opts.Labels = []string{label}
	}
	var out []*github.Issue
	for {
		page, resp, err := c.GH.Issues.ListByRepo(ctx, owner, repo, opts)
		if err != nil {
			return nil, c.wrap(fmt.Sprintf("list the issues of %s/%s", owner, repo),
				subject{kind: "repository issues", owner: owner, repo: repo}, err)
		}
		for _, is := range page {
			if !is.IsPullRequest() && sameLogin(is.GetUser().GetLogin(), login) && match(is.GetBody()) {
				out = append(out, is)
			}
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}
