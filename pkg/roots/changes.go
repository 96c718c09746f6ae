package roots

import (
	"context"
	"errors"
	"fmt"

	"github.com/repave-dev/repave/pkg/gh"
)

// Source says where the changed files can come from.
type Source struct {
	// Dir is the repository checkout.
	Dir string
	// Base is the commit the change starts from: a pull request's base SHA,
	// or a push's `before`. Empty when unknown.
	Base string
	// Client, Owner, Repo and PR name the pull request whose file list to
	// read when git cannot tell; Client nil or PR 0 when there is none.
	Client      *gh.Client
	Owner, Repo string
	PR          int
}

// Changes are the changed files and where they came from.
type Changes struct {
	// Files are paths relative to the repository root.
	Files []string
	// All is true when the changes are unknown: every root counts as changed.
	All bool
	// From says where Files came from, for the log.
	From string
}

// ChangedFiles asks git when the base commit is in the history, else the pull
// request's file list, else gives up and reports All. Only a failure of the
// GitHub API (or a file list at GitHub's limit) is an error.
func ChangedFiles(ctx context.Context, s Source) (Changes, error) {
	files, gitErr := GitChangedFiles(ctx, s.Dir, s.Base)
	if gitErr == nil {
		return Changes{Files: files, From: fmt.Sprintf("git diff %s...HEAD", s.Base)}, nil
	}
	if !errors.Is(gitErr, ErrNoHistory) {
		return Changes{}, gitErr
	}
	if s.Client != nil && s.PR > 0 {
		files, err := s.Client.PullRequestFiles(ctx, s.Owner, s.Repo, s.PR)
		if err != nil {
			return Changes{}, err
		}
		return Changes{Files: files, From: fmt.Sprintf("the file list of pull request #%d (%v)", s.PR, gitErr)}, nil
	}
	return Changes{All: true, From: fmt.Sprintf("nowhere: %v, and there is no pull request file list to read (not a pull request, or no github-token), so every root counts as changed", gitErr)}, nil
}
