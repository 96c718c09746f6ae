package actions_test

import (
	"github.com/repave-dev/repave/internal/fixture"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestReleaseWorkflow checks the release workflow's shape: it runs on version
// tags and by hand, builds through scripts/release.sh (every platform), checks
// the bootstrap runs the result, commits actions/checksums.txt and moves the
// tag onto that commit before publishing, and never expands ${{ }} in run:.
func TestReleaseWorkflow(t *testing.T) {
	b, err := os.ReadFile("../.github/workflows/release.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On struct {
			Push struct {
				Tags []string `yaml:"tags"`
			} `yaml:"push"`
			Dispatch struct {
				Inputs map[string]struct {
					Required bool `yaml:"required"`
				} `yaml:"inputs"`
			} `yaml:"workflow_dispatch"`
		} `yaml:"on"`
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			Steps []struct {
				Name string `yaml:"name"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatalf("release.yml is not valid YAML: %v", err)
	}
	if len(wf.On.Push.Tags) != 1 || wf.On.Push.Tags[0] != "v*" || !wf.On.Dispatch.Inputs["version"].Required {
		t.Errorf("want triggers on tags v* and workflow_dispatch with a required version, got %+v", wf.On)
	}
	if wf.Permissions["contents"] != "write" {
		t.Errorf("permissions = %v, want contents: write (commit, tag, release)", wf.Permissions)
	}
	var order []string
	for _, s := range wf.Jobs["release"].Steps {
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q: run: contains ${{ }}; pass values through env:", s.Name)
		}
		for _, want := range []string{"scripts/release.sh", "actions/run.sh plan-infra", "git commit", "git push -f origin \"refs/tags/$VERSION\"", "gh release"} {
			if strings.Contains(s.Run, want) {
				order = append(order, want)
			}
		}
	}
	if got := strings.Join(order, " → "); got != "scripts/release.sh → actions/run.sh plan-infra → git commit → git push -f origin \"refs/tags/$VERSION\" → gh release" {
		t.Errorf("release steps in order: %s", got)
	}
	script, err := os.ReadFile("../scripts/release.sh")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(script), `linux/amd64 linux/arm64 darwin/amd64 darwin/arm64`) ||
		!strings.Contains(string(script), `CGO_ENABLED=0`) || !strings.Contains(string(script), `-trimpath`) {
		t.Error("scripts/release.sh must build static, trimmed binaries for linux and darwin on amd64 and arm64")
	}
}

// TestReleaseCommitsChecksumsAndMovesTheTag runs the workflow's commit-and-tag
// step in a clone of a repository whose v1.0.0 tag was just pushed: the tag
// ends on a new commit on top of the tagged one that changes only
// actions/checksums.txt, and a re-run (from the originally tagged commit, as
// GitHub re-runs do) leaves it there.
func TestReleaseCommitsChecksumsAndMovesTheTag(t *testing.T) {
	step := releaseStep(t, "Commit the checksums and tag the release commit")
	origin, seed := t.TempDir(), t.TempDir()
	git(t, origin, "init", "-q", "--bare")
	git(t, seed, "init", "-q", "-b", "main")
	write(t, filepath.Join(seed, "actions", "checksums.txt"), "# no binaries\n", 0o644)
	write(t, filepath.Join(seed, "cmd", "plan-infra", "main.go"), "package main\n", 0o644)
	git(t, seed, "add", "-A")
	git(t, seed, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qm", "v1.0.0 sources")
	git(t, seed, "tag", "v1.0.0")
	git(t, seed, "push", "-q", origin, "main", "refs/tags/v1.0.0")
	tagged := git(t, seed, "rev-parse", "HEAD")
	sums := "# version: v1.0.0\n" + strings.Repeat("a", 64) + "  plan-infra_linux_amd64\n"

	release := func() string {
		work := t.TempDir()
		git(t, work, "clone", "-q", origin, ".")
		git(t, work, "checkout", "-q", "--detach", tagged)
		write(t, filepath.Join(work, "actions", "checksums.txt"), sums, 0o644) // what scripts/release.sh writes
		cmd := exec.Command("bash", "-e", "-c", step)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "VERSION=v1.0.0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("commit-and-tag step: %v\n%s", err, out)
		}
		return string(out)
	}
	release()
	commit := git(t, origin, "rev-parse", "v1.0.0^{commit}")
	if commit == tagged || git(t, origin, "rev-parse", commit+"^") != tagged {
		t.Fatalf("tag v1.0.0 at %s, want a release commit whose parent is %s", commit, tagged)
	}
	if changed := git(t, origin, "diff", "--name-only", tagged, commit); changed != "actions/checksums.txt" {
		t.Errorf("the release commit changes %q, want only actions/checksums.txt", changed)
	}
	if got := git(t, origin, "show", commit+":actions/checksums.txt"); got+"\n" != sums {
		t.Errorf("tagged checksums.txt = %q, want %q", got, sums)
	}
	if main := git(t, origin, "rev-parse", "main"); main != tagged {
		t.Errorf("main moved to %s; the release commit must stay off main", main)
	}

	if out := release(); !strings.Contains(out, "already lists these binaries; the tag stays") {
		t.Errorf("a re-run should not commit again:\n%s", out)
	}
	if again := git(t, origin, "rev-parse", "v1.0.0^{commit}"); again != commit {
		t.Errorf("a re-run moved the tag from %s to %s", commit, again)
	}
}

func releaseStep(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../.github/workflows/release.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []struct{ Name, Run string }
		}
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatal(err)
	}
	for _, s := range wf.Jobs["release"].Steps {
		if s.Name == name {
			return s.Run
		}
	}
	t.Fatalf("release.yml has no step %q", name)
	return ""
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	return fixture.Git(t, dir, args...)
}
