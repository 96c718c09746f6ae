package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/repave-dev/repave/internal/tfdiag"
	"github.com/repave-dev/repave/pkg/plandir"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/runner"
)

// planBatch plans each root of a matrix job's batch (the input `roots-batch`,
// one root per line) with the same inputs, one plan directory per root. A
// root that fails does not stop the others; the error names every failed
// root. Outputs: plan-dirs (one per line), changes (any root changes), and
// the counts summed over the batch. seal (plan-encryption-recipient) runs on
// each plan directory written.
func planBatch(ctx context.Context, a *runner.Runtime, req review.PlanRequest, batch []string, seal func(plandir.Dir) error) error {
	base := a.Getenv("RUNNER_TEMP")
	if base == "" {
		base = ".repave"
	}
	custom := a.String("plan-dir", "")
	var dirs, failed []string
	changes := false
	var add, change, destroy, replace int
	for _, root := range batch {
		r := req
		r.Root = root
		r.PlanDir = review.DefaultPlanDir(base, root, r.Workspace)
		if custom != "" {
			r.PlanDir = filepath.Join(custom, filepath.Base(r.PlanDir))
		}
		log := a.LogWriter()
		r.Log = log
		var out *review.PlanResult
		err := a.Group(planTitle(r), func() error {
			defer log.Close()
			r, cleanup, err := deletedRoot(ctx, a, r) // destroy.go
			if err != nil {
				return err
			}
			defer cleanup()
			out, err = review.PlanRoot(ctx, r)
			return err
		})
		if err != nil {
			tfdiag.Report(a, err, review.RootName(root))
			a.Warningf("plan of %s failed: %v", root, err)
			failed = append(failed, root)
			continue
		}
		if err := seal(out.Dir); err != nil {
			return err
		}
		c := out.Result.Counts
		add, change, destroy, replace = add+c.Add, change+c.Change, destroy+c.Destroy, replace+c.Replace
		changes = changes || out.Result.Changes
		dirs = append(dirs, out.Dir.Path)
		a.Infof("Plan for %s (workspace %s) by %s: %d to add, %d to change, %d to destroy, %d to replace; fingerprint %s; plan directory %s",
			root, r.Workspace, engine(out.Result), c.Add, c.Change, c.Destroy, c.Replace, out.Result.Fingerprint, out.Dir.Path)
		if err := a.AddSummary(out.Summary); err != nil {
			return err
		}
	}
	outputs := [][2]string{
		{"plan-dirs", strings.Join(dirs, "\n")},
		{"changes", strconv.FormatBool(changes)},
		{"to-add", strconv.Itoa(add)},
		{"to-change", strconv.Itoa(change)},
		{"to-destroy", strconv.Itoa(destroy)},
		{"to-replace", strconv.Itoa(replace)},
	}
	if err := a.SetOutputs(outputs); err != nil {
		return err
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d roots of the batch failed to plan: %s (see the warnings above)", len(failed), len(batch), strings.Join(failed, ", "))
	}
	return nil
}
