package tf

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// Apply applies a saved plan file: exactly what was planned, nothing else
// (variables are in the plan). A failure is an *ApplyError, which says
// whether Terraform began changing anything, and wraps the
// *DiagnosticsError with Terraform's diagnostics.
//
// When ctx is cancelled, terraform-exec sends Terraform an interrupt
// (SIGINT) and waits for it to exit (no WaitDelay, so it is never
// killed): Terraform then stops starting new operations, lets running ones
// finish, writes the state and releases the state lock.
func (r *Runner) Apply(ctx context.Context, planFile string) error {
	s := r.stream()
	defer r.tf.SetStdout(nil) // terraform-exec keeps the writer for later commands
	err := r.tf.ApplyJSON(ctx, s, tfexec.DirOrPlan(planFile), tfexec.LockTimeout(r.lockTimeout()))
	if err = s.result("apply", r.o.Dir, err); err == nil {
		return nil
	}
	var de *DiagnosticsError
	errors.As(err, &de)
	return &ApplyError{DiagnosticsError: de, Started: s.started, Cancelled: ctx.Err() != nil}
}

// ApplyError is a failed apply.
type ApplyError struct {
	*DiagnosticsError
	// Started are the addresses of the resources whose change Terraform
	// began (its apply_start messages), in order. Empty means the apply
	// changed nothing: it stopped before the first change, as when the
	// state lock could not be acquired or the saved plan is stale.
	Started []string
	// Cancelled is true when the apply was interrupted by ctx.
	Cancelled bool
}

// Changed reports whether the failed apply began changing infrastructure.
func (e *ApplyError) Changed() bool { return len(e.Started) > 0 }

func (e *ApplyError) Unwrap() error { return e.DiagnosticsError }

// noteStart records the resource of an apply_start message.
func (s *stream) noteStart(line []byte) {
	var m struct {
		Type string `json:"type"`
		Hook struct {
			Resource struct {
				Addr string `json:"addr"`
			} `json:"resource"`
		} `json:"hook"`
	}
	if json.Unmarshal(line, &m) == nil && m.Type == "apply_start" {
		s.started = append(s.started, m.Hook.Resource.Addr)
	}
}
