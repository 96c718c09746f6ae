package deploy

import (
	"context"
	"fmt"
	"strings"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/review"
)

// ToolChangedError: the merged commit was planned by another tool, or
// another version of it, than the plan reviewers saw. The same
// configuration can plan differently (and write state another version
// cannot read), so the reviewed plan does not vouch for this one.
type ToolChangedError struct {
	Root, Workspace             string
	PR                          int
	ReviewedTool, NowTool       string
	ReviewedVersion, NowVersion string
}

func (e *ToolChangedError) Error() string {
	return fmt.Sprintf("not applied: the plan of %s (workspace %s) reviewed on pull request #%d was made by %s %s, but this run planned with %s %s. "+
		"Install the version the root asks for in both jobs (a .terraform-version or .opentofu-version file, or the `tool` input and setup-terraform/setup-opentofu), then re-run the plan so reviewers see what this tool will do.",
		e.Root, e.Workspace, e.PR, plan.ToolName(e.ReviewedTool), e.ReviewedVersion, plan.ToolName(e.NowTool), e.NowVersion)
}

// engineOf names the tool and version of a plan, and says it in the log
// line of every run: "OpenTofu 1.10.7".
func engineOf(out *review.PlanResult) string {
	return strings.TrimSpace(plan.ToolName(out.Result.Tool) + " " + out.Result.TerraformVersion)
}

// checkTool refuses to apply when the reviewed comment says another tool or
// version made the plan, and marks the comment "not applied". A comment of
// an older repave names no tool: only its fingerprint is compared.
//
// The marker is the comment's, which anyone with write access can edit: this
// check guards against a plan job and an apply job installing different
// engines, not against an edit (the fingerprint and the rendered comment are
// what bind the apply to the review).
func (rp *reviewedPlan) checkTool(ctx context.Context, c *gh.Client, req *Request, out *review.PlanResult) error {
	if rp.rev == nil || rp.rev.Marker.Tool == "" {
		return nil
	}
	m := rp.rev.Marker
	now, nowVersion := out.Result.Tool, out.Result.TerraformVersion
	if now == "" {
		now = "terraform"
	}
	if m.Tool == now && (m.Version == "" || m.Version == nowVersion) {
		return nil
	}
	e := &ToolChangedError{Root: req.root(), Workspace: req.workspace(), PR: rp.pr,
		ReviewedTool: m.Tool, ReviewedVersion: m.Version, NowTool: now, NowVersion: nowVersion}
	rp.mark(ctx, c, req, fmt.Sprintf("**Not applied: tool changed.** Reviewed with %s %s, the merged commit %.12s was planned with %s %s (%s).",
		plan.ToolName(m.Tool), m.Version, req.SHA, plan.ToolName(now), nowVersion, link(req.Plan.RunURL)))
	return e
}
