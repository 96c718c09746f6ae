// Package tfinputs reads the Terraform inputs that plan-infra, apply-on-merge
// and audit-check share (tool, workspace, vars, var-files, backend-config,
// lock-timeout), so the three accept the same values with the same errors.
package tfinputs

import (
	"time"

	"github.com/repave-dev/repave/pkg/runner"
	"github.com/repave-dev/repave/pkg/tf"
)

// Read reads the shared Terraform inputs into tf.Settings (all but
// ExecPath, which no input sets); errors are *runner.InputError.
func Read(a *runner.Runtime) (tf.Settings, error) {
	s := tf.Settings{
		Workspace:     a.String("workspace", "default"),
		VarFiles:      a.List("var-files"),
		BackendConfig: a.List("backend-config"),
	}
	tool, err := a.Enum("tool", "", tf.Tools...)
	if err != nil {
		return s, err
	}
	s.Tool = tf.Tool(tool)
	if s.LockTimeout, err = a.Duration("lock-timeout", 300*time.Second); err != nil {
		return s, err
	}
	pairs, err := a.Pairs("vars")
	if err != nil {
		return s, err
	}
	for _, p := range pairs {
		s.Vars = append(s.Vars, tf.Var{Name: p.Name, Value: p.Value})
	}
	return s, nil
}

// TempBase is where an action keeps its working files: $RUNNER_TEMP on a
// runner (cleaned after the job), .repave in the working directory outside one.
func TempBase(a *runner.Runtime) string {
	if base := a.Getenv("RUNNER_TEMP"); base != "" {
		return base
	}
	return ".repave"
}
