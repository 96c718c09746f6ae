package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/repave-dev/repave/internal/breakglass"
	"github.com/repave-dev/repave/pkg/deploy"
	"github.com/repave-dev/repave/pkg/runner"

	"github.com/repave-dev/repave/pkg/markdown"
)

// breakGlass reads the `target` and `replace` inputs into the plan of req,
// refusing them unless this is a workflow_dispatch job behind the
// environment it deploys to (breakglass.Check). A break-glass apply is
// all at once and never rolled back automatically: re-planning the last
// good commit would not undo a -replace, and would touch what -target left
// alone.
func breakGlass(ctx context.Context, a *runner.Runtime, event string, req *deploy.Request) error {
	bg, err := breakglass.Read(a)
	if err != nil || bg.Empty() {
		return err
	}
	if err := breakglass.Check(ctx, bg, event, req.Environment, a.Getenv); err != nil {
		return err
	}
	if k := req.Strategy.Kind; k != "" && k != deploy.AllAtOnce {
		return &runner.InputError{Input: "strategy", Value: k, Reason: "cannot be used with target or replace", Want: deploy.AllAtOnce + " for a break-glass apply"}
	}
	req.Plan.Targets, req.Plan.Replaces = bg.Targets, bg.Replaces
	if req.AutoRevert {
		req.AutoRevert = false
		a.Infof("break-glass: auto-revert is off for a -target/-replace apply")
	}
	a.Warningf("break-glass apply of %s in environment %s: %s", req.Plan.Root, req.Environment, strings.Join(bg.Flags(), " "))
	return nil
}

// breakGlassSummary puts the break-glass flags in the job summary, beside
// the deployment payload's record of them.
func breakGlassSummary(a *runner.Runtime, req deploy.Request) error {
	if len(req.Plan.Targets)+len(req.Plan.Replaces) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### Break-glass apply\n\nEnvironment %s, root %s, with:\n\n", markdown.CodeSpan(req.Environment), markdown.CodeSpan(req.Plan.Root))
	for _, t := range req.Plan.Targets {
		fmt.Fprintf(&b, "- %s\n", markdown.CodeSpan("-target="+t))
	}
	for _, r := range req.Plan.Replaces {
		fmt.Fprintf(&b, "- %s\n", markdown.CodeSpan("-replace="+r))
	}
	b.WriteString("\nRecorded in the deployment's payload (`targets`, `replaces`). No automatic rollback.\n")
	return a.AddSummary(b.String())
}
