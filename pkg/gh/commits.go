package gh

import (
	"context"
	"fmt"
	"time"

	"github.com/google/go-github/v60/github"
)

// AssociationBackoff is how long MergedPullRequest waits before each new
// look when GitHub links the commit to no pull request yet: right after a
// merge the association can be missing for a few seconds. About half a minute
// in all; Options.Sleep makes it instant in tests.
var AssociationBackoff = []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 15 * time.Second}

// MergedPullRequest returns the pull request that brought commit sha to base,
// as GitHub's full pull request object (GET pulls/{n}: its final head.sha,
// merged_at and merge_commit_sha as GitHub has them now, not the "simple"
// listing's): among the pull requests GitHub associates with the commit
// (commits/{sha}/pulls, which knows merge, squash and rebase commits, unlike
// merge_commit_sha, which can be null), the merged one into base whose merge
// commit is sha, else the merged one into base, else nil.
//
// When GitHub associates no pull request at all with the commit, it looks
// again after each wait of AssociationBackoff before answering nil.
func (c *Client) MergedPullRequest(ctx context.Context, owner, repo, sha, base string) (*github.PullRequest, error) {
	candidates, err := c.commitPulls(ctx, owner, repo, sha)
	for _, wait := range AssociationBackoff {
		if err != nil || len(candidates) > 0 {
			break
		}
		if err = c.sleep(ctx, wait); err != nil {
			return nil, err
		}
		candidates, err = c.commitPulls(ctx, owner, repo, sha)
	}
	if err != nil {
		return nil, err
	}
	var merged *github.PullRequest
	for _, simple := range candidates {
		if base != "" && simple.GetBase().GetRef() != base {
			continue
		}
		pr, err := c.PullRequest(ctx, owner, repo, simple.GetNumber())
		if err != nil {
			return nil, err
		}
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

// commitPulls lists every pull request GitHub associates with sha.
func (c *Client) commitPulls(ctx context.Context, owner, repo, sha string) ([]*github.PullRequest, error) {
	var all []*github.PullRequest
	opt := &github.ListOptions{PerPage: 100}
	for {
		prs, resp, err := c.GH.PullRequests.ListPullRequestsWithCommit(ctx, owner, repo, sha, opt)
		if err != nil {
			return nil, c.wrap(fmt.Sprintf("list the pull requests of commit %.12s in %s/%s", sha, owner, repo),
				subject{kind: "commit", owner: owner, repo: repo, perm: "pull-requests"}, err)
		}
		all = append(all, prs...)
		if resp.NextPage == 0 {
			return all, nil
		}
		opt.Page = resp.NextPage
	}
}
