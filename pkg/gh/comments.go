package gh

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"

	"github.com/google/go-github/v60/github"
)

// FindComment lists every comment of issue or pull request number (paginated,
// 100 a page) and returns the oldest one written by Login() whose body
// satisfies match; nil, nil when there is none. Comments by anyone else are
// ignored, whatever their body says.
func (c *Client) FindComment(ctx context.Context, owner, repo string, number int, match func(body string) bool) (*github.IssueComment, error) {
	mine, err := c.ourComments(ctx, owner, repo, number, match)
	if err != nil || len(mine) == 0 {
		return nil, err
	}
	return mine[0], nil
}

// UpsertComment keeps exactly one comment of ours matching match on issue or
// pull request number, with body as its text, and returns it.
//
// If one exists, the oldest is updated in place (no request when its body is
// already body) and any other matching comments of ours, duplicates left by an
// earlier race, are deleted. If none exists, one is created; then the comments
// are listed again and, if a concurrent run created one too, the oldest (by
// created_at, then id) is kept, given this body if it is not the one just
// created, and the others are deleted. Every run keeps the same, oldest,
// comment, so concurrent runs converge to exactly one.
//
// body must itself satisfy match (else the next run could not find it and
// would add another comment); it is an error otherwise. A body over GitHub's
// limit fails with a wrapped *BodyTooLongError.
func (c *Client) UpsertComment(ctx context.Context, owner, repo string, number int, body string, match func(body string) bool) (*github.IssueComment, error) {
	if number <= 0 {
		return nil, fmt.Errorf("gh: UpsertComment needs an issue or pull request number, got %d", number)
	}
	if match == nil || !match(body) {
		// Without this, the comment written now would not be found next time,
		// and every run would add one more.
		return nil, errors.New("gh: UpsertComment: the body does not satisfy its own matcher")
	}
	mine, err := c.ourComments(ctx, owner, repo, number, match)
	if err != nil {
		return nil, err
	}
	var created *github.IssueComment
	if len(mine) == 0 {
		created, _, err = c.GH.Issues.CreateComment(ctx, owner, repo, number, &github.IssueComment{Body: github.String(body)})
		if err != nil {
			return nil, c.wrap(fmt.Sprintf("create a comment on %s/%s#%d", owner, repo, number),
				subject{kind: "issue or pull request", owner: owner, repo: repo, number: int64(number), write: true}, err)
		}
		// GitHub's answer names the token's true identity: trust it over the
		// guess (e.g. a GitHub App's ghs_ token writes as "<app>[bot]").
		c.learnLogin(created.GetUser().GetLogin())
		// Look again: a concurrent run may have created one as well.
		mine, err = c.ourComments(ctx, owner, repo, number, match)
		if err != nil {
			return nil, err
		}
		mine = withComment(mine, created)
	}

	keep := mine[0]
	if keep.GetBody() != body {
		updated, err := c.editComment(ctx, owner, repo, number, keep.GetID(), body)
		if err != nil {
			return nil, err
		}
		keep = updated
	}
	for _, dup := range mine[1:] {
		if err := c.deleteComment(ctx, owner, repo, dup.GetID()); err != nil {
			return nil, err
		}
	}
	return keep, nil
}

// ourComments returns the comments of number written by Login() whose body
// satisfies match, oldest first.
func (c *Client) ourComments(ctx context.Context, owner, repo string, number int, match func(string) bool) ([]*github.IssueComment, error) {
	if number <= 0 {
		// number 0 would list the comments of the whole repository.
		return nil, fmt.Errorf("gh: need an issue or pull request number, got %d", number)
	}
	login, err := c.Login(ctx)
	if err != nil {
		return nil, err
	}
	opts := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	var mine []*github.IssueComment
	for {
		page, resp, err := c.GH.Issues.ListComments(ctx, owner, repo, number, opts)
		if err != nil {
			return nil, c.wrap(fmt.Sprintf("list the comments of %s/%s#%d", owner, repo, number),
				subject{kind: "issue or pull request", owner: owner, repo: repo, number: int64(number)}, err)
		}
		for _, ic := range page {
			if sameLogin(ic.GetUser().GetLogin(), login) && match(ic.GetBody()) {
				mine = append(mine, ic)
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	sortOldestFirst(mine)
	return mine, nil
}

// withComment adds created to list if a lagging listing missed it.
func withComment(list []*github.IssueComment, created *github.IssueComment) []*github.IssueComment {
	for _, ic := range list {
		if ic.GetID() == created.GetID() {
			return list
		}
	}
	list = append(list, created)
	sortOldestFirst(list)
	return list
}

func sortOldestFirst(list []*github.IssueComment) {
	sort.SliceStable(list, func(i, j int) bool {
		ti, tj := list[i].GetCreatedAt().Time, list[j].GetCreatedAt().Time
		if !ti.Equal(tj) {
			return ti.Before(tj)
		}
		return list[i].GetID() < list[j].GetID()
	})
}

func (c *Client) editComment(ctx context.Context, owner, repo string, number int, id int64, body string) (*github.IssueComment, error) {
	ic, _, err := c.GH.Issues.EditComment(ctx, owner, repo, id, &github.IssueComment{Body: github.String(body)})
	if err != nil {
		return nil, c.wrap(fmt.Sprintf("update comment %d on %s/%s#%d", id, owner, repo, number),
			subject{kind: "comment", owner: owner, repo: repo, number: id, write: true}, err)
	}
	return ic, nil
}

// deleteComment deletes a duplicate; one already gone (a concurrent run
// deleted it) is fine.
func (c *Client) deleteComment(ctx context.Context, owner, repo string, id int64) error {
	resp, err := c.GH.Issues.DeleteComment(ctx, owner, repo, id)
	if err != nil && resp != nil && resp.StatusCode == http.StatusNotFound {
		return nil
	}
	if err != nil {
		return c.wrap(fmt.Sprintf("delete duplicate comment %d in %s/%s", id, owner, repo),
			subject{kind: "comment", owner: owner, repo: repo, number: id, write: true}, err)
	}
	return nil
}

// EditComment replaces the body of comment id on issue or pull request number
// (for status changes such as "applied" on a sticky comment found earlier).
func (c *Client) EditComment(ctx context.Context, owner, repo string, number int, id int64, body string) (*github.IssueComment, error) {
	return c.editComment(ctx, owner, repo, number, id, body)
}
