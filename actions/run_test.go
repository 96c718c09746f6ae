package actions_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runScript runs a copy of run.sh in an empty source tree, where no command
// has been built yet.
func runScript(t *testing.T, args ...string) (string, error) {
	t.Helper()
	src := t.TempDir()
	b, err := os.ReadFile("run.sh")
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(src, "actions"), 0o755)
	os.WriteFile(filepath.Join(src, "actions", "run.sh"), b, 0o755)
	cmd := exec.Command("bash", append([]string{filepath.Join(src, "actions", "run.sh")}, args...)...)
	cmd.Env = append(os.Environ(), "REPAVE_CACHE="+t.TempDir())
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestRunScriptBuildsOnceThenStartsFromCache builds plan-infra through the
// bootstrap, then checks a second start reuses the cached binary (no build
// group in the log) and starts fast.
func TestRunScriptBuildsOnceThenStartsFromCache(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a binary")
	}
	cache := t.TempDir()
	start := func() (string, time.Duration) {
		cmd := exec.Command("bash", "run.sh", "plan-infra")
		cmd.Env = append(os.Environ(), "REPAVE_CACHE="+cache, "INPUT_WORKING_DIRECTORY="+filepath.Join(t.TempDir(), "missing"),
			"GITHUB_OUTPUT=", "GITHUB_STEP_SUMMARY=")
		t0 := time.Now()
		out, _ := cmd.CombinedOutput()
		return string(out), time.Since(t0)
	}
	first, _ := start()
	if !strings.Contains(first, "::group::Building repave plan-infra") {
		t.Fatalf("first start should build:\n%s", first)
	}
	second, took := start()
	if strings.Contains(second, "Building") {
		t.Fatalf("second start rebuilt:\n%s", second)
	}
	if !strings.Contains(second, "::error title=plan-infra failed::working-directory") {
		t.Errorf("the cached binary should run and report the missing directory:\n%s", second)
	}
	t.Logf("cold start with a cached binary: %v", took)
	bins, _ := filepath.Glob(filepath.Join(cache, "*", "plan-infra"))
	if len(bins) != 1 {
		t.Errorf("want one cached binary, got %v", bins)
	}
}
