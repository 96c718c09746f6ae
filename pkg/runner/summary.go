package runner

import (
	"fmt"
	"os"
	"strings"
	"unicode/utf8"
)

// SummaryLimit is the most a step may write to GITHUB_STEP_SUMMARY: GitHub
// drops a larger step summary entirely, with an error.
const SummaryLimit = 1 << 20

// SummaryTruncated ends a step summary that hit SummaryLimit.
const SummaryTruncated = "\n\n> **Truncated:** this step summary reached GitHub's 1 MiB limit; the rest was left out.\n"

// summaryHeader introduces the step summary in a local run's output.
const summaryHeader = "---- step summary ----\n"

// AddSummary appends markdown (scrubbed, plus a final newline if missing) to
// the step summary file named by GITHUB_STEP_SUMMARY. What the step has
// written, including earlier calls and anything already in the file, is kept
// under SummaryLimit: the text that does not fit is cut at the last line
// break that fits and SummaryTruncated is appended; later calls add nothing.
// Outside a runner the summary goes to stdout under a
// "---- step summary ----" line, with the same cap.
func (r *Runtime) AddSummary(markdown string) error {
	md := r.scrubbed(markdown)
	if md == "" {
		return nil
	}
	if !strings.HasSuffix(md, "\n") {
		md += "\n"
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	path := r.getenv("GITHUB_STEP_SUMMARY")
	used := r.summaryUsed
	if path != "" {
		if fi, err := os.Stat(path); err == nil && int(fi.Size()) > used {
			used = int(fi.Size())
		}
	}
	if r.summaryCut {
		return nil
	}
	if used+len(md) > SummaryLimit {
		r.summaryCut = true
		room := SummaryLimit - used - len(SummaryTruncated)
		if room < 0 {
			return nil // not even room to say so
		}
		md = cut(md, room) + SummaryTruncated
	}
	if path == "" {
		if _, err := fmt.Fprint(r.stdout, summaryHeader+md); err != nil {
			return err
		}
	} else if err := appendFile(path, md); err != nil {
		return fmt.Errorf("writing the step summary: %w", err)
	}
	r.summaryUsed = used + len(md)
	return nil
}

// cut returns the longest prefix of s of at most n bytes that ends at a line
// break, or, when no line break fits in the last quarter, at a rune boundary.
func cut(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if n >= len(s) {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '\n'); i >= n-n/4 {
		return s[:i+1]
	}
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
