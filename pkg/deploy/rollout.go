package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/plandir"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/tf"

	"github.com/repave-dev/repave/pkg/markdown"
)

// rollout applies the reviewed change in the stages of req.Strategy, each
// planned, applied and health-checked, recording each as an in_progress
// status of deployment dep. A failing stage is undone with one more apply
// (flip the color back, weight back to 0) and the rest is not run.
func rollout(ctx context.Context, c *gh.Client, req *Request, p review.PlanRequest, stages []*Stage, dep int64, res *Result) *failure {
	for _, st := range stages {
		res.Stages = append(res.Stages, st)
		st.Result = "not-run"
	}
	for i, st := range stages {
		st.StartedAt = time.Now().UTC()
		what := fmt.Sprintf("Stage %d/%d: %s", i+1, len(stages), st.Name)
		req.logf("%s %v", what, st.Values)
		if err := req.setStatus(ctx, c, dep, gh.StateInProgress, what); err != nil {
			return &failure{err: err}
		}
		outputs, f := applyValues(ctx, req, p, st, fmt.Sprintf("stage-%d", i+1), st.urls...)
		st.Seconds = time.Since(st.StartedAt).Seconds()
		if outputs != nil {
			res.Outputs = outputs
		}
		if f == nil {
			st.Result = "success"
			continue
		}
		st.Result, st.Error = "failure", f.Error()
		f.err = fmt.Errorf("%s failed: %w", what, f.err)
		undo(ctx, req, p, st, res)
		return f
	}
	return nil
}

// stagesFor derives the stages of req's strategy from the reviewed final
// plan in out's plan directory. It returns none when the strategy is all at
// once, or when the change moves no traffic: then the reason is logged and
// kept in res.StagesSkipped for the job summary.
func (req *Request) stagesFor(out *review.PlanResult, res *Result) ([]*Stage, error) {
	if req.Strategy.Kind == "" || req.Strategy.Kind == AllAtOnce {
		return nil, nil
	}
	stages, why, err := req.Strategy.stagesOf(out)
	if err != nil || why == "" {
		return stages, err
	}
	res.StagesSkipped = why
	req.logf("Strategy %s: no stages, %s.", req.Strategy.Kind, why)
	return nil, nil
}

// stagesOf derives the stages from the reviewed final plan in out's plan
// directory, or says why there are none.
func (s Strategy) stagesOf(out *review.PlanResult) ([]*Stage, string, error) {
	b, err := os.ReadFile(out.Dir.File(plandir.PlanJSON))
	if err != nil {
		return nil, "", err
	}
	fp, err := plan.Parse(b)
	if err != nil {
		return nil, "", err
	}
	return s.stages(fp)
}

// applyValues plans the root with values overriding its variables, applies
// that plan and checks the URLs of the named outputs.
func applyValues(ctx context.Context, req *Request, p review.PlanRequest, st *Stage, dir string, urlOutputs ...string) (map[string]json.RawMessage, *failure) {
	sp := p
	sp.Vars = append(append([]tf.Var{}, p.Vars...), varsOf(st.Values)...)
	sp.PlanDir = filepath.Join(p.PlanDir, dir)
	out, err := review.PlanRoot(ctx, sp)
	if err != nil {
		return nil, &failure{err: err}
	}
	c := out.Result.Counts
	st.Plan = fmt.Sprintf("%d to add, %d to change, %d to destroy, %d to replace", c.Add, c.Change, c.Destroy, c.Replace)
	req.logf("  plan: %s", st.Plan)
	return applyAndCheckURLs(ctx, req, sp, out, urlOutputs...)
}

// undo restores the values before a failed stage with one more apply.
func undo(ctx context.Context, req *Request, p review.PlanRequest, failed *Stage, res *Result) {
	if failed.restore == nil {
		req.logf("Traffic never moved to the new version; nothing to undo.")
		return
	}
	st := &Stage{Name: "restore after: " + failed.Name, Values: failed.restore, StartedAt: time.Now().UTC()}
	res.Stages = append(res.Stages, st)
	req.logf("Restoring %v", st.Values)
	quiet := *req
	quiet.HealthURLs = nil // undoing is not gated on health: it puts back what ran before
	outputs, f := applyValues(ctx, &quiet, p, st, "restore")
	st.Seconds = time.Since(st.StartedAt).Seconds()
	if outputs != nil {
		res.Outputs = outputs
	}
	if f != nil {
		st.Result, st.Error = "failure", f.Error()
		req.logf("Restore failed: %v", f)
		return
	}
	st.Result = "restored"
}

func varsOf(values map[string]string) []tf.Var {
	var out []tf.Var
	for _, k := range slices.Sorted(maps.Keys(values)) {
		out = append(out, tf.Var{Name: k, Value: values[k]})
	}
	return out
}

// staged runs a blue-green or canary rollout of the reviewed plan and records
// its outcome: the deployment, the PR comment, and on failure a report.
func staged(ctx context.Context, c *gh.Client, req *Request, rev *reviewedPlan, p review.PlanRequest, stages []*Stage, res *Result) (*Result, error) {
	f := rollout(ctx, c, req, p, stages, res.DeploymentID, res)
	if f == nil {
		res.Applied = true
		if err := finish(ctx, c, req, res.DeploymentID, fmt.Sprintf("Rolled out %s in %d stages: healthy", req.Strategy.Kind, len(res.Stages))); err != nil {
			return res, err
		}
		rev.mark(ctx, c, req, fmt.Sprintf("**Applied** to %s (%s, %d stages) at %s in %s.", markdown.CodeSpan(req.Environment), req.Strategy.Kind, len(res.Stages), time.Now().UTC().Format(time.RFC3339), link(req.Plan.RunURL)))
		return res, nil
	}
	res.Applied = f.applied
	if err := req.setStatus(ctx, c, res.DeploymentID, gh.StateFailure, f.Error()); err != nil {
		req.logf("Could not mark deployment %d failed: %v", res.DeploymentID, err)
	}
	rev.mark(ctx, c, req, fmt.Sprintf("**Failed** during the %s rollout: %s (%s).", req.Strategy.Kind, markdown.Text(f.Error()), link(req.Plan.RunURL)))
	title := fmt.Sprintf("%s rollout of %s (%s) to %s failed at %.12s", req.Strategy.Kind, req.root(), req.workspace(), req.Environment, req.SHA)
	var b strings.Builder
	fmt.Fprintf(&b, "### ⏪ %s\n\n| Stage | Values | Result |\n|---|---|---|\n", markdown.Text(title))
	for _, st := range res.Stages {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", markdown.Cell(markdown.Text(st.Name)), markdown.Cell(markdown.CodeSpan(fmt.Sprint(st.Values))), markdown.Cell(markdown.Text(st.Result)))
	}
	fmt.Fprintf(&b, "\n%s\nRun: %s\n", markdown.CodeBlock("", f.Error()), link(req.Plan.RunURL))
	notify(ctx, c, req, res.PR, title, b.String())
	return res, f
}
