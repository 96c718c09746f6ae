package main

import (
	"strings"

	"github.com/repave-dev/repave/pkg/images"
	"github.com/repave-dev/repave/pkg/packer"
	"github.com/repave-dev/repave/pkg/runner"
)

// promoter returns the token that publishes the registry change:
// promotion-token when set, else github-token. GitHub starts no workflow
// for what GITHUB_TOKEN pushes or opens (except workflow_dispatch and
// repository_dispatch), so without a promotion-token a notice says the
// promotion pull request (or commit) will not be planned or applied by
// itself, and how to fix it.
func promoter(a *runner.Runtime, via images.Via, token string) string {
	if p := a.Secret("promotion-token"); p != "" {
		return p
	}
	if via != images.ViaNone {
		what := "pull request"
		if via == images.ViaCommit {
			what = "commit"
		}
		a.Annotate(runner.Annotation{Level: "notice", Title: "Promotion starts no workflows",
			Message: "bake-image publishes the promotion " + what + " with github-token. When that is the workflow's GITHUB_TOKEN (the default), " +
				"GitHub starts no workflow for it, so it is not planned or applied until someone pushes to it. " +
				"Set promotion-token to a GitHub App installation token (actions/create-github-app-token) or a fine-grained PAT with contents and pull-requests write; " +
				"with GITHUB_TOKEN, the repository setting \"Allow GitHub Actions to create and approve pull requests\" must be on."})
	}
	return token
}

// artifactFrom reads artifact-from: builder (default), last, or a builder id.
func artifactFrom(a *runner.Runtime) (string, error) {
	v := a.String("artifact-from", packer.FromBuilder)
	if v == "" || strings.ContainsAny(v, " \t\n,") {
		return "", &runner.InputError{Input: "artifact-from", Value: v, Reason: "is not an artifact choice",
			Want: "builder (the builder's own artifact), last (the last post-processor sequence's) or a builder id such as packer.post-processor.docker-push"}
	}
	return v, nil
}
