// Package ghclient builds the GitHub client of an action from its runtime:
// the one place the five commands' client boilerplate lives.
package ghclient

import (
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/runner"
)

// Options are the client options of the action named action with token: the
// runner's API URL (GITHUB_API_URL, for GitHub Enterprise Server) and a user
// agent naming the action. Callers add what else they need (Identity, …).
func Options(a *runner.Runtime, action, token string) gh.Options {
	return gh.Options{Token: token, APIURL: a.Getenv("GITHUB_API_URL"), UserAgent: "repave " + action}
}

// New is gh.New(Options(a, action, token)).
func New(a *runner.Runtime, action, token string) (*gh.Client, error) {
	return gh.New(Options(a, action, token))
}
