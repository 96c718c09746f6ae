package audit

import "fmt"

// InputError is a bad line of a multi-line input (working-directories,
// automation-principals): the runner reports it as an invalid input.
type InputError struct {
	Input  string // e.g. "working-directories"
	Line   int    // 1-based; 0 for the input as a whole
	Value  string
	Reason string // e.g. "matches no directory with .tf files"
	Want   string // what to give instead
}

func (e *InputError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("input %q %s: %s", e.Input, e.Reason, e.Want)
	}
	return fmt.Sprintf("input %q line %d: %q %s; use %s", e.Input, e.Line, e.Value, e.Reason, e.Want)
}
