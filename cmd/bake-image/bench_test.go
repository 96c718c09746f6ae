package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/runner"
)

// The two benchmarks build the bundled example image (testdata/example/packer/web)
// the same way; their ratio is bake-image's overhead over raw packer:
//
//	go test ./cmd/bake-image -run '^$' -bench . -benchtime 20x
//
// BenchmarkBakeImage is the whole command in process: inputs, registry check,
// packer version/validate/build with the stream parsed, manifest, registry
// write, outputs and summary (promote-via none: no GitHub).

func benchCheckout(b *testing.B) string {
	b.Helper()
	if _, err := exec.LookPath("packer"); err != nil {
		b.Fatal("the benchmarks run the real packer: install it (.ci/run does)")
	}
	work := b.TempDir()
	fixture.CopyDir(b, filepath.Join(fixture.Repo(b), "testdata", "example", "packer", "web"), filepath.Join(work, "packer", "web"))
	return work
}

func BenchmarkRawPackerBuild(b *testing.B) {
	work := benchCheckout(b)
	dir := filepath.Join(work, "packer", "web")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd := exec.Command("packer", "build", "-machine-readable", "-color=false", "-var", fmt.Sprintf("version=1.0.%d", i), ".")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
	}
}

// BenchmarkRawPackerValidateAndBuild is what a workflow without bake-image
// runs to fail fast on a broken template: validate, then build. bake-image
// runs the same two packer processes; the separate validate is most of its
// overhead over a bare build on a template this small.
func BenchmarkRawPackerValidateAndBuild(b *testing.B) {
	work := benchCheckout(b)
	dir := filepath.Join(work, "packer", "web")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := fmt.Sprintf("version=1.0.%d", i)
		for _, args := range [][]string{{"validate", "-machine-readable", "-var", v, "."}, {"build", "-machine-readable", "-color=false", "-var", v, "."}} {
			cmd := exec.Command("packer", args...)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("%v\n%s", err, out)
			}
		}
	}
}

func BenchmarkBakeImage(b *testing.B) {
	work := benchCheckout(b)
	b.Chdir(work)
	env := map[string]string{
		"GITHUB_OUTPUT": filepath.Join(b.TempDir(), "output"), "GITHUB_STEP_SUMMARY": filepath.Join(b.TempDir(), "summary"),
		"GITHUB_SHA": sha, "INPUT_TEMPLATE": "packer/web", "INPUT_CHANNEL": "dev", "INPUT_PROMOTE_VIA": "none",
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		env["INPUT_VERSION"] = fmt.Sprintf("1.0.%d", i)
		var log strings.Builder
		a := runner.New(runner.WithGetenv(func(k string) string { return env[k] }), runner.WithStdout(&log))
		if code := a.Run(context.Background(), "bake-image", run); code != 0 {
			b.Fatalf("exit %d:\n%s", code, log.String())
		}
	}
	b.StopTimer()
	if _, err := os.Stat(filepath.Join(work, "images", "web.json")); err != nil {
		b.Fatal(err)
	}
}
