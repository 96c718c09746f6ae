// Package packer runs the real packer binary (init, validate, build
// -machine-readable) and returns typed results: the artifacts parsed from the
// machine-readable stream and the manifest post-processor's file. It never
// talks to GitHub.
package packer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/repave-dev/repave/pkg/childenv"
)

// Var is one template variable given with -var.
type Var struct{ Name, Value string }

// Options describe one template and how to build it.
type Options struct {
	// Template is a .pkr.hcl file or a directory of them.
	Template string
	// Version is passed as -var version=<Version> when the template declares
	// variable "version".
	Version  string
	Vars     []Var
	VarFiles []string // relative to the template's directory
	Only     []string // -only build names
	// ExecPath is the packer binary; "" looks up "packer" on PATH.
	ExecPath string
	// Env is appended to the environment of every packer process (secrets
	// for the template go here, never into the job's environment).
	Env []string
	// Log receives Packer's human-readable progress.
	Log io.Writer
	// ArtifactFrom says which artifact of each build is recorded: FromBuilder
	// ("" too), FromLast, or a builder id (Record).
	ArtifactFrom string
}

// Runner runs Packer commands for one template.
type Runner struct {
	o      Options
	dir    string // where packer runs: the template's directory
	target string // what packer is given: "." or the file's name
	source string // the template text, for the static checks below
}

// New checks the template and the packer binary and returns a Runner.
func New(o Options) (*Runner, error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	st, err := os.Stat(o.Template)
	if err != nil {
		return nil, fmt.Errorf("template %q does not exist in this checkout: give a .pkr.hcl file or a directory of them, relative to the repository root", o.Template)
	}
	r := &Runner{o: o, dir: o.Template, target: "."}
	files := []string{o.Template}
	if !st.IsDir() {
		r.dir, r.target = filepath.Dir(o.Template), filepath.Base(o.Template)
	} else if files, err = filepath.Glob(filepath.Join(o.Template, "*.pkr.hcl")); err != nil || len(files) == 0 {
		return nil, fmt.Errorf("template directory %q holds no *.pkr.hcl file: point template at an HCL2 Packer template", o.Template)
	}
	var src strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		src.Write(b)
		src.WriteByte('\n')
	}
	r.source = src.String()
	if o.ExecPath == "" {
		if r.o.ExecPath, err = exec.LookPath("packer"); err != nil {
			return nil, errors.New("packer was not found on PATH: add a step `uses: hashicorp/setup-packer@v3` before this one (or install the packer package)")
		}
	}
	return r, nil
}

var (
	requiredPlugins = regexp.MustCompile(`(?m)^\s*required_plugins\s*\{`)
	versionVar      = regexp.MustCompile(`(?m)^\s*variable\s+"version"\s*\{`)
	manifestBlock   = regexp.MustCompile(`post-processor\s+"manifest"\s*\{`)
	manifestOutput  = regexp.MustCompile(`(?m)^\s*output\s*=\s*"([^"$]+)"`)
)

// DeclaresPlugins reports whether the template has a required_plugins block.
func (r *Runner) DeclaresPlugins() bool { return requiredPlugins.MatchString(r.source) }

// DeclaresVersion reports whether the template declares variable "version".
func (r *Runner) DeclaresVersion() bool { return versionVar.MatchString(r.source) }

// ManifestPath is where the template's manifest post-processor writes
// (its literal `output`, else packer-manifest.json), relative to the directory packer runs in (the template's); "" when
// the template has no manifest post-processor.
func (r *Runner) ManifestPath() string {
	loc := manifestBlock.FindStringIndex(r.source)
	if loc == nil {
		return ""
	}
	rest := r.source[loc[1]:]
	if next := strings.Index(rest, "post-processor"); next >= 0 {
		rest = rest[:next]
	}
	if m := manifestOutput.FindStringSubmatch(rest); m != nil {
		return m[1]
	}
	return "packer-manifest.json"
}

// varArgs are the -var and -var-file flags shared by validate and build.
func (r *Runner) varArgs() []string {
	var args []string
	if r.o.Version != "" && r.DeclaresVersion() {
		args = append(args, "-var", "version="+r.o.Version)
	}
	for _, v := range r.o.Vars {
		args = append(args, "-var", v.Name+"="+v.Value)
	}
	for _, f := range r.o.VarFiles {
		args = append(args, "-var-file="+f)
	}
	if len(r.o.Only) > 0 {
		args = append(args, "-only="+strings.Join(r.o.Only, ","))
	}
	return args
}

func (r *Runner) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := childenv.Command(ctx, r.o.ExecPath, args...) // no inputs, OIDC request or tokens
	cmd.Dir = r.dir
	cmd.Env = append(cmd.Env, "CHECKPOINT_DISABLE=1", "PACKER_NO_COLOR=1")
	cmd.Env = append(cmd.Env, r.o.Env...)
	return cmd
}
