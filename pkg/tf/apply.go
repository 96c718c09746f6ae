package tf

import (
	"context"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// Apply applies a saved plan file: exactly what was planned, nothing else
// (variables are in the plan). Errors carry Terraform's diagnostics.
func (r *Runner) Apply(ctx context.Context, planFile string) error {
	s := newStream(r.o.Log)
	defer r.tf.SetStdout(nil) // terraform-exec keeps the writer for later commands
	err := r.tf.ApplyJSON(ctx, s, tfexec.DirOrPlan(planFile), tfexec.LockTimeout(r.lockTimeout()))
	return s.result("apply", r.o.Dir, err)
}
