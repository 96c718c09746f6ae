// Package input holds the error of a bad action input, shared by
// pkg/runner (which reads inputs) and the feature packages that check
// multi-line inputs themselves (pkg/audit): one message shape for all.
package input

import (
	"fmt"
	"strconv"
	"strings"
)

// Error reports an input whose value is missing or not in the accepted
// form. Its message names the input, shows what was given (unless Secret),
// and says what is accepted.
type Error struct {
	Input  string // action.yml input name, e.g. "lock-timeout"
	Value  string // what was given; empty when the input is missing
	Reason string // what is wrong, e.g. "is not a duration"; "is required" for a missing input
	Want   string // the accepted form, e.g. "a Go duration such as 300s or 5m"
	Line   int    // 1-based line of a multi-line input; 0 for single-line inputs
	Secret bool   // hide Value in the message
}

// Error reads, for example:
//
//	input "lock-timeout": "5 minutes" is not a duration; use a Go duration such as 300s or 5m
//	input "backend-config" line 2: "region" is not name=value; use one name=value per line, such as region=eu-west-1
//	input "plan-dir" is required: set `plan-dir:` in the step's `with:`
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "input %q", e.Input)
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	reason := e.Reason
	if reason == "" {
		reason = "is not valid"
	}
	if e.Value == "" && e.Line == 0 {
		fmt.Fprintf(&b, " %s: %s", reason, e.Want)
		return b.String()
	}
	shown := strconv.Quote(e.Value)
	if e.Secret {
		shown = "the value (hidden)"
	}
	fmt.Fprintf(&b, ": %s %s; use %s", shown, reason, e.Want)
	return b.String()
}
