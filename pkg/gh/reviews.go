package gh

import (
	"context"
	"fmt"

	"github.com/google/go-github/v60/github"
)

// Reviews lists every review of pull request number, oldest first, as GitHub
// returns them (paginated, 100 a page).
func (c *Client) Reviews(ctx context.Context, owner, repo string, number int) ([]*github.PullRequestReview, error) {
	var all []*github.PullRequestReview
	opt := &github.ListOptions{PerPage: 100}
	for {
		page, resp, err := c.GH.PullRequests.ListReviews(ctx, owner, repo, number, opt)
		if err != nil {
			return nil, c.wrap(fmt.Sprintf("list the reviews of pull request #%d of %s/%s", number, owner, repo),
				subject{kind: "pull request", owner: owner, repo: repo, number: int64(number)}, err)
		}
		all = append(all, page...)
		if resp.NextPage == 0 {
			return all, nil
		}
		opt.Page = resp.NextPage
	}
}
