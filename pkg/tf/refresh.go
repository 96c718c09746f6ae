package tf

import (
	"context"

	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
)

// RefreshOnlyPlan runs `terraform plan -refresh-only -out=<out>
// -detailed-exitcode`: it compares the state with the real objects and
// reports whether anything changed outside Terraform (exit code 2). It never
// changes the state. Errors carry Terraform's diagnostics (*DiagnosticsError).
func (r *Runner) RefreshOnlyPlan(ctx context.Context, out string) (drift bool, err error) {
	return r.plan(ctx, "plan -refresh-only", out, tfexec.RefreshOnly(true))
}

// ShowState runs `terraform show -json` on the selected workspace's state and
// decodes it; a root without state gives an empty *tfjson.State.
func (r *Runner) ShowState(ctx context.Context) (*tfjson.State, error) {
	st, err := r.tf.Show(ctx)
	if err != nil {
		return nil, &DiagnosticsError{Tool: r.o.Tool, Command: "show -json", Dir: r.o.Dir, Err: err}
	}
	if st == nil {
		st = &tfjson.State{}
	}
	return st, nil
}
