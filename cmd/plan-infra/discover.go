package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/repave-dev/repave/internal/ghclient"
	"github.com/repave-dev/repave/internal/imageinputs"
	"github.com/repave-dev/repave/pkg/roots"
	"github.com/repave-dev/repave/pkg/runner"

	"github.com/repave-dev/repave/pkg/markdown"
)

// discover runs instead of a plan when the input `discover` is true: it finds
// the roots the change touches and outputs them as a matrix for the jobs that
// plan them. It reports whether it ran.
func discover(ctx context.Context, a *runner.Runtime) (bool, error) {
	on, err := a.Bool("discover", false)
	if err != nil || !on {
		return false, err
	}
	patterns, src, err := discoverInputs(a)
	if err != nil {
		return true, err
	}
	envs, err := environments(a) // each root's environment in the matrix: environments.go
	if err != nil {
		return true, err
	}
	changes, err := roots.ChangedFiles(ctx, src)
	if err != nil {
		return true, err
	}
	img, err := imageinputs.Read(a)
	if err != nil {
		return true, err
	}
	res, err := roots.Discover(src.Dir, patterns, changes, roots.NewConsumers(img.RegistryDir, img.Refs))
	if err != nil {
		return true, err
	}
	if err := pinMatrix(ctx, a, src, patterns, changes, res); err != nil { // tools, versions, deleted roots: pins.go
		return true, err
	}
	for _, w := range res.Warnings {
		a.Warningf("%s", w)
	}
	a.Infof("Changed files: %d, from %s", len(changes.Files), changes.From)
	a.Infof("Changed roots: %d of %d; matrix of %d jobs", len(res.Changed), len(res.Roots), len(res.Matrix.Include))
	for _, r := range res.Changed {
		a.Infof("  %s", r)
	}
	matrix, err := matrixEnvironments(res.Matrix.JSON(), envs)
	if err != nil {
		return true, err
	}
	if err := a.SetOutput("matrix", matrix); err != nil {
		return true, err
	}
	if err := a.SetOutput("roots", strconv.Itoa(len(res.Changed))); err != nil {
		return true, err
	}
	return true, a.AddSummary(discoverySummary(res, changes))
}

// discoverInputs reads the roots globs and where the changed files come from.
func discoverInputs(a *runner.Runtime) (roots.Patterns, roots.Source, error) {
	patterns, err := roots.ParsePatterns(strings.Split(a.String("roots", "**"), "\n"))
	var pe *roots.PatternError
	if errors.As(err, &pe) {
		return patterns, roots.Source{}, &runner.InputError{Input: "roots", Line: pe.Line, Value: pe.Pattern, Reason: pe.Reason, Want: pe.Want}
	}
	ev, err := a.Event()
	if err != nil {
		return patterns, roots.Source{}, err
	}
	src := roots.Source{Dir: ".", Base: ev.BaseSHA, Owner: ev.Owner, Repo: ev.Repo, PR: ev.PRNumber}
	if token := a.Secret("github-token"); token != "" && ev.PRNumber > 0 {
		src.Client, err = ghclient.New(a, "plan-infra", token)
	}
	return patterns, src, err
}

func discoverySummary(res *roots.Result, ch roots.Changes) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### Changed Terraform roots\n\n%d of %d roots changed (changed files from %s).\n\n", len(res.Changed), len(res.Roots), ch.From)
	for _, r := range res.Changed {
		fmt.Fprintf(&b, "- %s\n", markdown.CodeSpan(r))
	}
	return b.String()
}
