package tf

import "time"

// Settings are how repave runs Terraform in a root: the inputs plan-infra,
// apply-on-merge and audit-check share (internal/tfinputs reads them) and
// the binary. They are declared once, here: Options and the requests that
// end in a Runner (review.PlanRequest, audit.Request, audit.DriftRequest)
// embed them and pass them on whole, so no field is lost on the way.
type Settings struct {
	// Tool is the engine, terraform or tofu; "" is what the root's files
	// say (DetectTool).
	Tool Tool
	// ExecPath is the binary; "" looks up the Tool's binary on PATH.
	ExecPath string
	// Workspace is selected, or created when missing, before planning. ""
	// means "default" (WorkspaceName).
	Workspace string
	// Vars are given to plan as -var name=value.
	Vars []Var
	// VarFiles are given to plan as -var-file, relative to the root directory.
	VarFiles []string
	// BackendConfig items are passed to init as -backend-config (key=value or a file).
	BackendConfig []string
	// LockTimeout is how long Terraform waits for the state lock.
	LockTimeout time.Duration
}

// WorkspaceName is the workspace the settings select: Workspace, or
// "default" when it is "".
func (s Settings) WorkspaceName() string {
	if s.Workspace == "" {
		return "default"
	}
	return s.Workspace
}
