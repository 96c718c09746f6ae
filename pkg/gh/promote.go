package gh

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/go-github/v60/github"
)

// FileChange describes one file commit on a branch: Edit receives the file's
// content on the base branch (nil when it does not exist there) and returns
// the new content, so a change is always made on top of the latest base and
// never overwrites what others committed meanwhile.
type FileChange struct {
	Owner, Repo string
	Path        string // e.g. images/web.json
	Message     string // the commit message
	Edit        func(base []byte) ([]byte, error)
}

// PromotionPR is a pull request that carries one file change from Branch
// into Base.
type PromotionPR struct {
	FileChange
	Base   string // e.g. main
	Branch string // e.g. repave/promote-web-1.4.0
	Title  string
	Body   string
}

// PromotionResult is the pull request opened or updated.
type PromotionResult struct {
	PR *github.PullRequest
	// Created is true when the pull request was opened by this call, false
	// when an open one for the branch was updated.
	Created bool
	// CommitSHA is the branch's head after the change.
	CommitSHA string
}

// OpenPromotion resets Branch to the head of Base, commits the change there
// and opens a pull request, or updates the open one of the branch: running it
// again for the same branch updates, never duplicates.
func (c *Client) OpenPromotion(ctx context.Context, p PromotionPR) (*PromotionResult, error) {
	baseSHA, err := c.branchHead(ctx, p.Owner, p.Repo, p.Base)
	if err != nil {
		return nil, err
	}
	if baseSHA == "" {
		return nil, fmt.Errorf("base branch %q does not exist in %s/%s: check the repository's default branch", p.Base, p.Owner, p.Repo)
	}
	if err := c.resetBranch(ctx, p.Owner, p.Repo, p.Branch, baseSHA); err != nil {
		return nil, err
	}
	sha, err := c.CommitFile(ctx, p.Branch, p.FileChange)
	if err != nil {
		return nil, err
	}
	if sha == "" {
		return nil, fmt.Errorf("%s on %s already holds this change: there is nothing to promote", p.Path, p.Base)
	}
	pr, created, err := c.openOrUpdatePR(ctx, p)
	if err != nil {
		return nil, err
	}
	return &PromotionResult{PR: pr, Created: created, CommitSHA: sha}, nil
}

// CommitFile commits the change to branch through the contents API and
// returns the commit's sha; "" when the file already has that content (no
// commit is made).
func (c *Client) CommitFile(ctx context.Context, branch string, f FileChange) (string, error) {
	old, blob, err := c.fileAt(ctx, f.Owner, f.Repo, branch, f.Path)
	if err != nil {
		return "", err
	}
	content, err := f.Edit(old)
	if err != nil {
		return "", err
	}
	if old != nil && bytes.Equal(old, content) {
		return "", nil
	}
	opts := &github.RepositoryContentFileOptions{Message: github.String(f.Message), Content: content, Branch: github.String(branch)}
	if blob != "" {
		opts.SHA = github.String(blob)
	}
	res, _, err := c.GH.Repositories.UpdateFile(ctx, f.Owner, f.Repo, f.Path, opts)
	if err != nil {
		return "", c.wrap(fmt.Sprintf("commit %s to branch %s of %s/%s", f.Path, branch, f.Owner, f.Repo),
			subject{kind: "repository contents", owner: f.Owner, repo: f.Repo, write: true, perm: "contents"}, err)
	}
	return res.Commit.GetSHA(), nil
}

// File returns the content of path on branch (or at a commit), nil when the
// file or the branch does not exist.
func (c *Client) File(ctx context.Context, owner, repo, branch, path string) ([]byte, error) {
	b, _, err := c.fileAt(ctx, owner, repo, branch, path)
	return b, err
}

// fileAt returns a file's content and blob sha on branch; nil, "" when absent.
func (c *Client) fileAt(ctx context.Context, owner, repo, branch, path string) ([]byte, string, error) {
	fc, _, _, err := c.GH.Repositories.GetContents(ctx, owner, repo, path, &github.RepositoryContentGetOptions{Ref: branch})
	if notFound(err) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", c.wrap(fmt.Sprintf("read %s on branch %s of %s/%s", path, branch, owner, repo),
			subject{kind: "repository contents", owner: owner, repo: repo, perm: "contents"}, err)
	}
	if fc == nil {
		return nil, "", fmt.Errorf("%s on branch %s of %s/%s is a directory, not a file", path, branch, owner, repo)
	}
	s, err := fc.GetContent()
	if err != nil {
		return nil, "", fmt.Errorf("decoding %s from %s/%s: %w", path, owner, repo, err)
	}
	return []byte(s), fc.GetSHA(), nil
}

// branchHead returns the commit a branch points at, "" when it does not exist.
func (c *Client) branchHead(ctx context.Context, owner, repo, branch string) (string, error) {
	ref, _, err := c.GH.Git.GetRef(ctx, owner, repo, "heads/"+branch)
	if notFound(err) {
		return "", nil
	}
	if err != nil {
		return "", c.wrap(fmt.Sprintf("read branch %s of %s/%s", branch, owner, repo),
			subject{kind: "repository contents", owner: owner, repo: repo, perm: "contents"}, err)
	}
	return ref.GetObject().GetSHA(), nil
}

// resetBranch points branch at sha, creating it when missing.
func (c *Client) resetBranch(ctx context.Context, owner, repo, branch, sha string) error {
	cur, err := c.branchHead(ctx, owner, repo, branch)
	if err != nil || cur == sha {
		return err
	}
	ref := &github.Reference{Ref: github.String("refs/heads/" + branch), Object: &github.GitObject{SHA: github.String(sha)}}
	op := "create"
	if cur == "" {
		_, _, err = c.GH.Git.CreateRef(ctx, owner, repo, ref)
	} else {
		op = "reset"
		_, _, err = c.GH.Git.UpdateRef(ctx, owner, repo, ref, true)
	}
	if err != nil {
		return c.wrap(fmt.Sprintf("%s branch %s of %s/%s", op, branch, owner, repo),
			subject{kind: "repository contents", owner: owner, repo: repo, write: true, perm: "contents"}, err)
	}
	return nil
}

// openOrUpdatePR updates the open pull request of p.Branch, or opens one.
func (c *Client) openOrUpdatePR(ctx context.Context, p PromotionPR) (*github.PullRequest, bool, error) {
	sub := subject{kind: "pull request", owner: p.Owner, repo: p.Repo, write: true, perm: "pull-requests"}
	list, _, err := c.GH.PullRequests.List(ctx, p.Owner, p.Repo, &github.PullRequestListOptions{
		State: "open", Head: p.Owner + ":" + p.Branch, Base: p.Base, ListOptions: github.ListOptions{PerPage: 100}})
	if err != nil {
		return nil, false, c.wrap(fmt.Sprintf("list pull requests of %s/%s", p.Owner, p.Repo), sub, err)
	}
	if len(list) > 0 {
		pr, _, err := c.GH.PullRequests.Edit(ctx, p.Owner, p.Repo, list[0].GetNumber(),
			&github.PullRequest{Title: github.String(p.Title), Body: github.String(p.Body)})
		if err != nil {
			sub.number = int64(list[0].GetNumber())
			return nil, false, c.wrap(fmt.Sprintf("update pull request #%d of %s/%s", list[0].GetNumber(), p.Owner, p.Repo), sub, err)
		}
		return pr, false, nil
	}
	pr, _, err := c.GH.PullRequests.Create(ctx, p.Owner, p.Repo, &github.NewPullRequest{
		Title: github.String(p.Title), Head: github.String(p.Branch), Base: github.String(p.Base), Body: github.String(p.Body)})
	if err != nil {
		err = c.wrap(fmt.Sprintf("open a pull request from %s into %s of %s/%s", p.Branch, p.Base, p.Owner, p.Repo), sub, err)
		var ae *APIError
		if errors.As(err, &ae) && ae.Status == http.StatusForbidden {
			ae.Hint += "; also allow it under Settings → Actions → General → \"Allow GitHub Actions to create and approve pull requests\""
		}
		return nil, false, err
	}
	return pr, true, nil
}

func notFound(err error) bool {
	var er *github.ErrorResponse
	return errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusNotFound
}
