package main

import (
	"context"
	"time"

	"github.com/repave-dev/repave/internal/ghclient"
	"github.com/repave-dev/repave/pkg/deploy"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/runner"
)

// sleep is how the GitHub client waits between retries and while GitHub has
// not yet linked a fresh merge commit to its pull request; nil is real time.
// Tests make it instant.
var sleep func(ctx context.Context, d time.Duration) error

// clientOptions are the GitHub client's options: comment-author is the
// login whose plan comments count (a GitHub App writes as <app-slug>[bot]).
func clientOptions(a *runner.Runtime, token string) gh.Options {
	o := ghclient.Options(a, "apply-on-merge", token)
	o.Identity, o.Sleep = a.String("comment-author", ""), sleep
	return o
}

// reviewInputs reads what else the apply is bound to: require-approval.
func reviewInputs(a *runner.Runtime, req *deploy.Request) error {
	var err error
	req.Review.RequireApproval, err = a.Bool("require-approval", false)
	return err
}
