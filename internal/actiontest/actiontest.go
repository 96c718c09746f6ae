// Package actiontest runs an action's run function in-process the way a job
// step runs it: inputs in INPUT_*, the runner's files in GITHUB_*, the log
// captured. Command tests use it to assert what a user sees: exit code, log
// lines, outputs and the job summary.
package actiontest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/runner"
)

// Result is what the step left behind.
type Result struct {
	Code    int
	Log     string
	Outputs map[string]string
	Summary string
}

// Run runs fn as the action name with env (GITHUB_* and anything else) and
// inputs (by their action.yml names). GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and
// RUNNER_TEMP get temporary files unless env sets them.
func Run(t testing.TB, name string, fn func(context.Context, *runner.Runtime) error, env, inputs map[string]string) Result {
	t.Helper()
	all := map[string]string{
		"GITHUB_OUTPUT":       filepath.Join(t.TempDir(), "output"),
		"GITHUB_STEP_SUMMARY": filepath.Join(t.TempDir(), "summary"),
		"RUNNER_TEMP":         t.TempDir(),
	}
	for k, v := range env {
		all[k] = v
	}
	for k, v := range inputs {
		all["INPUT_"+strings.ToUpper(strings.NewReplacer("-", "_", " ", "_").Replace(k))] = v
	}
	var log strings.Builder
	a := runner.New(runner.WithGetenv(func(k string) string { return all[k] }), runner.WithStdout(&log))
	r := Result{Code: a.Run(context.Background(), name, fn), Log: log.String()}
	if b, err := os.ReadFile(all["GITHUB_OUTPUT"]); err == nil {
		var perr error
		if r.Outputs, perr = runner.ParseOutputs(string(b)); perr != nil {
			t.Fatalf("%s wrote a GITHUB_OUTPUT the runner cannot read: %v", name, perr)
		}
	}
	b, _ := os.ReadFile(all["GITHUB_STEP_SUMMARY"])
	r.Summary = string(b)
	return r
}

// OneError reports whether the log holds exactly one ::error line and it
// contains want.
func (r Result) OneError(want string) bool {
	return r.Code == 1 && strings.Count(r.Log, "::error") == 1 && strings.Contains(r.Log, want)
}
