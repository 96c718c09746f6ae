package review_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/tf"
)

// bigRoot writes a root of n terraform_data resources with attribute maps,
// spread over several blocks as real roots are.
func bigRoot(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	src := "variable \"image_id\" {\n  type    = string\n  default = \"img-1\"\n}\n"
	for i := 0; i < n/100; i++ {
		src += fmt.Sprintf(`
resource "terraform_data" "tier%d" {
  count            = 100
  input            = { name = "tier%d-${count.index}", image = var.image_id, size = "m5.large", zone = "zone-${count.index %% 3}" }
  triggers_replace = [var.image_id]
}
`, i, i)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

func terraform(b *testing.B, dir string, args ...string) {
	b.Helper()
	out, err := exec.Command("terraform", append([]string{"-chdir=" + dir}, args...)...).CombinedOutput()
	if err != nil {
		b.Fatalf("terraform %v: %v %s", args, err, out)
	}
}

// BenchmarkRawTerraform is the baseline: init, plan -out and show -json on a
// 1,000-resource root, run directly.
func BenchmarkRawTerraform(b *testing.B) {
	dir := bigRoot(b, 1000)
	for b.Loop() {
		terraform(b, dir, "init", "-input=false")
		terraform(b, dir, "plan", "-input=false", "-lock-timeout=300s", "-var", "image_id=img-2", "-out=plan.tfplan")
		terraform(b, dir, "show", "-json", "plan.tfplan")
	}
}

// BenchmarkPlanInfra is plan-infra's work on the same root: the same three
// commands plus workspace selection, fingerprint, redaction, rendering and
// the plan directory. Compare its ns/op with BenchmarkRawTerraform.
func BenchmarkPlanInfra(b *testing.B) {
	dir := bigRoot(b, 1000)
	for b.Loop() {
		_, err := review.PlanRoot(context.Background(), review.PlanRequest{
			Root: dir, Settings: tf.Settings{Vars: []tf.Var{{Name: "image_id", Value: "img-2"}}, LockTimeout: 300 * time.Second},
			PlanDir: filepath.Join(b.TempDir(), "plan"), Log: io.Discard,
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlanInfraOverhead reports plan-infra's overhead over raw
// terraform as a ratio: each iteration runs raw init + plan -out + show
// -json, then review.PlanRoot (the same plus workspace selection, providers
// schema, fingerprint, redaction, rendering and the plan directory), on the
// same root, so that load from other processes hits both alike. The
// plan-infra/raw metric is the ratio of the medians. The 10,000-resource
// case takes minutes: go test ./pkg/review -run '^$' -bench
// 'Overhead/resources=10000' -benchtime=3x.
func BenchmarkPlanInfraOverhead(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run("resources="+strconv.Itoa(n), func(b *testing.B) {
			dir := bigRoot(b, n)
			raw := func() time.Duration {
				start := time.Now()
				terraform(b, dir, "init", "-input=false")
				terraform(b, dir, "plan", "-input=false", "-lock-timeout=300s", "-var", "image_id=img-2", "-out=plan.tfplan")
				terraform(b, dir, "show", "-json", "plan.tfplan")
				return time.Since(start)
			}
			repave := func() time.Duration {
				start := time.Now()
				_, err := review.PlanRoot(context.Background(), review.PlanRequest{
					Root: dir, Settings: tf.Settings{Vars: []tf.Var{{Name: "image_id", Value: "img-2"}}, LockTimeout: 300 * time.Second},
					PlanDir: filepath.Join(b.TempDir(), "plan"), Log: io.Discard,
				})
				if err != nil {
					b.Fatal(err)
				}
				return time.Since(start)
			}
			raw() // warm the file cache and the provider
			var a, r []time.Duration
			for b.Loop() {
				a = append(a, raw())
				r = append(r, repave())
			}
			b.ReportMetric(float64(median(r))/float64(median(a)), "plan-infra/raw")
		})
	}
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
