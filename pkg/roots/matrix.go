package roots

import (
	"encoding/json"
	"strings"
)

// MaxJobs is the most jobs a GitHub Actions matrix may generate per workflow
// run.
const MaxJobs = 256

// Matrix is a GitHub Actions matrix of roots, for
// `strategy.matrix: ${{ fromJSON(needs.<job>.outputs.matrix) }}`.
//
// Up to MaxJobs roots, each job gets one root in `matrix.root`. Past that,
// roots are split into at most MaxJobs batches of consecutive roots, each job
// getting a newline-separated batch in `matrix.roots` (plan-infra's
// `roots-batch` input).
type Matrix struct {
	Include []Job `json:"include"`
}

// Job is one matrix entry: Root or Roots is set. A one-root job also says
// which tool and version to install (versions.go), and whether the change
// deletes the root (deleted.go).
type Job struct {
	Root        string `json:"root,omitempty"`
	Roots       string `json:"roots,omitempty"`
	Tool        string `json:"tool,omitempty"`
	ToolVersion string `json:"tool-version,omitempty"`
	Deleted     bool   `json:"deleted,omitempty"`
}

// NewMatrix spreads roots over jobs, at most max (MaxJobs when max <= 0).
func NewMatrix(roots []string, max int) Matrix {
	if max <= 0 {
		max = MaxJobs
	}
	m := Matrix{Include: []Job{}}
	if len(roots) <= max {
		for _, r := range roots {
			m.Include = append(m.Include, Job{Root: r})
		}
		return m
	}
	per := (len(roots) + max - 1) / max
	for i := 0; i < len(roots); i += per {
		m.Include = append(m.Include, Job{Roots: strings.Join(roots[i:min(i+per, len(roots))], "\n")})
	}
	return m
}

// JSON is the matrix in one line, for a step output.
func (m Matrix) JSON() string {
	b, err := json.Marshal(m)
	if err != nil {
		panic("roots: marshal matrix: " + err.Error()) // strings only: cannot fail
	}
	return string(b)
}
