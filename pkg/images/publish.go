package images

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/repave-dev/repave/pkg/gh"
)

// Via is how a recorded version and channel move reach the repository.
type Via string

// The ways to publish a registry change.
const (
	ViaPullRequest Via = "pull-request" // a promotion pull request into the base branch
	ViaCommit      Via = "commit"       // a commit on the current branch
	ViaNone        Via = "none"         // only the file in the checkout
)

// PublishRequest publishes one version (and channel move) of a bucket.
type PublishRequest struct {
	Promotion
	Via         Via
	Owner, Repo string
	// Branch is where ViaCommit commits and ViaPullRequest opens its pull
	// request into.
	Branch string
}

// PublishResult is where the change went.
type PublishResult struct {
	PullRequestURL string
	PullRequest    int
	Created        bool // the pull request was opened now (not updated)
	CommitSHA      string
}

// Publish commits the registry change through the GitHub API (on the latest
// content of the file on the target branch, never overwriting versions
// recorded there meanwhile) or opens or updates the promotion pull request.
func Publish(ctx context.Context, client *gh.Client, req PublishRequest) (*PublishResult, error) {
	if req.Via == ViaNone {
		return &PublishResult{}, nil
	}
	if client == nil {
		return nil, errors.New("publishing the registry change needs a GitHub token: set `github-token` (with contents: write and pull-requests: write), or `promote-via: none`")
	}
	if req.Branch == "" {
		return nil, fmt.Errorf("promote-via %s needs a branch to target; this run is not on a branch: run it on a push or workflow_dispatch of a branch, or use `promote-via: none`", req.Via)
	}
	path := filepath.ToSlash(req.File)
	if req.Via == ViaPullRequest {
		if err := carry(ctx, client, &req, path); err != nil {
			return nil, err
		}
	}
	change := gh.FileChange{Owner: req.Owner, Repo: req.Repo, Path: path, Message: req.Title(),
		Edit: func(base []byte) ([]byte, error) {
			content := base
			for _, m := range req.moves() {
				var err error
				if content, _, err = Record(content, path, req.Bucket, req.Version, m.Channel); err != nil {
					return nil, err
				}
			}
			if len(req.moves()) == 0 {
				c, _, err := Record(content, path, req.Bucket, req.Version, "")
				return c, err
			}
			return content, nil
		}}
	if req.Via == ViaCommit {
		sha, err := client.CommitFile(ctx, req.Branch, change)
		if err != nil {
			return nil, err
		}
		return &PublishResult{CommitSHA: sha}, nil
	}
	res, err := client.OpenPromotion(ctx, gh.PromotionPR{FileChange: change, Base: req.Branch, Branch: req.Promotion.Branch(),
		Title: req.Title(), Body: req.Body()})
	if err != nil {
		return nil, err
	}
	return &PublishResult{PullRequestURL: res.PR.GetHTMLURL(), PullRequest: res.PR.GetNumber(), Created: res.Created, CommitSHA: res.CommitSHA}, nil
}

// carry reads the promotion branch left by an earlier run for the same
// version and keeps the channel moves it made (dev, when this run promotes
// prod), so updating the pull request never drops them. Previous versions
// are read from the base branch's file.
func carry(ctx context.Context, client *gh.Client, req *PublishRequest, path string) error {
	prior, err := client.File(ctx, req.Owner, req.Repo, req.Promotion.Branch(), path)
	if err != nil || prior == nil {
		return err
	}
	branch, err := Parse(prior, req.Promotion.Branch()+":"+path)
	if err != nil {
		return nil // a broken branch is rebuilt from the base
	}
	baseBytes, err := client.File(ctx, req.Owner, req.Repo, req.Branch, path)
	if err != nil {
		return err
	}
	base := New(req.Bucket, path)
	if baseBytes != nil {
		if base, err = Parse(baseBytes, req.Branch+":"+path); err != nil {
			return err
		}
	}
	if req.Channel != "" {
		req.Previous = base.Find(base.Channels[req.Channel])
	}
	for _, ch := range sortedKeys(branch.Channels) {
		if branch.Channels[ch] != req.Version.Version || ch == req.Channel || base.Channels[ch] == req.Version.Version {
			continue
		}
		req.Carried = append(req.Carried, ChannelMove{Channel: ch, Previous: base.Find(base.Channels[ch])})
	}
	return nil
}
