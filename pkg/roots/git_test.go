package roots

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// run runs git in dir with a fixed identity and returns its trimmed output.
func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=Test", "-c", "user.email=test@example.com",
		"-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// gitRepo makes a repository with the monorepo on main, and a branch
// "change" that edits a module, renames a file from one root to another,
// deletes one, and adds one. It returns the directory and main's commit.
func gitRepo(t *testing.T) (dir, base string) {
	t.Helper()
	dir = writeTree(t, monorepo)
	run(t, dir, "init", "-q")
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "-m", "base")
	base = run(t, dir, "rev-parse", "HEAD")
	run(t, dir, "checkout", "-q", "-b", "change")
	if err := os.WriteFile(filepath.Join(dir, "modules/subnet/main.tf"), []byte(`variable "cidr" { default = "10.0.0.0/16" }`), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, dir, "mv", "infra/staging/vars.tf", "infra/tools/vars.tf")
	run(t, dir, "rm", "-q", "modules/web/main.tf")
	if err := os.WriteFile(filepath.Join(dir, "infra/cyc/new file.tf"), []byte(`locals { x = 1 }`), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "-m", "change")
	// main moves on after the branch: base...HEAD must not see this.
	run(t, dir, "checkout", "-q", "main")
	if err := os.WriteFile(filepath.Join(dir, "infra/gone/main.tf"), []byte(`locals {}`), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, dir, "commit", "-q", "-am", "main moves on")
	run(t, dir, "checkout", "-q", "change")
	return dir, base
}

func TestGitChangedFilesOnARealRepository(t *testing.T) {
	t.Parallel()
	dir, base := gitRepo(t)
	got, err := GitChangedFiles(context.Background(), dir, base)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"infra/cyc/new file.tf", "infra/staging/vars.tf", "infra/tools/vars.tf", "modules/subnet/main.tf", "modules/web/main.tf"}
	if !slices.Equal(got, want) {
		t.Errorf("changed files = %q, want %q", got, want)
	}

	p, _ := ParsePatterns([]string{"infra/**"})
	res, err := Discover(dir, p, Changes{Files: got}, Consumers{})
	if err != nil {
		t.Fatal(err)
	}
	// dev's web module was deleted: dev still calls it, so dev changed.
	wantRoots := []string{"infra/cyc", "infra/dev", "infra/prod", "infra/staging", "infra/tools"}
	if !slices.Equal(res.Changed, wantRoots) {
		t.Errorf("changed roots = %q, want %q", res.Changed, wantRoots)
	}
}

func TestGitWithoutTheBaseInHistory(t *testing.T) {
	t.Parallel()
	dir, base := gitRepo(t)
	shallow := t.TempDir()
	run(t, shallow, "clone", "-q", "--depth", "1", "--branch", "change", "file://"+dir, "repo")
	tests := map[string]struct{ dir, base string }{
		"a shallow clone":    {filepath.Join(shallow, "repo"), base},
		"no base":            {dir, ""},
		"an all-zero before": {dir, "0000000000000000000000000000000000000000"},
		"an unknown commit":  {dir, "1234567890123456789012345678901234567890"},
		"not a repository":   {t.TempDir(), base},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := GitChangedFiles(context.Background(), tt.dir, tt.base)
			if !errors.Is(err, ErrNoHistory) {
				t.Fatalf("err = %v, want ErrNoHistory", err)
			}
		})
	}
	if _, err := GitChangedFiles(context.Background(), dir, "--output=/tmp/x"); err == nil || errors.Is(err, ErrNoHistory) {
		t.Errorf("an option as base: err = %v, want a refusal", err)
	}
}
