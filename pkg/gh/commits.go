package gh

import (
	"context"
	"fmt"

	"github.com/google/go-github/v60/github"
)

// MergedPullRequest returns the pull request that brought commit sha to base:
// among the pull requests GitHub associates with the commit
// (ListPullRequestsWithCommit, which knows merge, squash and rebase commits,
// unlike merge_commit_sha, which can be null), the merged one into base whose
// merge commit is sha, else the merged one into base, else nil.
func (c *Client) MergedPullRequest(ctx context.Context, owner, repo, sha, base string) (*github.PullRequest, error) {
	var candidates []*github.PullRequest
	opt := &github.ListOptions{PerPage: 100}
	for {
		prs, resp, err := c.GH.PullRequests.ListPullRequestsWithCommit(ctx, owner, repo, sha, opt)
		if err != nil {
			return nil, c.wrap(fmt.Sprintf("list the pull requests of commit %.12s in %s/%s", sha, owner, repo),
				subject{kind: "commit", owner: owner, repo: repo, perm: "pull-requests"}, err)
		}
		candidates = append(candidates, prs...)
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	var merged *github.PullRequest
	for _, pr := range candidates {
		if pr.MergedAt == nil || (base != "" && pr.GetBase().GetRef() != base) {
			continue
		}
		if pr.GetMergeCommitSHA() == sha {
			return pr, nil
		}
		if merged == nil {
			merged = pr
		}
	}
	return merged, nil
}
