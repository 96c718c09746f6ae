package deploy

import (
	"fmt"

	"github.com/repave-dev/repave/pkg/review"
)

// UnexpectedPlanError: the re-plan is not the plan that was expected (the
// expected-fingerprint input, the plan approvers saw in an earlier job).
// Nothing was applied.
type UnexpectedPlanError struct {
	Root, Workspace, SHA string
	Expected, Now        string // fingerprints
}

func (e *UnexpectedPlanError) Error() string {
	return fmt.Sprintf("not applied: the plan of %s (workspace %s) at %.12s has fingerprint %s, not the expected-fingerprint %s of the plan that was shown for approval; "+
		"the state, the inputs or the images changed in between. Run the workflow again so that approvers see the plan that will be applied.",
		e.Root, e.Workspace, e.SHA, e.Now, e.Expected)
}

// checkExpected refuses a plan whose fingerprint is not the expected one.
func (req *Request) checkExpected(out *review.PlanResult) error {
	if req.ExpectedFingerprint == "" {
		return nil
	}
	if out.Result.Fingerprint != req.ExpectedFingerprint {
		return &UnexpectedPlanError{Root: req.root(), Workspace: req.workspace(), SHA: req.SHA, Expected: req.ExpectedFingerprint, Now: out.Result.Fingerprint}
	}
	req.logf("The plan's fingerprint %.12s is the expected one: applying what was shown for approval.", out.Result.Fingerprint)
	return nil
}
