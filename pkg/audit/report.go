package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/repave-dev/repave/pkg/secrets"
)

// RepositoryRoot names the pseudo-root that holds what belongs to no
// Terraform root: hygiene findings elsewhere in the repository, and manual
// changes that match no resource in any root's state (when there are several
// roots; with one root they are that root's).
const RepositoryRoot = "(repository)"

// Report is everything one audit-check run found; it is written as JSON.
type Report struct {
	GeneratedAt time.Time    `json:"generated_at"`
	Roots       []RootReport `json:"roots"`
}

// RootReport is what was found for one root and workspace.
type RootReport struct {
	Root      string `json:"root"`
	Workspace string `json:"workspace"`
	// Pending: main's plan would change these; the state was changed outside the pipeline.
	Pending []ResourceChange `json:"pending"`
	// Drift: the refresh-only plan found these real objects changed outside Terraform.
	Drift  []ResourceChange `json:"drift"`
	Manual []ManualChange   `json:"manual_changes"`
	// Attempts are write calls by people that failed or were denied: they
	// changed nothing, and are listed apart from Manual.
	Attempts []ManualChange `json:"denied_or_failed_attempts"`
	Hygiene  []Finding      `json:"hygiene"`
	// Suppressed are hygiene findings a repave:ignore comment suppressed,
	// with its reason: listed, not counted.
	Suppressed []Finding       `json:"suppressed,omitempty"`
	Health     []HealthFinding `json:"health,omitempty"` // failing health checks: health.go
	// Error is set when Terraform could not check this root; its issue is
	// then left as it is.
	Error string `json:"error,omitempty"`
	// Tool is the engine that checked the root (terraform or tofu).
	Tool string `json:"tool,omitempty"`
}

// Drifted reports whether the root's state or real objects differ from main.
func (r RootReport) Drifted() bool { return len(r.Pending)+len(r.Drift) > 0 }

// Findings counts the root's findings.
func (r RootReport) Findings() int {
	return len(r.Pending) + len(r.Drift) + len(r.Manual) + len(r.Attempts) + len(r.Hygiene) + len(r.Health)
}

// FindingsHash identifies the findings, not when they were found: two runs that
// find the same things give the same hash, so the issue is left alone.
func (r RootReport) FindingsHash() string {
	type stable struct {
		Pending    []ResourceChange
		Drift      []ResourceChange
		Manual     []string
		Hygiene    []Finding
		Attempts   []string  `json:",omitempty"`
		Suppressed []Finding `json:",omitempty"`
		Health     []string  `json:",omitempty"`
	}
	s := stable{Pending: r.Pending, Drift: r.Drift, Hygiene: r.Hygiene, Suppressed: r.Suppressed, Health: healthURLs(r.Health)}
	for _, m := range r.Manual {
		s.Manual = append(s.Manual, m.ID+"|"+m.Name+"|"+m.Principal+"|"+m.Address)
	}
	for _, m := range r.Attempts {
		s.Attempts = append(s.Attempts, m.ID+"|"+m.Name+"|"+m.Principal+"|"+m.Address+"|"+m.ErrorCode)
	}
	b, _ := json.Marshal(s)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// Drifted reports whether any root drifted.
func (r *Report) Drifted() bool {
	for _, rr := range r.Roots {
		if rr.Drifted() {
			return true
		}
	}
	return false
}

// Findings counts the findings of every root.
func (r *Report) Findings() int {
	n := 0
	for _, rr := range r.Roots {
		n += rr.Findings()
	}
	return n
}

// Errors lists the roots Terraform could not check, with why.
func (r *Report) Errors() []string {
	var out []string
	for _, rr := range r.Roots {
		if rr.Error != "" {
			out = append(out, rr.Root+": "+rr.Error)
		}
	}
	return out
}

// WriteJSON writes the report to path (directories created), scrubbing every
// value of sensitive from the text.
func (r *Report) WriteJSON(path string, sensitive []string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if len(sensitive) > 0 { // value by value: keys and JSON structure stay
		if b, err = secrets.ScrubJSONWith(b, scrubberFor(sensitive).Scrub); err != nil {
			return err
		}
		var out bytes.Buffer
		if err := json.Indent(&out, b, "", "  "); err != nil {
			return err
		}
		b = out.Bytes()
	}
	text := string(b)
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return os.WriteFile(path, []byte(text), 0o644)
}
