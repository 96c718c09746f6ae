package tf

import (
	"context"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// PlanDestroy runs `terraform plan -destroy -out=<out> -detailed-exitcode`:
// the plan that destroys every object in the root's state (a root the
// change deletes). It reports whether there is anything to destroy.
func (r *Runner) PlanDestroy(ctx context.Context, out string) (changes bool, err error) {
	return r.plan(ctx, "plan -destroy", out, tfexec.Destroy(true))
}
