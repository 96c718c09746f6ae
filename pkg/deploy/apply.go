package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/repave-dev/repave/pkg/health"
	"github.com/repave-dev/repave/pkg/plandir"
	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/tf"
)

// HealthOutput is the Terraform output read for health-check URLs, beside
// the health-checks input.
const HealthOutput = "health_check_urls"

// failure is a deployment that went wrong: in the apply (applied false) or in
// the health check after it (applied true).
type failure struct {
	applied bool
	// changed is true when the run changed infrastructure: the apply
	// succeeded, or failed after Terraform began changing resources. A
	// failure that changed nothing (stale plan, lock timeout) is never
	// rolled back: there is nothing to undo.
	changed bool
	// cancelled: the run was cancelled (SIGINT/SIGTERM) while applying or
	// checking; it is recorded, never rolled back.
	cancelled bool
	err       error
}

// applyFailure classifies an error of terraform apply.
func applyFailure(ctx context.Context, err error) *failure {
	var ae *tf.ApplyError
	changed := errors.As(err, &ae) && ae.Changed()
	return &failure{changed: changed, cancelled: ctx.Err() != nil, err: err}
}

func (f *failure) Error() string { return f.err.Error() }
func (f *failure) Unwrap() error { return f.err }

// applyAndCheck applies the saved plan of out, reads the outputs and checks
// the health of every URL: the health-checks input and the health_check_urls
// output.
func applyAndCheck(ctx context.Context, req *Request, p review.PlanRequest, out *review.PlanResult) (map[string]json.RawMessage, *failure) {
	return applyAndCheckURLs(ctx, req, p, out, HealthOutput)
}

// applyAndCheckURLs is applyAndCheck with the health URLs read from the
// named outputs (each a list of URLs; absent outputs are skipped).
func applyAndCheckURLs(ctx context.Context, req *Request, p review.PlanRequest, out *review.PlanResult, urlOutputs ...string) (map[string]json.RawMessage, *failure) {
	s := p.Settings
	s.Tool = tf.Tool(out.Result.Tool) // the engine that made the plan applies it
	r, err := tf.New(tf.Options{Settings: s, Dir: p.WorkDir(), Log: p.Log})
	if err != nil {
		return nil, &failure{err: err}
	}
	if err := r.SetSecretEnv(p.Env); err != nil { // provider credentials from Vault, for the apply too
		return nil, &failure{err: err}
	}
	planFile, err := filepath.Abs(out.Dir.File(plandir.BinaryPlan))
	if err != nil {
		return nil, &failure{err: err}
	}
	if err := r.Apply(ctx, planFile); err != nil {
		return nil, applyFailure(ctx, err)
	}
	outputs, err := r.Outputs(ctx)
	if err != nil {
		return nil, &failure{applied: true, changed: true, cancelled: ctx.Err() != nil, err: err}
	}
	if p.Destroy {
		req.logf("Destroyed the deleted root %s: nothing is left to health-check.", req.root())
		return outputs, nil
	}
	urls := append([]string{}, req.HealthURLs...)
	for _, name := range urlOutputs {
		list, _, err := tf.StringList(outputs, name)
		if err != nil {
			return outputs, &failure{applied: true, changed: true, err: err}
		}
		urls = append(urls, list...)
	}
	if len(urls) == 0 {
		req.logf("No health checks configured (health-checks input or %s output): the apply is the last step.", strings.Join(urlOutputs, ", "))
		return outputs, nil
	}
	req.logf("Checking %d URL(s): each must answer 2xx for %s, within %s", len(urls), req.Health.MinHealthy, req.Health.Deadline)
	o := req.Health
	o.Log = req.logf
	if err := health.Check(ctx, urls, o); err != nil {
		return outputs, &failure{applied: true, changed: true, cancelled: ctx.Err() != nil, err: fmt.Errorf("applied, but %w", err)}
	}
	return outputs, nil
}
