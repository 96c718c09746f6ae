package tf_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/tf"
)

// Terraform's exit code 2 says a plan is applyable; a plan that only imports,
// moves or forgets is, though none of its actions is a create, update or
// delete. (testdata/planroots: before/ is applied first.)
func TestPlanReportsImportsMovesAndForgetsAsChanges(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"import", "moved", "forget", "nochange"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			src := filepath.Join(fixture.Repo(t), "testdata", "planroots", name)
			dir := t.TempDir()
			if _, err := os.Stat(filepath.Join(src, "before")); err == nil {
				fixture.CopyDir(t, filepath.Join(src, "before"), dir)
				for _, args := range [][]string{{"init", "-input=false"}, {"apply", "-auto-approve", "-input=false"}} {
					if out, err := exec.Command("terraform", append([]string{"-chdir=" + dir}, args...)...).CombinedOutput(); err != nil {
						t.Fatalf("terraform %v: %v\n%s", args, err, out)
					}
				}
				os.Remove(filepath.Join(dir, "main.tf"))
			}
			for _, f := range []string{"main.tf", "terraform.tfvars"} {
				if b, err := os.ReadFile(filepath.Join(src, f)); err == nil {
					if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			r, log := newRunner(t, dir, tf.Options{})
			if err := r.Init(ctx); err != nil {
				t.Fatal(err)
			}
			changes, err := r.Plan(ctx, filepath.Join(t.TempDir(), "plan.tfplan"))
			if err != nil {
				t.Fatalf("%v\n%s", err, log)
			}
			if want := name != "nochange"; changes != want {
				t.Errorf("Plan reported changes=%v, want %v\n%s", changes, want, log)
			}
		})
	}
}
