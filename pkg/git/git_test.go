package git_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/git"
)

// repo is a repository with two commits; it returns the dir and the SHAs.
func repo(t *testing.T) (string, string, string) {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	run := func(args ...string) string {
		t.Helper()
		out, err := git.Line(ctx, dir, append([]string{"-c", "user.name=T", "-c", "user.email=t@example.com"}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	run("init", "-q")
	os.WriteFile(filepath.Join(dir, "a"), []byte("1"), 0o644)
	run("add", "a")
	run("commit", "-q", "-m", "one")
	first := run("rev-parse", "HEAD")
	os.WriteFile(filepath.Join(dir, "a"), []byte("2"), 0o644)
	run("commit", "-q", "-am", "two")
	return dir, first, run("rev-parse", "HEAD")
}

func TestFailureNamesTheCommandAndGitsMessage(t *testing.T) {
	t.Parallel()
	dir, _, _ := repo(t)
	_, err := git.Output(context.Background(), dir, "rev-parse", "--verify", "no-such-ref")
	if err == nil || !strings.Contains(err.Error(), "git rev-parse --verify no-such-ref: exit status") || !strings.Contains(err.Error(), "fatal") {
		t.Fatalf("err = %v, want the command and git's stderr", err)
	}
}

func TestIsAncestor(t *testing.T) {
	t.Parallel()
	dir, first, second := repo(t)
	ctx := context.Background()
	if ok, err := git.IsAncestor(ctx, dir, first, second); !ok || err != nil {
		t.Errorf("first on second: %v, %v; want true", ok, err)
	}
	if ok, err := git.IsAncestor(ctx, dir, second, first); ok || err != nil {
		t.Errorf("second on first: %v, %v; want false without error", ok, err)
	}
	if _, err := git.IsAncestor(ctx, dir, strings.Repeat("1", 40), second); err == nil {
		t.Error("an unknown commit: want an error, git cannot tell")
	}
}

func TestWorktreeChecksOutTheCommitAndCleansUp(t *testing.T) {
	t.Parallel()
	dir, first, _ := repo(t)
	tree, cleanup, err := git.Worktree(context.Background(), dir, first)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(tree, "a")); string(b) != "1" {
		t.Errorf("worktree has a = %q, want the first commit's 1", b)
	}
	cleanup()
	if _, err := os.Stat(tree); !os.IsNotExist(err) {
		t.Errorf("worktree %s still there after cleanup", tree)
	}
	_, _, err = git.Worktree(context.Background(), dir, strings.Repeat("2", 40))
	var missing *git.MissingCommitError
	if !errors.As(err, &missing) || !strings.Contains(err.Error(), "fetch-depth: 0") {
		t.Errorf("a commit the checkout lacks (no origin): %v, want a MissingCommitError saying fetch-depth: 0", err)
	}
	if _, _, err := git.Worktree(context.Background(), dir, "--help"); err == nil {
		t.Error("an option as a commit must be refused")
	}
}
