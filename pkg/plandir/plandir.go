// Package plandir reads and writes the plan directory that plan-infra hands to
// comment-plan-on-pr and apply-on-merge: the binary plan, the redacted plan
// JSON, result.json and the rendered comment.
package plandir

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/repave-dev/repave/pkg/plan"
)

// File names inside a plan directory.
const (
	BinaryPlan = "plan.tfplan"
	PlanJSON   = "plan.json" // redacted: no sensitive value
	ResultJSON = "result.json"
	Comment    = "comment.md"
)

// Counts mirrors the plan's counts line (plan.Counts): imports, moves and
// forgets are changes too, and Other counts changes of a kind repave does
// not know.
type Counts struct {
	Add     int `json:"add"`
	Change  int `json:"change"`
	Destroy int `json:"destroy"`
	Replace int `json:"replace"`
	Import  int `json:"import"`
	Move    int `json:"move"`
	Forget  int `json:"forget"`
	Other   int `json:"other,omitempty"`
	Outputs int `json:"outputs"`
	Drift   int `json:"drift"`
}

// Result is result.json: what was planned, where, and its fingerprint.
type Result struct {
	Version          int    `json:"version"`
	Root             string `json:"root"`
	Workspace        string `json:"workspace"`
	HeadSHA          string `json:"head_sha"`
	Fingerprint      string `json:"fingerprint"`
	Changes          bool   `json:"changes"`
	Counts           Counts `json:"counts"`
	TerraformVersion string `json:"terraform_version"`
	// Tool is the engine that made the plan: terraform or tofu ("" is terraform).
	Tool string `json:"tool,omitempty"`
	// Destroy: the plan destroys a root the change deleted.
	Destroy   bool      `json:"destroy,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Dir is a plan directory on disk.
type Dir struct{ Path string }

// File returns the path of a file inside the directory.
func (d Dir) File(name string) string { return filepath.Join(d.Path, name) }

// Create makes the directory (private: the binary plan holds variable values).
func Create(path string) (Dir, error) {
	if err := os.MkdirAll(path, 0o700); err != nil {
		return Dir{}, fmt.Errorf("plan-dir %s: %w", path, err)
	}
	return Dir{Path: path}, nil
}

// WriteResult writes result.json atomically.
func (d Dir) WriteResult(r Result) error {
	r.Version = 1
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return d.WriteFile(ResultJSON, append(b, '\n'))
}

// WriteFile writes one file of the directory atomically (temp file + rename),
// so a reader never sees a half-written file.
func (d Dir) WriteFile(name string, b []byte) error {
	tmp, err := os.CreateTemp(d.Path, "."+name+".*")
	if err != nil {
		return fmt.Errorf("plan-dir %s: %w", d.Path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("plan-dir %s: writing %s: %w", d.Path, name, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), d.File(name))
}

// Open checks that path is a complete plan directory and reads its result.
func Open(path string) (Dir, Result, error) {
	d := Dir{Path: path}
	b, err := os.ReadFile(d.File(ResultJSON))
	if errors.Is(err, fs.ErrNotExist) {
		return d, Result{}, fmt.Errorf("plan-dir %q has no %s: pass the plan-dir output of plan-infra (if plan-infra ran in another job, upload that directory as an artifact there and download it here first)", path, ResultJSON)
	}
	if err != nil {
		return d, Result{}, fmt.Errorf("plan-dir %q: %w", path, err)
	}
	var r Result
	if err := json.Unmarshal(b, &r); err != nil {
		return d, Result{}, fmt.Errorf("plan-dir %q: %s is not valid JSON (%v): re-run plan-infra", path, ResultJSON, err)
	}
	if r.Version != 1 || r.Root == "" || r.Fingerprint == "" {
		return d, Result{}, fmt.Errorf("plan-dir %q: %s was not written by this version of plan-infra: re-run plan-infra with the same repave version", path, ResultJSON)
	}
	if _, err := os.Stat(d.File(PlanJSON)); err != nil {
		return d, Result{}, fmt.Errorf("plan-dir %q has no %s: the directory is incomplete; re-run plan-infra", path, PlanJSON)
	}
	return d, r, nil
}

// Plan is the reverse of CountsOf: the counts as pkg/plan counts them.
func (c Counts) Plan() plan.Counts {
	return plan.Counts{
		Add: c.Add, Change: c.Change, Destroy: c.Destroy, Replace: c.Replace,
		Import: c.Import, Move: c.Move, Forget: c.Forget, Other: c.Other,
		Outputs: c.Outputs, Drift: c.Drift,
	}
}

// CountsOf is the result.json form of a plan's counts.
func CountsOf(c plan.Counts) Counts {
	return Counts{
		Add: c.Add, Change: c.Change, Destroy: c.Destroy, Replace: c.Replace,
		Import: c.Import, Move: c.Move, Forget: c.Forget, Other: c.Other,
		Outputs: c.Outputs, Drift: c.Drift,
	}
}
