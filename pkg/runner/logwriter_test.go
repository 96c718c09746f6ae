package runner

import (
	"strings"
	"testing"
)

func TestLogWriterScrubsAndFencesLines(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	r := New(WithGetenv(func(string) string { return "" }), WithStdout(&out))
	r.SetScrubber(func(s string) string { return strings.ReplaceAll(s, "s3cret", "***") })
	w := r.LogWriter()
	w.Write([]byte("Plan: 1 to add\npassword is s3"))
	w.Write([]byte("cret\n::add-mask::x\nlast"))
	w.Close()
	got := out.String()
	if strings.Contains(got, "s3cret") {
		t.Errorf("a secret split across writes reached the log:\n%s", got)
	}
	if !strings.Contains(got, "Plan: 1 to add\npassword is ***\n") || !strings.HasSuffix(got, "last\n") {
		t.Errorf("lines were not passed whole:\n%s", got)
	}
	if !strings.Contains(got, "::stop-commands::") {
		t.Errorf("a line that looks like a workflow command was not fenced:\n%s", got)
	}
}
