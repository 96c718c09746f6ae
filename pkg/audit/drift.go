package audit

import (
	"context"
	"io"
	"os"
	"path/filepath"

	"github.com/repave-dev/repave/pkg/plan"
	"github.com/repave-dev/repave/pkg/tf"

	tfjson "github.com/hashicorp/terraform-json"
)

// DriftRequest says which root to check and how to run Terraform there.
type DriftRequest struct {
	// Settings say how Terraform runs in Root.
	tf.Settings
	Root string
	Log  io.Writer
	// Sensitive values known up front (from Vault, say) are redacted too.
	Sensitive []string
	// Env is given to the terraform subprocess only (secrets from Vault:
	// TF_VAR_<name> become variables, other names its environment).
	Env map[string]string
}

// DriftResult is what Terraform says about one root.
type DriftResult struct {
	// Pending are the changes a normal plan of the default branch would make:
	// on the default branch there should be none, so each one means the state
	// was changed outside the pipeline (an apply from somewhere else).
	Pending []ResourceChange
	// Drift are the changes a refresh-only plan found: real objects changed
	// outside Terraform.
	Drift []ResourceChange
	// State is the root's current state, to tie audit-log events to resources.
	State *tfjson.State
	// Tool is the engine that checked the root.
	Tool tf.Tool
	// Sensitive holds every sensitive value seen in the plans, to be masked.
	Sensitive []string
}

// CheckDrift runs init, workspace selection, a normal plan and a
// refresh-only plan (both with -detailed-exitcode, neither changing state),
// and reads the state. The binary plans, which hold variable values, are
// written to a temporary directory and removed.
func CheckDrift(ctx context.Context, req DriftRequest) (*DriftResult, error) {
	r, err := tf.New(tf.Options{Settings: req.Settings, Dir: req.Root, Log: req.Log})
	if err != nil {
		return nil, err
	}
	if len(req.Env) > 0 {
		if err := r.SetSecretEnv(req.Env); err != nil {
			return nil, err
		}
	}
	tmp, err := os.MkdirTemp("", "repave-audit-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if err := r.Init(ctx); err != nil {
		return nil, err
	}
	if err := r.SelectWorkspace(ctx); err != nil {
		return nil, err
	}
	res := &DriftResult{Tool: r.Tool()}
	normal := filepath.Join(tmp, "plan.tfplan")
	pending, err := r.Plan(ctx, normal)
	if err != nil {
		return nil, err
	}
	if pending {
		p, err := r.ShowPlan(ctx, normal)
		if err != nil {
			return nil, err
		}
		res.Sensitive = append(res.Sensitive, plan.SensitiveValues(p)...)
		res.Pending = changes(p.ResourceChanges, append(res.Sensitive, req.Sensitive...))
	}
	refresh := filepath.Join(tmp, "refresh.tfplan")
	drift, err := r.RefreshOnlyPlan(ctx, refresh)
	if err != nil {
		return nil, err
	}
	if drift {
		p, err := r.ShowPlan(ctx, refresh)
		if err != nil {
			return nil, err
		}
		res.Sensitive = append(res.Sensitive, plan.SensitiveValues(p)...)
		res.Drift = changes(p.ResourceDrift, append(res.Sensitive, req.Sensitive...))
	}
	res.Pending = withoutDrifted(res.Pending, res.Drift)
	if res.State, err = r.ShowState(ctx); err != nil {
		return nil, err
	}
	return res, nil
}

// withoutDrifted drops the pending changes of drifted resources: main's plan
// would put back what drifted, and the drift section already says so.
func withoutDrifted(pending, drift []ResourceChange) []ResourceChange {
	drifted := map[string]bool{}
	for _, d := range drift {
		drifted[d.Address] = true
	}
	var out []ResourceChange
	for _, p := range pending {
		if !drifted[p.Address] {
			out = append(out, p)
		}
	}
	return out
}
