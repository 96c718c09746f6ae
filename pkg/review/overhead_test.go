package review_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/tf"
)

// TestPlanInfraOverhead measures plan-infra's work (review.Plan: init, workspace,
// plan -out, show -json, providers schema, fingerprint, redaction, rendering, the plan
// directory) against raw terraform init + plan -out + show -json on a 10,000-resource
// root, interleaved A/B so that load from other processes hits both alike, and reports
// the ratio of the medians. It takes minutes: set REPAVE_OVERHEAD=<runs> to run it.
func TestPlanInfraOverhead(t *testing.T) {
	runs := 0
	fmt.Sscan(os.Getenv("REPAVE_OVERHEAD"), &runs)
	if runs == 0 {
		t.Skip("set REPAVE_OVERHEAD=3 to measure")
	}
	dir := t.TempDir()
	src := "variable \"image_id\" {\n  type    = string\n  default = \"img-1\"\n}\n"
	for i := 0; i < 100; i++ {
		src += fmt.Sprintf(`
resource "terraform_data" "tier%d" {
  count            = 100
  input            = { name = "tier%d-${count.index}", image = var.image_id, size = "m5.large", zone = "zone-${count.index %% 3}" }
  triggers_replace = [var.image_id]
}
`, i, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	raw := func() time.Duration {
		start := time.Now()
		for _, args := range [][]string{
			{"init", "-input=false"},
			{"plan", "-input=false", "-lock-timeout=300s", "-var", "image_id=img-2", "-out=plan.tfplan"},
			{"show", "-json", "plan.tfplan"},
		} {
			cmd := exec.Command("terraform", append([]string{"-chdir=" + dir}, args...)...)
			cmd.Stdout = io.Discard // the plan JSON is read, as plan-infra reads it
			if err := cmd.Run(); err != nil {
				t.Fatalf("terraform %v: %v", args, err)
			}
		}
		return time.Since(start)
	}
	repave := func() time.Duration {
		start := time.Now()
		_, err := review.PlanRoot(context.Background(), review.PlanRequest{
			Root: dir, Settings: tf.Settings{Vars: []tf.Var{{Name: "image_id", Value: "img-2"}}, LockTimeout: 300 * time.Second},
			PlanDir: filepath.Join(t.TempDir(), "plan"), Log: io.Discard,
		})
		if err != nil {
			t.Fatal(err)
		}
		return time.Since(start)
	}
	raw() // warm the file cache
	var a, r []time.Duration
	for i := 0; i < runs; i++ {
		a = append(a, raw())
		r = append(r, repave())
	}
	med := func(d []time.Duration) time.Duration {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return d[len(d)/2]
	}
	t.Logf("raw terraform %v (runs %v), plan-infra %v (runs %v): ratio %.3f", med(a), a, med(r), r, float64(med(r))/float64(med(a)))
}
