package tf

import (
	"context"

	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
)

// Plan runs `terraform plan -out=<out> -detailed-exitcode` and reports whether
// the plan has changes. Errors carry Terraform's diagnostics (*DiagnosticsError).
func (r *Runner) Plan(ctx context.Context, out string) (changes bool, err error) {
	return r.plan(ctx, "plan", out)
}

// plan runs `terraform plan -json` with the runner's variables, var files and
// lock timeout plus extra options; command names it in errors.
func (r *Runner) plan(ctx context.Context, command, out string, extra ...tfexec.PlanOption) (bool, error) {
	opts := []tfexec.PlanOption{tfexec.Out(out), tfexec.LockTimeout(r.lockTimeout())}
	for _, v := range r.o.Vars {
		opts = append(opts, tfexec.Var(v.Name+"="+v.Value))
	}
	for _, f := range r.o.VarFiles {
		opts = append(opts, tfexec.VarFile(f))
	}
	opts = append(opts, r.o.targetOptions()...)
	s := r.stream()
	defer r.tf.SetStdout(nil) // terraform-exec keeps the writer for later commands
	changes, err := r.tf.PlanJSON(ctx, s, append(opts, extra...)...)
	return changes, s.result(command, r.o.Dir, err)
}

// ShowPlan runs `terraform show -json <planfile>` and decodes it.
func (r *Runner) ShowPlan(ctx context.Context, planFile string) (*tfjson.Plan, error) {
	p, err := r.tf.ShowPlanFile(ctx, planFile)
	if err != nil {
		return nil, &DiagnosticsError{Tool: r.o.Tool, Command: "show -json", Dir: r.o.Dir, Err: err}
	}
	return p, nil
}
