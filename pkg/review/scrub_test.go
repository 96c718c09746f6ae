package review_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/review"
	"github.com/repave-dev/repave/pkg/secrets"
	"github.com/repave-dev/repave/pkg/tf"
)

func planSource(t *testing.T, dir, src string, sc *secrets.Scrubber) *review.PlanResult {
	t.Helper()
	return planSourceIn(t, "", dir, src, sc)
}

// planSourceIn plans src as the root dir of the checkout ("" is the working
// directory).
func planSourceIn(t *testing.T, checkout, dir, src string, sc *secrets.Scrubber) *review.PlanResult {
	t.Helper()
	full := filepath.Join(checkout, dir)
	if err := os.MkdirAll(full, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(full, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := review.PlanRoot(context.Background(), review.PlanRequest{
		Root: dir, Checkout: checkout, Settings: tf.Settings{LockTimeout: 30 * time.Second}, PlanDir: filepath.Join(t.TempDir(), "plan"),
		Scrub: sc.Scrub, Secrets: sc,
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Two plans that differ only in a key holding a secret never share a
// fingerprint: scrubbing a key would merge them, and the apply of one would
// pass for the review of the other (fail-open).
func TestFingerprintKeepsKeysThatHoldSecrets(t *testing.T) {
	t.Parallel()
	sc := secrets.NewScrubber([]string{"alpha-secret", "beta-secret-2"})
	a := planSource(t, filepath.Join(t.TempDir(), "a"), `resource "terraform_data" "x" { input = { "alpha-secret" = 1 } }`, sc)
	b := planSource(t, filepath.Join(t.TempDir(), "b"), `resource "terraform_data" "x" { input = { "beta-secret-2" = 1 } }`, sc)
	if a.Result.Fingerprint == b.Result.Fingerprint {
		t.Errorf("different plans got one fingerprint %s", a.Result.Fingerprint)
	}
}

// A root named like a secret is not named in the marker, the title or
// result.json.
func TestRootNamedLikeASecretIsNotShown(t *testing.T) {
	t.Parallel()
	sc := secrets.NewScrubber([]string{"root-secret-name"})
	out := planSourceIn(t, t.TempDir(), filepath.Join("infra", "root-secret-name"), `resource "terraform_data" "x" { input = 1 }`, sc)
	for _, f := range []string{"comment.md", "result.json", "plan.json"} {
		b, _ := os.ReadFile(filepath.Join(out.Dir.Path, f))
		if strings.Contains(string(b), "root-secret-name") {
			t.Errorf("%s names the secret:\n%s", f, b)
		}
	}
	if strings.Contains(out.Summary, "root-secret-name") {
		t.Error("the summary names the secret")
	}
}
