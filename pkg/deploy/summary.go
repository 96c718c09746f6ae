package deploy

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/repave-dev/repave/pkg/review"

	"github.com/repave-dev/repave/pkg/markdown"
)

// Summary renders the job summary of a deployment: what was applied where,
// the rollout's stages, and runErr (already scrubbed by the caller's
// runtime) when the deployment failed.
func Summary(req Request, res *Result, runErr error) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### apply-on-merge: %s (workspace %s) → %s\n\n", markdown.CodeSpan(review.RootName(req.Plan.Root)), markdown.CodeSpan(req.Plan.Workspace), markdown.CodeSpan(req.Environment))
	fmt.Fprintf(&b, "| | |\n|---|---|\n| Commit | `%.12s` |\n", req.SHA)
	if res.PR > 0 {
		fmt.Fprintf(&b, "| Reviewed on | #%d |\n", res.PR)
	}
	fmt.Fprintf(&b, "| Fingerprint | `%.16s` |\n| Applied | %v |\n| Rolled back | %v |\n", res.Fingerprint, res.Applied, res.Reverted)
	if res.Engine != "" {
		fmt.Fprintf(&b, "| Planned and applied by | %s |\n", res.Engine)
	}
	if res.DeploymentID != 0 {
		fmt.Fprintf(&b, "| Deployment | %d |\n", res.DeploymentID)
	}
	if len(res.Stages) > 0 {
		fmt.Fprintf(&b, "\n#### %s rollout\n\n| # | Stage | Values | Plan | Result | Time |\n|---|---|---|---|---|---|\n", req.Strategy.Kind)
		for i, st := range res.Stages {
			fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %.1fs |\n", i+1, markdown.Cell(markdown.Text(st.Name)), markdown.Cell(markdown.CodeSpan(fmt.Sprint(st.Values))),
				markdown.Cell(markdown.Text(st.Plan)), markdown.Cell(markdown.Text(st.Result)), st.Seconds)
		}
	}
	if res.StagesSkipped != "" {
		fmt.Fprintf(&b, "\n**%s rollout:** no stages; %s.\n", req.Strategy.Kind, res.StagesSkipped)
	}
	if runErr != nil {
		fmt.Fprintf(&b, "\n**Result:** failed\n\n%s", markdown.CodeBlock("", runErr.Error()))
	}
	return b.String()
}

// StagesJSON is the strategy-steps output: the rollout's stages as JSON,
// "[]" when there were none.
func (res *Result) StagesJSON() string {
	if len(res.Stages) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(res.Stages)
	return string(b)
}
