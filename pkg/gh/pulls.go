package gh

import (
	"context"
	"fmt"

	"github.com/google/go-github/v60/github"
)

// PullRequest returns pull request number of owner/repo. A 404 names the pull
// request and the repository in its hint.
func (c *Client) PullRequest(ctx context.Context, owner, repo string, number int) (*github.PullRequest, error) {
	pr, _, err := c.GH.PullRequests.Get(ctx, owner, repo, number)
	if err != nil {
		return nil, c.wrap(fmt.Sprintf("get pull request #%d of %s/%s", number, owner, repo),
			subject{kind: "pull request", owner: owner, repo: repo, number: int64(number)}, err)
	}
	return pr, nil
}
