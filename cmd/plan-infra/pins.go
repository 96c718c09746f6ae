package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/repave-dev/repave/internal/tfinputs"
	"github.com/repave-dev/repave/pkg/roots"
	"github.com/repave-dev/repave/pkg/runner"
	"github.com/repave-dev/repave/pkg/tf"
)

// pinMatrix gives each one-root job of the matrix the tool and version its
// root asks for (`tool`, `tool-version`: what the reusable workflow
// installs), and adds a job per root the change deletes (`deleted: true`),
// whose plan destroys its state from the base commit's configuration.
func pinMatrix(ctx context.Context, a *runner.Runtime, src roots.Source, p roots.Patterns, ch roots.Changes, res *roots.Result) error {
	set, err := tfinputs.Read(a)
	if err != nil {
		return err
	}
	for i, j := range res.Matrix.Include {
		if j.Root == "" {
			continue // a batch of roots: each root's tool is read when it is planned
		}
		rv, err := roots.ReadVersions(filepath.Join(src.Dir, j.Root))
		if err != nil {
			return fmt.Errorf("root %s: %w", j.Root, err)
		}
		if err := pin(&res.Matrix.Include[i], rv, set); err != nil {
			return err
		}
	}
	if ch.All || src.Base == "" {
		return nil
	}
	deleted, err := roots.DeletedRoots(ctx, src.Dir, src.Base, p)
	if errors.Is(err, roots.ErrNoHistory) {
		a.Warningf("Deleted roots cannot be found without the base commit %.12s (%v): a root this change deletes is not planned, and its resources would be orphaned. Use actions/checkout with fetch-depth: 0.", src.Base, err)
		return nil
	}
	if err != nil {
		return err
	}
	if len(res.Matrix.Include)+len(deleted) > roots.MaxJobs {
		return fmt.Errorf("%d changed and %d deleted roots are more than the %d jobs a matrix may have: split the change", len(res.Matrix.Include), len(deleted), roots.MaxJobs)
	}
	for _, d := range deleted {
		a.Warningf("Root %s is deleted by this change: its plan destroys every resource in its state (from the configuration at %.12s).", d.Root, src.Base)
		j := roots.Job{Root: d.Root, Deleted: true}
		if err := pin(&j, d.Versions, set); err != nil {
			return err
		}
		res.Matrix.Include = append(res.Matrix.Include, j)
		res.Changed = append(res.Changed, d.Root)
	}
	return nil
}

// pin sets the job's tool and version from the root's files and the `tool` input.
func pin(j *roots.Job, rv roots.RootVersions, set tf.Settings) error {
	pv, err := roots.SelectVersion(rv, set.Tool, nil)
	if err != nil {
		return fmt.Errorf("root %s: %w", j.Root, err)
	}
	j.Tool, j.ToolVersion = string(pv.Tool), pv.Version
	return nil
}
