package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/sethvargo/go-githubactions"
)

// Fail reports err as exactly one workflow command line and returns the exit
// code: 0 for nil, else 1. An *InputError (also wrapped) is titled
// "Invalid input"; any other error "<action> failed":
//
//	::error title=Invalid input::input "lock-timeout": "5 minutes" is not a duration; use …
//	::error title=plan-infra failed::terraform plan: exit status 1%0A…
//
// The message is scrubbed and escaped, so a multi-line message stays one line.
func (r *Runtime) Fail(action string, err error) int {
	if err == nil {
		return 0
	}
	title := action + " failed"
	var ie *InputError
	if errors.As(err, &ie) {
		title = "Invalid input"
	}
	r.action.IssueCommand(&githubactions.Command{
		Name:       "error",
		Message:    r.scrubbed(err.Error()),
		Properties: githubactions.CommandProperties{"title": r.scrubbed(title)},
	})
	return 1
}

// Run calls run with ctx and reports its result through Fail, returning the
// exit code. A panic in run is reported the same way, as an internal error,
// with its stack trace in a collapsed log group for the bug report.
func (r *Runtime) Run(ctx context.Context, action string, run func(ctx context.Context, r *Runtime) error) (code int) {
	defer func() {
		if p := recover(); p != nil {
			stack := debug.Stack()
			_ = r.Group("Stack trace of the internal error", func() error {
				r.Infof("%s", stack)
				return nil
			})
			code = r.Fail(action, fmt.Errorf("internal error (please report it): %v", p))
		}
	}()
	return r.Fail(action, run(ctx, r))
}

// Main is what each cmd/<name>/main.go calls: it builds a Runtime from the
// process environment, runs run with a context cancelled on SIGINT or
// SIGTERM (see cancelOnSignal), reports any error through Fail and exits
// with its code.
func Main(action string, run func(ctx context.Context, r *Runtime) error) {
	ctx, stop := cancelOnSignal(context.Background(), os.Stdout)
	code := New().Run(ctx, action, run)
	stop()
	os.Exit(code)
}

// cancelOnSignal returns a context cancelled by the first SIGINT or SIGTERM.
// When a run is cancelled GitHub sends SIGINT, then SIGTERM 7.5 s later,
// and kills the process tree 2.5 s after that. The command needs that time:
// Terraform, interrupted by terraform-exec, finishes its running operation,
// writes the state and releases its lock, and the command then records the
// failure on GitHub. So the second signal does not end the process (dying
// then would take Terraform down with it, which terraform-exec starts with
// Pdeathsig SIGKILL, and leave the state locked); it is logged. A third
// signal, from someone at a terminal, exits at once with code 130.
func cancelOnSignal(parent context.Context, log io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 3)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		n := 0
		for {
			select {
			case <-done:
				return
			case sig := <-sigs:
				n++
				switch n {
				case 1:
					cancel()
				case 2:
					fmt.Fprintf(log, "Received %v again: still stopping Terraform and recording the outcome (a third signal exits at once, which can leave the state locked)\n", sig)
				default:
					os.Exit(130)
				}
			}
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}
