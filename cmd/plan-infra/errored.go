package main

import (
	"errors"

	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/runner"
	"github.com/repave-dev/repave/pkg/tf"
)

// summarizeErrored writes a failed plan's diagnostics to the job summary, scrubbed:
// Terraform saves no plan file for a plan with errors, so they are all there is to show.
func summarizeErrored(a *runner.Runtime, err error, req review.PlanRequest) {
	var de *tf.DiagnosticsError
	if !errors.As(err, &de) || len(de.Diagnostics) == 0 {
		return
	}
	_ = a.AddSummary(plan.RenderErrored(review.RootName(req.Root), req.Workspace, de.Diagnostics, req.Scrub))
}
