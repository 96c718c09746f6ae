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
	if err := sh(ctx, io.Discard, nil, "go", "build", "-o", bin, "./cmd/plan-infra"); err != nil {
		return err
	}

	step(out, "2/3", "Deploy image img-example-0001 (what main runs today; apply-on-merge will do this)")
	if err := sh(ctx, io.Discard, nil, "terraform", "-chdir="+root, "init", "-input=false"); err != nil {
		return err
	}
	if err := sh(ctx, io.Discard, nil, "terraform", "-chdir="+root, "apply", "-auto-approve", "-input=false", "-var", "image_id=img-example-0001"); err != nil {
		return err
	}

	step(out, "3/3", "A pull request moves the web tier to img-example-0002: plan-infra")
	outputs, summary := filepath.Join(work, "github_output"), filepath.Join(work, "step_summary.md")
	env := []string{
		"INPUT_WORKING_DIRECTORY=" + root,
		"INPUT_VARS=image_id=img-example-0002",
		"INPUT_PLAN_DIR=" + filepath.Join(work, "plan"),
		"GITHUB_OUTPUT=" + outputs, "GITHUB_STEP_SUMMARY=" + summary,
		"GITHUB_SHA=0000000000000000000000000000000000000002",
	}
	var log strings.Builder
	if err := sh(ctx, &log, env, bin); err != nil {
		return fmt.Errorf("%v\n%s", err, log.String())
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

func step(out io.Writer, n, what string) { fmt.Fprintf(out, "==> [%s] %s\n", n, what) }

func sh(ctx context.Context, w io.Writer, env []string, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = w, w
	if w == io.Discard {
		var buf strings.Builder
		cmd.Stdout, cmd.Stderr = &buf, &buf
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, buf.String())
		}
		return nil
	}
	return cmd.Run()
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
