package tf

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// SelectWorkspace selects the configured workspace, creating it when it does
// not exist yet. It does nothing more when that workspace is already selected.
func (r *Runner) SelectWorkspace(ctx context.Context) error {
	if r.currentWorkspace() == r.o.Workspace {
		return nil // already selected: no terraform process needed
	}
	all, cur, err := r.tf.WorkspaceList(ctx)
	if err != nil {
		return fmt.Errorf("%s workspace list in %s: %w", r.o.Tool.Binary(), r.o.Dir, err)
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

// currentWorkspace is the workspace terraform would use, read where
// terraform keeps it: <data dir>/environment, "default" when that file does
// not exist (a fresh checkout).
func (r *Runner) currentWorkspace() string {
	data := os.Getenv("TF_DATA_DIR")
	if data == "" {
		data = ".terraform"
	}
	if !filepath.IsAbs(data) {
		data = filepath.Join(r.o.Dir, data)
	}
	b, err := os.ReadFile(filepath.Join(data, "environment"))
	if err != nil {
		return "default"
	}
	if ws := strings.TrimSpace(string(b)); ws != "" {
		return ws
	}
	return "default"
}
