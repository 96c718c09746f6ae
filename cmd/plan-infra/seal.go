package main

import (
	"strings"

	"filippo.io/age"

	"github.com/repave-dev/repave/pkg/plandir"
	"github.com/repave-dev/repave/pkg/runner"
)

// sealer reads plan-encryption-recipient (age recipients, one per line) and
// returns what to do with each plan directory written: nothing when the
// input is empty (the binary plan never leaves the job), else write
// plan.tfplan.age, the binary plan encrypted to those recipients.
func sealer(a *runner.Runtime) (func(plandir.Dir) error, error) {
	var recipients []age.Recipient
	// Numbered as written (a.List drops blank lines), for the error's line.
	for i, line := range strings.Split(a.Getenv("INPUT_PLAN_ENCRYPTION_RECIPIENT"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		r, err := plandir.ParseRecipient(line)
		if err != nil {
			a.Mask(line) // it may be an identity pasted by mistake
			return nil, &runner.InputError{Input: "plan-encryption-recipient", Line: i + 1, Secret: true,
				Reason: err.Error(), Want: "one age recipient per line (`age1…`, from `age-keygen -y key.txt`), e.g. from a repository variable"}
		}
		recipients = append(recipients, r)
	}
	if len(recipients) == 0 {
		return func(plandir.Dir) error { return nil }, nil
	}
	return func(d plandir.Dir) error {
		if err := d.Seal(recipients); err != nil {
			return err
		}
		a.Infof("Sealed the binary plan for %d age recipient(s): %s", len(recipients), d.File(plandir.SealedPlan))
		return nil
	}, nil
}
