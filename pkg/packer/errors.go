package packer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Error is a failed packer command with the error messages Packer printed.
type Error struct {
	Command  string // init, validate, build
	Template string
	Messages []string
	Err      error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "packer %s of %s failed", e.Command, e.Template)
	for _, m := range e.Messages {
		b.WriteString("\n- ")
		b.WriteString(strings.Join(strings.Fields(m), " "))
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Location is a file and line an error message names.
type Location struct {
	File    string // relative to the template's directory
	Line    int
	Message string
}

var onFileLine = regexp.MustCompile(`on (\S+) line (\d+)`)

// Locations returns the messages that name a file and line (HCL diagnostics:
// "Error: ...\n\n  on web.pkr.hcl line 2:"); Line 0 for the others.
func (e *Error) Locations() []Location {
	out := make([]Location, 0, len(e.Messages))
	for _, m := range e.Messages {
		loc := Location{Message: strings.TrimSpace(m)}
		if s := onFileLine.FindStringSubmatch(m); s != nil {
			loc.File = s[1]
			loc.Line, _ = strconv.Atoi(s[2])
		}
		out = append(out, loc)
	}
	return out
}
