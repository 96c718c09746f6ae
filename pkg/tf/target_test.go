package tf_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/tf"
)

// Break-glass: with Targets the plan touches only those resources, with
// Replaces it re-creates a resource whose configuration did not change.
func TestPlanWithTargetsAndReplaces(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	write := func(src string) {
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(`
resource "terraform_data" "a" { input = "1" }
resource "terraform_data" "b" { input = "1" }
`)
	for _, args := range [][]string{{"init", "-input=false"}, {"apply", "-auto-approve", "-input=false"}} {
		if out, err := exec.Command("terraform", append([]string{"-chdir=" + dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("terraform %v: %v\n%s", args, err, out)
		}
	}
	write(`
resource "terraform_data" "a" { input = "2" }
resource "terraform_data" "b" { input = "2" }
`)
	for _, tc := range []struct {
		name string
		o    tf.Options
		want []string // address:actions
	}{
		{"everything", tf.Options{}, []string{"terraform_data.a:update", "terraform_data.b:update"}},
		{"target", tf.Options{Targets: []string{"terraform_data.a"}}, []string{"terraform_data.a:update"}},
		{"replace", tf.Options{Targets: []string{"terraform_data.b"}, Replaces: []string{"terraform_data.b"}}, []string{"terraform_data.b:create,delete"}},
	} {
		t.Run(tc.name, func(t *testing.T) { // one after another: the cases plan the one directory
			r, log := newRunner(t, dir, tc.o)
			out := filepath.Join(t.TempDir(), "plan.tfplan")
			if _, err := r.Plan(ctx, out); err != nil {
				t.Fatalf("%v\n%s", err, log)
			}
			p, err := r.ShowPlan(ctx, out)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, rc := range p.ResourceChanges {
				if rc.Change.Actions.NoOp() {
					continue
				}
				var acts []string
				for _, a := range rc.Change.Actions {
					acts = append(acts, string(a))
				}
				sort.Strings(acts)
				got = append(got, rc.Address+":"+strings.Join(acts, ","))
			}
			sort.Strings(got)
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("planned %v, want %v", got, tc.want)
			}
		})
	}
}
