package tf

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// stream consumes Terraform's machine-readable UI (-json), writes the human
// message of each line to the log and keeps the diagnostics.
type stream struct {
	log   io.Writer
	buf   []byte
	diags []tfjson.Diagnostic
	// started are the resources whose change began (apply_start): apply.go.
	started []string
	tool    Tool // named in errors
}

// stream is a stream into the runner's log whose errors name its tool.
func (r *Runner) stream() *stream { return &stream{log: r.o.Log, tool: r.o.Tool} }

// Write splits the stream into lines; a partial line waits for the next write.
func (s *stream) Write(p []byte) (int, error) {
	s.buf = append(s.buf, p...)
	for {
		i := bytes.IndexByte(s.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		s.line(s.buf[:i])
		s.buf = s.buf[i+1:]
	}
}

func (s *stream) line(b []byte) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return
	}
	s.noteStart(b)
	msg, err := tfjson.UnmarshalLogMessage(b)
	if err != nil || msg == nil {
		// Not JSON (an old Terraform or a wrapper script): pass it through.
		fmt.Fprintf(s.log, "%s\n", b)
		return
	}
	switch d := msg.(type) {
	case tfjson.DiagnosticLogMessage:
		s.diags = append(s.diags, d.Diagnostic)
	case *tfjson.DiagnosticLogMessage:
		s.diags = append(s.diags, d.Diagnostic)
	}
	if text := strings.TrimRight(msg.Message(), "\n"); text != "" {
		fmt.Fprintf(s.log, "%s\n", text)
	}
}

// result turns the command's error and the diagnostics seen into one error.
func (s *stream) result(command, dir string, err error) error {
	if len(s.buf) > 0 {
		s.line(s.buf)
		s.buf = nil
	}
	if err == nil {
		return nil
	}
	var errs []tfjson.Diagnostic
	for _, d := range s.diags {
		if d.Severity == tfjson.DiagnosticSeverityError {
			errs = append(errs, d)
		}
	}
	return &DiagnosticsError{Tool: s.tool, Command: command, Dir: dir, Diagnostics: errs, Err: err}
}
