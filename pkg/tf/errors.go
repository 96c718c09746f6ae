package tf

import (
	"fmt"
	"regexp"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// DiagnosticsError is a failed Terraform command with the error diagnostics
// Terraform reported, so callers can annotate files and lines.
type DiagnosticsError struct {
	Tool        Tool // the engine that failed; "" is terraform
	Command     string
	Dir         string
	Diagnostics []tfjson.Diagnostic
	Err         error
}

func (e *DiagnosticsError) Error() string {
	if len(e.Diagnostics) == 0 {
		return fmt.Sprintf("%s %s in %s failed: %v", e.Tool.Binary(), e.Command, e.Dir, e.Err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s in %s failed:", e.Tool.Binary(), e.Command, e.Dir)
	for _, d := range e.Diagnostics {
		b.WriteString("\n- ")
		b.WriteString(d.Summary)
		if d.Range != nil && d.Range.Filename != "" {
			fmt.Fprintf(&b, " (%s line %d)", d.Range.Filename, d.Range.Start.Line)
		}
		if d.Detail != "" {
			b.WriteString(": ")
			b.WriteString(strings.Join(strings.Fields(d.Detail), " "))
		}
	}
	if h := e.lockHint(); h != "" {
		b.WriteString("\n")
		b.WriteString(h)
	}
	return b.String()
}

func (e *DiagnosticsError) Unwrap() error { return e.Err }

var lockField = regexp.MustCompile(`(?m)^[ \t]*(ID|Path|Operation|Who|Created):[ \t]*(.*)$`)

// LockHolder returns the lock info Terraform printed when the state lock was
// held by someone else past the lock timeout (ID, Who, Operation, Created…).
func (e *DiagnosticsError) LockHolder() map[string]string {
	for _, d := range e.Diagnostics {
		if !strings.Contains(d.Summary, "acquiring the state lock") {
			continue
		}
		info := map[string]string{}
		for _, m := range lockField.FindAllStringSubmatch(d.Detail, -1) {
			if v := strings.TrimSpace(m[2]); v != "" {
				info[m[1]] = v
			}
		}
		return info
	}
	return nil
}

func (e *DiagnosticsError) lockHint() string {
	h := e.LockHolder()
	if h == nil {
		return ""
	}
	return fmt.Sprintf("The state is locked by %s (operation %s, since %s, lock ID %s). Wait for that run to finish, raise lock-timeout, or if it died, run `terraform force-unlock %s` in %s.",
		or(h["Who"], "someone else"), or(h["Operation"], "unknown"), or(h["Created"], "unknown"), or(h["ID"], "?"), or(h["ID"], "<lock id>"), e.Dir)
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
