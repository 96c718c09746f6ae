// Package runner is what every repave action binary needs from the GitHub
// Actions runner: it reads typed inputs, writes outputs, the step summary,
// masks, groups and annotations, reads the event context, and reports failure
// with one `::error` line and an exit code. (The composite actions themselves
// live in the repository's actions/ directory.)
//
// It builds on github.com/sethvargo/go-githubactions for workflow commands
// (escaping, masks, groups) and writes the GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files itself, with a random heredoc delimiter and a size
// cap. Everything reads the environment through an injectable getenv and
// writes to an injectable stdout, so it is testable without a runner.
package runner

import (
	"io"
	"os"
	"sync"

	"github.com/sethvargo/go-githubactions"
)

// Runtime is the handle an action binary uses to talk to the runner. It is
// safe for concurrent use.
type Runtime struct {
	action *githubactions.Action
	getenv func(string) string
	stdout io.Writer // serialised; every line the runner reads passes here

	mu           sync.Mutex
	scrub        func(string) string
	secretInputs map[string]bool
	summaryUsed  int  // bytes of step summary written or found in the file
	summaryCut   bool // the summary hit SummaryLimit; nothing more is added
}

// Option configures a Runtime built by New.
type Option func(*Runtime)

// WithGetenv replaces os.Getenv as the source of inputs and GITHUB_* variables.
func WithGetenv(f func(string) string) Option {
	return func(r *Runtime) { r.getenv = f }
}

// WithStdout replaces os.Stdout as the stream the runner reads workflow
// commands and log lines from.
func WithStdout(w io.Writer) Option {
	return func(r *Runtime) { r.stdout = w }
}

// New returns a Runtime reading the process environment and writing to
// os.Stdout unless options say otherwise.
func New(opts ...Option) *Runtime {
	r := &Runtime{getenv: os.Getenv, stdout: os.Stdout}
	for _, opt := range opts {
		if opt != nil {
			opt(r)
		}
	}
	r.stdout = &lockedWriter{w: r.stdout}
	r.action = githubactions.New(
		githubactions.WithGetenv(r.getenv),
		githubactions.WithWriter(r.stdout),
	)
	return r
}

// Getenv returns the environment variable k as the runtime sees it.
func (r *Runtime) Getenv(k string) string { return r.getenv(k) }

// SetScrubber installs f as the filter every text the runtime emits passes
// through: outputs, the step summary, annotations, log lines and failures.
// The secrets package plugs its scrubber in here. nil restores the identity.
func (r *Runtime) SetScrubber(f func(string) string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.scrub = f
}

// scrubbed applies the installed scrubber to s.
func (r *Runtime) scrubbed(s string) string {
	r.mu.Lock()
	f := r.scrub
	r.mu.Unlock()
	if f == nil {
		return s
	}
	return f(s)
}

// lockedWriter serialises writes so concurrent log lines never interleave
// within a line.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
