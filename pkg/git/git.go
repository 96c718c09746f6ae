// Package git runs git for repave: every git process starts here, with the
// child environment (pkg/childenv: no runner token, no Vault values) and no
// credential prompt, and a failure names the command and carries git's own
// message.
package git

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"github.com/repave-dev/repave/pkg/childenv"
)

// Command is `git -C dir args…` with the child environment; a fetch fails
// instead of asking for credentials.
func Command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := childenv.Command(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(cmd.Env, "GIT_TERMINAL_PROMPT=0")
	return cmd
}

// Output runs git in dir and returns its standard output. A failure reads
// "git <args>: <exit status>: <git's stderr>".
func Output(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := Command(ctx, dir, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// Line is Output trimmed of surrounding white space: one SHA, one path.
func Line(ctx context.Context, dir string, args ...string) (string, error) {
	out, err := Output(ctx, dir, args...)
	return strings.TrimSpace(string(out)), err
}

// Run runs git in dir for its effect.
func Run(ctx context.Context, dir string, args ...string) error {
	_, err := Output(ctx, dir, args...)
	return err
}

// IsAncestor reports whether commit is reachable from tip (git merge-base
// --is-ancestor); an error means git could not tell (an unknown commit).
func IsAncestor(ctx context.Context, dir, commit, tip string) (bool, error) {
	out, err := Command(ctx, dir, "merge-base", "--is-ancestor", "--end-of-options", commit, tip).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		return false, nil
	}
	return false, fmt.Errorf("git merge-base --is-ancestor %.12s %.12s: %v: %s", commit, tip, err, strings.TrimSpace(string(out)))
}
