package runner

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sethvargo/go-githubactions"
)

// readOutputs reads a GITHUB_OUTPUT file back with parseOutputs.
func readOutputs(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out, err := ParseOutputs(string(data))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSetOutputRoundTrips(t *testing.T) {
	t.Parallel()
	values := map[string]string{
		"plain":       "infra/prod",
		"empty":       "",
		"eof":         "first\nEOF\nlast",
		"fixed-delim": "a\n_GitHubActionsFileCommandDelimeter_\nb",
		"newlines":    "\n\nline\r\nwith CR\n\n",
		"markers":     "name<<X\nX\nother=1",
		"utf8":        "ünïcode → ✓",
	}
	path := filepath.Join(t.TempDir(), "output")
	r, stdout := newTest(map[string]string{"GITHUB_OUTPUT": path})
	for name, v := range values {
		if err := r.SetOutput(name, v); err != nil {
			t.Fatalf("SetOutput(%s): %v", name, err)
		}
	}
	got := readOutputs(t, path)
	for name, v := range values {
		if got[name] != v {
			t.Errorf("output %s = %q, want %q", name, got[name], v)
		}
	}
	if len(got) != len(values) {
		t.Errorf("read %d outputs, want %d: %q", len(got), len(values), got)
	}
	if stdout.Len() != 0 {
		t.Errorf("on a runner nothing goes to stdout, got %q", stdout)
	}
}

func TestSetOutputDelimiterNeverInValue(t *testing.T) {
	t.Parallel()
	// A value that contains the delimiter of the previous call must not
	// reuse it; every delimiter is fresh.
	path := filepath.Join(t.TempDir(), "output")
	r, _ := newTest(map[string]string{"GITHUB_OUTPUT": path})
	if err := r.SetOutput("a", "x"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	first := strings.TrimPrefix(strings.SplitN(string(data), "\n", 2)[0], "a<<")
	if !strings.HasPrefix(first, "ghadelimiter_") || len(first) < 40 {
		t.Fatalf("delimiter %q is not random-looking", first)
	}
	v := "before\n" + first + "\nafter"
	if err := r.SetOutput("b", v); err != nil {
		t.Fatal(err)
	}
	if got := readOutputs(t, path)["b"]; got != v {
		t.Errorf("b = %q, want %q", got, v)
	}
}

func TestSetOutputOutsideRunner(t *testing.T) {
	t.Parallel()
	r, stdout := newTest(nil)
	if err := r.SetOutput("plan-dir", "/tmp/plan"); err != nil {
		t.Fatal(err)
	}
	if got, want := stdout.String(), "output plan-dir=/tmp/plan\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
}

func TestSetOutputRejectsBadNames(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "output")
	r, _ := newTest(map[string]string{"GITHUB_OUTPUT": path})
	for _, name := range []string{"", "a=b", "a<<b", "two words", "line\nbreak", "1st"} {
		if err := r.SetOutput(name, "v"); err == nil {
			t.Errorf("SetOutput(%q) accepted a name the runner would misread", name)
		}
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("rejected outputs still wrote the file")
	}
}

func TestMask(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value string
		want  string
	}{
		{"s3cr3t", "::add-mask::s3cr3t\n"},
		{"", ""},
		{"  \n ", ""},
		{"-----BEGIN KEY-----\nabc%def\n\n-----END KEY-----\n",
			"::add-mask::-----BEGIN KEY-----%0Aabc%25def%0A%0A-----END KEY-----%0A\n" +
				"::add-mask::-----BEGIN KEY-----\n::add-mask::abc%25def\n::add-mask::-----END KEY-----\n"},
		{"one\r\ntwo", "::add-mask::one%0D%0Atwo\n::add-mask::one\n::add-mask::two\n"},
	}
	for _, tt := range tests {
		r, out := newTest(nil)
		r.Mask(tt.value)
		if out.String() != tt.want {
			t.Errorf("Mask(%q) wrote\n%q\nwant\n%q", tt.value, out, tt.want)
		}
	}
}

func TestGroupClosesOnErrorAndPanic(t *testing.T) {
	t.Parallel()
	r, out := newTest(nil)
	boom := errors.New("boom")
	err := r.Group("terraform init", func() error {
		r.Infof("Initializing %s", "backend")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Group returned %v, want fn's error", err)
	}
	want := "::group::terraform init\nInitializing backend\n::endgroup::\n"
	if out.String() != want {
		t.Errorf("log = %q, want %q", out, want)
	}

	out.Reset()
	func() {
		defer func() {
			if p := recover(); p != "kaput" {
				t.Errorf("panic = %v, want it passed on", p)
			}
		}()
		_ = r.Group("plan", func() error { panic("kaput") })
	}()
	if want := "::group::plan\n::endgroup::\n"; out.String() != want {
		t.Errorf("log = %q, want %q", out, want)
	}
}

func TestLogLinesAndScrubber(t *testing.T) {
	t.Parallel()
	r, out := newTest(nil)
	r.SetScrubber(func(s string) string { return strings.ReplaceAll(s, "hunter2", "***") })
	r.Infof("password is %s", "hunter2")
	r.Warningf("50%% done\nwith hunter2")
	_ = r.Group("hunter2 group", func() error { return nil })
	r.Debugf("x=%d", 1)
	want := "password is ***\n" +
		"::warning::50%25 done%0Awith ***\n" +
		"::group::*** group\n::endgroup::\n" +
		"::debug::x=1\n"
	if out.String() != want {
		t.Errorf("log =\n%q\nwant\n%q", out, want)
	}

	r.SetScrubber(nil)
	out.Reset()
	r.Infof("hunter2")
	if out.String() != "hunter2\n" {
		t.Errorf("SetScrubber(nil) should restore the identity, got %q", out)
	}
}

func TestScrubberAppliesToOutputs(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "output")
	r, _ := newTest(map[string]string{"GITHUB_OUTPUT": path})
	r.SetScrubber(func(s string) string { return strings.ReplaceAll(s, "hunter2", "(sensitive)") })
	if err := r.SetOutput("summary", "db password hunter2"); err != nil {
		t.Fatal(err)
	}
	if got := readOutputs(t, path)["summary"]; got != "db password (sensitive)" {
		t.Errorf("output = %q", got)
	}
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r, out := newTest(map[string]string{
		"GITHUB_OUTPUT":       filepath.Join(dir, "output"),
		"GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary"),
	})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.SetScrubber(func(s string) string { return s })
			r.Infof("line %d", i)
			_ = r.AddSummary(fmt.Sprintf("row %d", i))
			_ = r.SetOutput(fmt.Sprintf("o%d", i), "v")
		}()
	}
	wg.Wait()
	if n := strings.Count(out.String(), "\n"); n != 8 {
		t.Errorf("got %d log lines, want 8: %q", n, out)
	}
	if n := len(readOutputs(t, filepath.Join(dir, "output"))); n != 8 {
		t.Errorf("got %d outputs, want 8", n)
	}
}

// The reason SetOutput does not use go-githubactions: its fixed delimiter
// ends the value early. This also shows readOutputs can tell.
func TestLibrarySetOutputBreaksOnItsDelimiter(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "output")
	a := githubactions.New(githubactions.WithGetenv(func(k string) string {
		if k == "GITHUB_OUTPUT" {
			return path
		}
		return ""
	}))
	v := "a\n_GitHubActionsFileCommandDelimeter_\nb"
	a.SetOutput("x", v)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ParseOutputs(string(data)); err == nil && got["x"] == v {
		t.Errorf("go-githubactions kept the value; SetOutput could delegate to it")
	}
}

func TestInfofDoesNotLetTextIssueCommands(t *testing.T) {
	t.Parallel()
	r, out := newTest(nil)
	r.Infof("  + tags = {\n      ::add-mask::hunter2\n  }")
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("log = %q", out)
	}
	start, end := lines[0], lines[4]
	token := strings.TrimPrefix(start, "::stop-commands::")
	if token == start || !strings.HasPrefix(token, "ghadelimiter_") || end != "::"+token+"::" {
		t.Errorf("text not fenced by stop-commands: %q", out)
	}
	if got := strings.Join(lines[1:4], "\n"); got != "  + tags = {\n      ::add-mask::hunter2\n  }" {
		t.Errorf("text changed: %q", got)
	}

	out.Reset()
	r.Infof("a :: b ##[x]")
	if out.String() != "a :: b ##[x]\n" {
		t.Errorf("harmless text fenced: %q", out)
	}
}

func TestSetOutputsInOrderStopsAtTheFirstBadName(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "output")
	r, _ := newTest(map[string]string{"GITHUB_OUTPUT": path})
	err := r.SetOutputs([][2]string{{"changes", "true"}, {"9lives", "x"}, {"fingerprint", "abc"}})
	if err == nil || !strings.Contains(err.Error(), `"9lives"`) {
		t.Fatalf("err = %v, want the bad output name named", err)
	}
	got := readOutputs(t, path)
	if got["changes"] != "true" || len(got) != 1 {
		t.Errorf("outputs = %q, want only changes=true (set before the bad name)", got)
	}
}
