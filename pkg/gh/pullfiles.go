package gh

import (
	"context"
	"fmt"

	"github.com/google/go-github/v60/github"
)

// MaxPullRequestFiles is the most files GitHub lists for one pull request
// (GET /repos/{owner}/{repo}/pulls/{number}/files): past it the list is cut
// without notice.
const MaxPullRequestFiles = 3000

// TooManyFilesError is returned when a pull request's file list reached
// GitHub's limit, so the files past it are unknown.
type TooManyFilesError struct {
	Owner, Repo string
	Number      int
}

// Error says why the list is incomplete and how to get the changes anyway.
func (e *TooManyFilesError) Error() string {
	return fmt.Sprintf("pull request #%d of %s/%s changes at least %d files, the most GitHub lists for a pull request, "+
		"so the changed files are not all known: check out the history with `actions/checkout` `fetch-depth: 0` "+
		"so that they come from git instead", e.Number, e.Owner, e.Repo, MaxPullRequestFiles)
}

// PullRequestFiles returns the paths a pull request changes, reading every
// page of its file list (100 per page). A renamed file gives both its new and
// its previous path. A list at GitHub's limit of MaxPullRequestFiles is a
// *TooManyFilesError.
func (c *Client) PullRequestFiles(ctx context.Context, owner, repo string, number int) ([]string, error) {
	var paths []string
	entries := 0
	opts := &github.ListOptions{PerPage: 100}
	for {
		files, resp, err := c.GH.PullRequests.ListFiles(ctx, owner, repo, number, opts)
		if err != nil {
			return nil, c.wrap(fmt.Sprintf("list the files of pull request #%d of %s/%s", number, owner, repo),
				subject{kind: "pull request", owner: owner, repo: repo, number: int64(number)}, err)
		}
		for _, f := range files {
			entries++
			paths = append(paths, f.GetFilename())
			if prev := f.GetPreviousFilename(); prev != "" {
				paths = append(paths, prev)
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if entries >= MaxPullRequestFiles {
		return nil, &TooManyFilesError{Owner: owner, Repo: repo, Number: number}
	}
	return paths, nil
}
