package main

import (
	"strings"

	"github.com/repave-dev/repave/internal/breakglass"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/runner"
)

// breakGlass plans with the `target` and `replace` inputs: the plan a
// break-glass re-deploy shows before the environment gate, with the
// fingerprint the gated apply-on-merge (same inputs) must match. Planning
// changes nothing, so plan-infra needs no gate; apply-on-merge refuses them
// outside one.
func breakGlass(a *runner.Runtime, req *review.PlanRequest) error {
	bg, err := breakglass.Read(a)
	if err != nil || bg.Empty() {
		return err
	}
	req.Targets, req.Replaces = bg.Targets, bg.Replaces
	a.Warningf("break-glass plan of %s: %s (only these resources; the fingerprint is that of this partial plan)", req.Root, strings.Join(bg.Flags(), " "))
	return nil
}
