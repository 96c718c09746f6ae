package tf

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// SelectWorkspace selects the configured workspace, creating it when it does
// not exist yet. It does nothing more when that workspace is already selected.
func (r *Runner) SelectWorkspace(ctx context.Context) error {
	all, cur, err := r.tf.WorkspaceList(ctx)
	if err != nil {
		return fmt.Errorf("terraform workspace list in %s: %w", r.o.Dir, err)
	}
	switch {
	case cur == r.o.Workspace:
		return nil
	case slices.Contains(all, r.o.Workspace):
		err = r.tf.WorkspaceSelect(ctx, r.o.Workspace)
	default:
		fmt.Fprintf(r.o.Log, "Creating workspace %q\n", r.o.Workspace)
		err = r.tf.WorkspaceNew(ctx, r.o.Workspace, tfexec.LockTimeout(r.lockTimeout()))
	}
	if err != nil {
		return fmt.Errorf("selecting workspace %q in %s: %w", r.o.Workspace, r.o.Dir, err)
	}
	return nil
}
