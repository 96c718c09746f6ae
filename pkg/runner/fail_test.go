package runner

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestFail(t *testing.T) {
	tests := []struct {
		name string
		err  error
		code int
		want string
	}{
		{"nil", nil, 0, ""},
		{"input error",
			&InputError{Input: "lock-timeout", Value: "5 minutes", Reason: "is not a duration", Want: durationWant}, 1,
			"::error title=Invalid input::input \"lock-timeout\": \"5 minutes\" is not a duration; use a Go duration such as 300s or 5m\n"},
		{"wrapped input error",
			fmt.Errorf("reading inputs: %w", &InputError{Input: "plan-dir", Reason: "is required", Want: "set `plan-dir:` in the step's `with:`"}), 1,
			"::error title=Invalid input::reading inputs: input \"plan-dir\" is required: set `plan-dir:` in the step's `with:`\n"},
		{"generic error", errors.New("terraform plan: exit status 1"), 1,
			"::error title=plan-infra failed::terraform plan: exit status 1\n"},
		{"multi-line error stays one line",
			errors.New("terraform plan: exit status 1\n\nError: Invalid reference\n  on main.tf line 3: 100%"), 1,
			"::error title=plan-infra failed::terraform plan: exit status 1%0A%0AError: Invalid reference%0A  on main.tf line 3: 100%25\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, out := newTest(nil)
			if code := r.Fail("plan-infra", tt.err); code != tt.code {
				t.Errorf("code = %d, want %d", code, tt.code)
			}
			if out.String() != tt.want {
				t.Errorf("got  %q\nwant %q", out, tt.want)
			}
		})
	}
}

func TestFailScrubs(t *testing.T) {
	r, out := newTest(nil)
	r.SetScrubber(func(s string) string { return strings.ReplaceAll(s, "s.vaulttoken", "***") })
	r.Fail("plan-infra", errors.New("vault login with s.vaulttoken: permission denied"))
	if want := "::error title=plan-infra failed::vault login with ***: permission denied\n"; out.String() != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

func TestRun(t *testing.T) {
	// An input error end to end: what a user sees in the log, and the exit code.
	r, out := newTest(map[string]string{"INPUT_AUTO_APPROVE": "yes"})
	code := r.Run(context.Background(), "apply-on-merge", func(ctx context.Context, r *Runtime) error {
		if _, err := r.Bool("auto-approve", false); err != nil {
			return err
		}
		t.Error("run went on after the input error")
		return nil
	})
	if code != 1 || out.String() != "::error title=Invalid input::input \"auto-approve\": \"yes\" is not a boolean; use true or false\n" {
		t.Errorf("code %d, log %q", code, out)
	}

	r, out = newTest(nil)
	if code := r.Run(context.Background(), "x", func(context.Context, *Runtime) error { return nil }); code != 0 || out.Len() != 0 {
		t.Errorf("success: code %d, log %q", code, out)
	}

	// The context reaches run.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, out = newTest(nil)
	code = r.Run(ctx, "plan-infra", func(ctx context.Context, _ *Runtime) error { return ctx.Err() })
	if code != 1 || out.String() != "::error title=plan-infra failed::context canceled\n" {
		t.Errorf("cancelled: code %d, log %q", code, out)
	}
}

func TestRunReportsPanicsAsOneError(t *testing.T) {
	r, out := newTest(nil)
	code := r.Run(context.Background(), "plan-infra", func(context.Context, *Runtime) error {
		var m map[string]int
		//lint:ignore SA5000 the bug this test needs: a runtime panic inside the action
		m["x"]++
		return nil
	})
	if code != 1 {
		t.Errorf("code = %d, want 1", code)
	}
	log := out.String()
	if n := strings.Count(log, "::error"); n != 1 {
		t.Errorf("%d ::error lines, want 1:\n%s", n, log)
	}
	last := strings.TrimSuffix(log[strings.LastIndex(strings.TrimSuffix(log, "\n"), "\n")+1:], "\n")
	if want := "::error title=plan-infra failed::internal error (please report it): assignment to entry in nil map"; last != want {
		t.Errorf("last line %q, want %q", last, want)
	}
	if !strings.HasPrefix(log, "::group::Stack trace of the internal error\n") || !strings.Contains(log, "::endgroup::\n") {
		t.Errorf("stack trace not folded in a group:\n%s", log)
	}
}

// TestMainCancelsOnSIGTERM runs Main in a child process (it exits) and sends
// it SIGTERM, as the runner does when a run is cancelled: run's context ends
// and the process reports one error and exits 1.
func TestMainCancelsOnSIGTERM(t *testing.T) {
	if os.Getenv("REPAVE_TEST_MAIN") == "1" {
		Main("plan-infra", func(ctx context.Context, r *Runtime) error {
			r.Infof("ready")
			<-ctx.Done()
			return fmt.Errorf("terraform plan: %w", ctx.Err())
		})
		return
	}
	cmd, sc := startMain(t, "TestMainCancelsOnSIGTERM", "1")
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var rest []string
	for sc.Scan() {
		rest = append(rest, sc.Text())
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("exit: %v, want code 1", err)
	}
	want := []string{"::error title=plan-infra failed::terraform plan: context canceled"}
	if !reflect.DeepEqual(rest, want) {
		t.Errorf("output after the signal: %q, want %q", rest, want)
	}
}

// TestMainSurvivesTheSecondSignalWhileRecording sends SIGINT and then
// SIGTERM, as GitHub does when a run is cancelled: the first cancels run's
// context, the second must not end the process while run is still stopping
// Terraform and writing the outcome.
func TestMainSurvivesTheSecondSignalWhileRecording(t *testing.T) {
	if os.Getenv("REPAVE_TEST_MAIN") == "2" {
		Main("apply-on-merge", func(ctx context.Context, r *Runtime) error {
			r.Infof("ready")
			<-ctx.Done()
			r.Infof("cancelled")
			time.Sleep(1500 * time.Millisecond) // terraform stopping, records being written
			r.Infof("recorded")
			return fmt.Errorf("terraform apply: %w", ctx.Err())
		})
		return
	}
	cmd, sc := startMain(t, "TestMainSurvivesTheSecondSignalWhileRecording", "2")
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if !sc.Scan() || sc.Text() != "cancelled" {
		t.Fatalf("the first signal should cancel run's context: %q", sc.Text())
	}
	time.Sleep(300 * time.Millisecond) // the gap GitHub leaves between the signals (7.5 s), shortened
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var rest []string
	for sc.Scan() {
		rest = append(rest, sc.Text())
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("exit: %v, want code 1 (the run's own error), not death by the second signal", err)
	}
	got := strings.Join(rest, "\n")
	if !strings.Contains(got, "recorded") || !strings.Contains(got, "::error title=apply-on-merge failed::terraform apply: context canceled") ||
		!strings.Contains(got, "Received terminated again") {
		t.Errorf("output after the signals:\n%s", got)
	}
}

// startMain runs test again in a child process with REPAVE_TEST_MAIN=mode,
// where it calls Main, and waits for the child's first line, "ready".
func startMain(t *testing.T, test, mode string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$")
	cmd.Env = append(os.Environ(), "REPAVE_TEST_MAIN="+mode)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() || sc.Text() != "ready" {
		t.Fatalf("child did not start: %q", sc.Text())
	}
	return cmd, sc
}
