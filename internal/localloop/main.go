// Command localloop runs the review loop on the bundled example with no
// GitHub account and no cloud: the real terraform, the real plan-infra binary
// with the inputs a workflow would give it, and the comment that
// comment-plan-on-pr would post. Run it from the repository root:
//
//	go run ./internal/localloop
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/repave-dev/repave/internal/tree"
	"github.com/repave-dev/repave/pkg/actions"
)

const work = ".repave/local"

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "local loop failed:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	start := time.Now()
	if _, err := os.Stat("testdata/example/terraform/main.tf"); err != nil {
		return fmt.Errorf("run this from the repository root (testdata/example is not here)")
	}
	if err := os.RemoveAll(work); err != nil {
		return err
	}
	root := filepath.Join(work, "infra", "web")
	if err := tree.Copy("testdata/example/terraform", root); err != nil {
		return err
	}

	step(out, "1/3", "Build plan-infra from source")
	bin := filepath.Join(work, "bin", "plan-infra")
	if err := sh(ctx, "go", "build", "-o", bin, "./cmd/plan-infra"); err != nil {
		return err
	}

	step(out, "2/3", "Deploy image img-example-0001 (what main runs today; apply-on-merge will do this)")
	if err := sh(ctx, "terraform", "-chdir="+root, "init", "-input=false"); err != nil {
		return err
	}
	if err := sh(ctx, "terraform", "-chdir="+root, "apply", "-auto-approve", "-input=false", "-var", "image_id=img-example-0001"); err != nil {
		return err
	}

	step(out, "3/3", "A pull request moves the web tier to img-example-0002: plan-infra")
	// The binary runs as in a job: in the checkout (here .repave/local), with
	// the step's inputs in INPUT_* and the runner's files in GITHUB_*.
	outputs, summary := filepath.Join(work, "github_output"), filepath.Join(work, "step_summary.md")
	env := []string{
		"INPUT_WORKING_DIRECTORY=infra/web",
		"INPUT_VARS=image_id=img-example-0002",
		"INPUT_PLAN_DIR=plan",
		"GITHUB_OUTPUT=" + abs(outputs), "GITHUB_STEP_SUMMARY=" + abs(summary),
		"GITHUB_SHA=0000000000000000000000000000000000000002",
	}
	var log strings.Builder
	plan := exec.CommandContext(ctx, abs(bin))
	plan.Dir, plan.Env, plan.Stdout, plan.Stderr = work, append(os.Environ(), env...), &log, &log
	if err := plan.Run(); err != nil {
		return fmt.Errorf("plan-infra: %v\n%s", err, log.String())
	}
	comment, err := os.ReadFile(filepath.Join(work, "plan", "comment.md"))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\n---- the comment comment-plan-on-pr would post ----\n%s\n---- end of comment ----\n\n", comment)
	fmt.Fprintf(out, "Outputs:            %s\n", strings.ReplaceAll(readOutputs(outputs), "\n", "\n                    "))
	fmt.Fprintf(out, "Plan directory:     %s (binary plan, redacted plan.json, result.json, comment.md)\n", filepath.Join(work, "plan"))
	fmt.Fprintf(out, "Job summary:        %s\n", summary)
	fmt.Fprintf(out, "Terraform root:     %s\n", root)
	fmt.Fprintf(out, "Done in %.1fs.\n", time.Since(start).Seconds())
	return nil
}

func abs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

func step(out io.Writer, n, what string) { fmt.Fprintf(out, "==> [%s] %s\n", n, what) }

// sh runs a preparation command quietly and shows its output only on failure.
func sh(ctx context.Context, name string, args ...string) error {
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

// readOutputs shows the GITHUB_OUTPUT file as name=value lines.
func readOutputs(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "(none)"
	}
	outs, err := actions.ParseOutputs(string(b))
	if err != nil {
		return err.Error()
	}
	names := make([]string, 0, len(outs))
	for n := range outs {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		names[i] = n + "=" + outs[n]
	}
	return strings.Join(names, "\n")
}
