// Package tf runs the real terraform binary through terraform-exec and returns
// typed results. It never talks to GitHub: callers turn its results and
// diagnostics into comments, summaries and annotations.
package tf

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
)

// Var is one Terraform input variable given on the command line.
type Var struct{ Name, Value string }

// Options describe one Terraform root and how to run it.
type Options struct {
	Settings
	// Dir is the root module directory.
	Dir string
	// Log receives Terraform's human-readable progress lines.
	Log io.Writer
	// Targets and Replaces are break-glass -target and -replace addresses
	// for plan: target.go.
	Targets, Replaces []string
}

// Runner runs Terraform commands in one root.
type Runner struct {
	tf *tfexec.Terraform
	o  Options

	schemaOnce sync.Once // schema.go
	schemas    *tfjson.ProviderSchemas
	schemaErr  error
	env        map[string]string // terraform's environment: env.go
}

// New checks the root directory and the terraform binary and returns a Runner.
func New(o Options) (*Runner, error) {
	o.Workspace = o.WorkspaceName()
	if o.Log == nil {
		o.Log = io.Discard
	}
	st, err := os.Stat(o.Dir)
	if err != nil || !st.IsDir() {
		return nil, fmt.Errorf("working-directory %q is not a directory in this checkout: check the path (it is relative to the repository root) and that actions/checkout ran first", o.Dir)
	}
	if o.Tool == "" {
		o.Tool = DetectTool(o.Dir)
	}
	if o.ExecPath == "" {
		if o.ExecPath, err = LookPath(o.Tool); err != nil {
			return nil, err
		}
	}
	if err := checkWrapper(o.ExecPath); err != nil {
		return nil, err
	}
	t, err := tfexec.NewTerraform(o.Dir, o.ExecPath)
	if err != nil {
		return nil, fmt.Errorf("%s in %s: %w", o.Tool.Binary(), o.Dir, err)
	}
	r := &Runner{tf: t, o: o}
	if err := r.setChildEnv(); err != nil {
		return nil, err
	}
	return r, nil
}

// Tool is the engine the runner runs.
func (r *Runner) Tool() Tool { return r.o.Tool }

// Dir is the root directory the runner works in.
func (r *Runner) Dir() string { return r.o.Dir }

func (r *Runner) lockTimeout() string {
	return fmt.Sprintf("%ds", int(r.o.LockTimeout.Round(time.Second)/time.Second))
}
