// Command comment-plan-on-pr keeps the one sticky comment of a plan directory
// on its pull request.
package main

import (
	"context"
	"errors"
	"strconv"

	"github.com/repave-dev/repave/internal/ghclient"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/runner"
)

func main() { runner.Main("comment-plan-on-pr", run) }

func run(ctx context.Context, a *runner.Runtime) error {
	req, token, err := inputs(a)
	if err != nil {
		return err
	}
	o := ghclient.Options(a, "comment-plan-on-pr", token)
	o.Identity = a.String("comment-author", "")
	client, err := gh.New(o)
	if err != nil {
		return err
	}
	c, err := review.Comment(ctx, client, req)
	var stale *review.StalePlanError
	if errors.As(err, &stale) {
		a.Annotate(runner.Annotation{Level: "notice", Title: "Plan comment not updated", Message: stale.Error()})
		return nil
	}
	if err != nil {
		return err
	}
	a.Infof("Plan comment on pull request #%d: %s", req.PR, c.GetHTMLURL())
	if err := a.SetOutput("comment-id", strconv.FormatInt(c.GetID(), 10)); err != nil {
		return err
	}
	return a.SetOutput("comment-url", c.GetHTMLURL())
}

func inputs(a *runner.Runtime) (review.CommentRequest, string, error) {
	var req review.CommentRequest
	dir, err := a.Required("plan-dir")
	if err != nil {
		return req, "", err
	}
	token, err := a.Required("github-token")
	if err != nil {
		return req, "", err
	}
	a.Mask(token)
	ev, err := a.Event()
	if err != nil {
		return req, "", err
	}
	pr, err := a.Int("pr-number", ev.PRNumber)
	if err != nil {
		return req, "", err
	}
	if pr <= 0 {
		return req, "", errors.New("no pull request to comment on: this run was triggered by a `" + ev.Name + "` event, not a pull request; run it `on: pull_request`, or set `pr-number:`")
	}
	if ev.Owner == "" || ev.Repo == "" {
		return req, "", errors.New("GITHUB_REPOSITORY is not set: comment-plan-on-pr runs inside GitHub Actions (or set GITHUB_REPOSITORY=owner/name)")
	}
	req = review.CommentRequest{PlanDir: dir, Owner: ev.Owner, Repo: ev.Repo, PR: pr, RunURL: ev.RunURL}
	return req, token, nil
}
