package review

import (
	"fmt"
	"strings"
	"time"

	"github.com/repave-dev/repave/pkg/plan"
)

// The compared part of a sticky comment is its whole body except repave's own
// status line ("applied", "not applied", "failed"), which apply-on-merge
// writes below the marker and digest lines (plan.WithStatus) together with
// the blank line after it. Everything else, the marker line included, must be
// byte for byte what repave renders for the plan about to be applied.

const (
	statusPrefix = "> <!-- repave:status --> "
	digestPrefix = "<!-- repave:actions "
)

// statusAt is the index of the line where a status line goes in lines: right
// after the marker, or after the digest line that follows it.
func statusAt(lines []string) int {
	if len(lines) > 1 && strings.HasPrefix(lines[1], digestPrefix) {
		return 2
	}
	return 1
}

// comparedLines splits body into lines without the status line (and the
// blank line after it), and gives each kept line its 1-based number in body.
// A status-like line anywhere else is compared like any other line.
func comparedLines(body string) (lines []string, numbers []int) {
	all := strings.Split(body, "\n")
	at := statusAt(all)
	skip := -1
	if at < len(all) && strings.HasPrefix(all[at], statusPrefix) {
		skip = at
	}
	for i, l := range all {
		if i == skip || (skip >= 0 && i == skip+1 && l == "") {
			continue
		}
		lines = append(lines, l)
		numbers = append(numbers, i+1)
	}
	return lines, numbers
}

// WithoutStatus is body without repave's status line.
func WithoutStatus(body string) string {
	lines, _ := comparedLines(body)
	return strings.Join(lines, "\n")
}

// WithStatus sets the status line of a sticky comment, replacing an earlier
// one, and leaves the compared part as it was.
func WithStatus(body, status string) string {
	return plan.WithStatus(WithoutStatus(body), status)
}

// LineDiff is the first line where a posted comment differs from what repave
// renders: Line is its number in the posted comment (1-based).
type LineDiff struct {
	Line             int
	Posted, Rendered string // "" with PostedEnd/RenderedEnd when one text ended
	PostedEnd        bool
	RenderedEnd      bool
}

// FirstDifference compares the compared part of posted with rendered (which
// carries no status line) and returns the first line that differs, or nil
// when they are equal byte for byte. The hidden action digest is an opaque
// encoding of the visible diff, so a difference there is named only when no
// visible line differs: the line a reviewer can read says more.
func FirstDifference(posted, rendered string) *LineDiff {
	p, numbers := comparedLines(posted)
	r := strings.Split(rendered, "\n")
	var digest *LineDiff
	for i := 0; i < len(p) || i < len(r); i++ {
		switch {
		case i >= len(p):
			last := len(strings.Split(posted, "\n"))
			return &LineDiff{Line: last + 1, PostedEnd: true, Rendered: r[i]}
		case i >= len(r):
			return &LineDiff{Line: numbers[i], Posted: p[i], RenderedEnd: true}
		case p[i] != r[i]:
			d := &LineDiff{Line: numbers[i], Posted: p[i], Rendered: r[i]}
			if digest != nil || !strings.HasPrefix(p[i], digestPrefix) || !strings.HasPrefix(r[i], digestPrefix) {
				return d
			}
			digest = d
		}
	}
	return digest
}

// quoteLine shows a line of a comment in an error message: quoted, control
// characters escaped, cut to a readable length.
func quoteLine(s string, end bool) string {
	if end {
		return "(the text ends here)"
	}
	const most = 160
	if r := []rune(s); len(r) > most {
		s = string(r[:most]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// withPostedTimestamp handles the one value that differs between two plans of
// the same configuration and state: the plan's own timestamp (plantimestamp()
// renders it). When d, the first difference of posted and rendered, is where
// rendered shows ts, the rendering plan's timestamp, and posted shows another
// RFC 3339 time there, it returns rendered with every ts read as that time,
// to be compared again; otherwise false.
func withPostedTimestamp(d *LineDiff, rendered, ts string) (string, bool) {
	if ts == "" || d == nil || d.PostedEnd || d.RenderedEnd {
		return "", false
	}
	i := strings.Index(d.Rendered, ts)
	if i < 0 || len(d.Posted) < i+len(ts) || d.Posted[:i] != d.Rendered[:i] {
		return "", false
	}
	other := d.Posted[i : i+len(ts)]
	if _, err := time.Parse(time.RFC3339, other); err != nil || other == ts {
		return "", false
	}
	return strings.ReplaceAll(rendered, ts, other), true
}
