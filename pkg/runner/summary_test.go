package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestSummaryAppends(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "summary")
	r, stdout := newTest(map[string]string{"GITHUB_STEP_SUMMARY": path})
	r.SetScrubber(func(s string) string { return strings.ReplaceAll(s, "hunter2", "(sensitive)") })
	for _, md := range []string{"## Plan: infra/prod", "| a | b |\n", "", "password hunter2"} {
		if err := r.AddSummary(md); err != nil {
			t.Fatal(err)
		}
	}
	want := "## Plan: infra/prod\n| a | b |\npassword (sensitive)\n"
	if got := readFile(t, path); got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout = %q, want nothing on a runner", stdout)
	}
}

func TestSummaryCappedAt1MiB(t *testing.T) {
	t.Parallel()
	line := strings.Repeat("x", 99) + "\n" // 100 bytes
	tests := []struct {
		name     string
		existing string   // already in the file from earlier in the step
		calls    []string // AddSummary arguments
	}{
		{"one huge call", "", []string{strings.Repeat(line, 11000)}},
		{"many calls", "", []string{strings.Repeat(line, 6000), strings.Repeat(line, 6000), "after the cut"}},
		{"file already partly full", strings.Repeat(line, 10000), []string{strings.Repeat(line, 1000)}},
		{"no line break in reach", "", []string{strings.Repeat("é", SummaryLimit)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "summary")
			if err := os.WriteFile(path, []byte(tt.existing), 0o644); err != nil {
				t.Fatal(err)
			}
			r, _ := newTest(map[string]string{"GITHUB_STEP_SUMMARY": path})
			for _, md := range tt.calls {
				if err := r.AddSummary(md); err != nil {
					t.Fatal(err)
				}
			}
			got := readFile(t, path)
			if len(got) > SummaryLimit {
				t.Errorf("summary is %d bytes, over GitHub's %d", len(got), SummaryLimit)
			}
			if len(got) < SummaryLimit-1000 {
				t.Errorf("summary is %d bytes, cut far too early", len(got))
			}
			if !strings.HasSuffix(got, SummaryTruncated) || strings.Count(got, "Truncated") != 1 {
				t.Errorf("summary does not end with exactly one truncation line: …%q", got[len(got)-200:])
			}
			if !utf8.ValidString(got) {
				t.Errorf("cut inside a UTF-8 sequence")
			}
			body := strings.TrimSuffix(got, SummaryTruncated)
			if strings.Contains(body, "x") && !strings.HasSuffix(body, "\n") {
				t.Errorf("cut mid-line although a line break was in reach: …%q", body[len(body)-20:])
			}
			if strings.Contains(got, "after the cut") {
				t.Errorf("text added after the cut")
			}
		})
	}
}

func TestSummaryUnderLimitIsNotCut(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "summary")
	r, _ := newTest(map[string]string{"GITHUB_STEP_SUMMARY": path})
	md := strings.Repeat("y", SummaryLimit-1) // + the added newline = exactly the limit
	if err := r.AddSummary(md); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != md+"\n" {
		t.Errorf("a summary of exactly 1 MiB was changed (len %d)", len(got))
	}
}

func TestSummaryOutsideRunner(t *testing.T) {
	t.Parallel()
	r, stdout := newTest(nil)
	if err := r.AddSummary("## Plan\n1 to add"); err != nil {
		t.Fatal(err)
	}
	if got, want := stdout.String(), "---- step summary ----\n## Plan\n1 to add\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
}
