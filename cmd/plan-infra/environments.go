package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/repave-dev/repave/pkg/roots"
	"github.com/repave-dev/repave/pkg/runner"
)

// environments reads the `environments` input: which GitHub environment
// gates each root's applies (`glob = environment` per line).
func environments(a *runner.Runtime) (roots.Environments, error) {
	e, err := roots.ParseEnvironments(strings.Split(a.String("environments", ""), "\n"))
	var pe *roots.PatternError
	if errors.As(err, &pe) {
		return e, &runner.InputError{Input: "environments", Line: pe.Line, Value: pe.Pattern, Reason: pe.Reason, Want: pe.Want}
	}
	return e, err
}

// matrixEnvironments adds each one-root entry's `environment` to the
// discover matrix (JSON) when the mapping names one; entries without it
// use the workflow's single environment. Other fields are kept as they are.
func matrixEnvironments(matrix string, e roots.Environments) (string, error) {
	if e.Empty() {
		return matrix, nil
	}
	var m struct {
		Include []map[string]any `json:"include"`
	}
	if err := json.Unmarshal([]byte(matrix), &m); err != nil {
		return "", fmt.Errorf("plan-infra: the discover matrix is not JSON: %w", err)
	}
	for _, job := range m.Include {
		if root, ok := job["root"].(string); ok {
			if env := e.For(root); env != "" {
				job["environment"] = env
			}
		}
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// rootEnvironment sets the `environment` output of a plan: the environment
// the mapping gives the planned root ("" when none), for a job that gates
// that root next (the reusable workflow's re-deploy).
func rootEnvironment(a *runner.Runtime, root string) error {
	e, err := environments(a)
	if err != nil || e.Empty() {
		return err
	}
	return a.SetOutput("environment", e.For(root))
}
