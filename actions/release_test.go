package actions_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/repave-dev/repave/internal/fixture"
)

// TestReleaseWorkflow checks the release workflow's shape: it runs on version
// tags and by hand, builds through scripts/release.sh (every platform), checks
// the bootstrap runs the result, commits and tags through
// scripts/tag-release.sh before publishing, and never expands ${{ }} in run:.
func TestReleaseWorkflow(t *testing.T) {
	t.Parallel()
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
	if len(wf.On.Push.Tags) != 1 || wf.On.Push.Tags[0] != "v[0-9]+.[0-9]+.[0-9]+*" || !wf.On.Dispatch.Inputs["version"].Required {
		t.Errorf("want triggers on version tags vX.Y.Z (not the moving vX) and workflow_dispatch with a required version, got %+v", wf.On)
	}
	if wf.Permissions["contents"] != "write" {
		t.Errorf("permissions = %v, want contents: write (commit, tag, release)", wf.Permissions)
	}
	var order []string
	for _, s := range wf.Jobs["release"].Steps {
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q: run: contains ${{ }}; pass values through env:", s.Name)
		}
		for _, want := range []string{"scripts/release.sh", "actions/run.sh plan-infra", "scripts/tag-release.sh", "gh release"} {
			if strings.Contains(s.Run, want) {
				order = append(order, want)
			}
		}
	}
	if got := strings.Join(order, " → "); got != "scripts/release.sh → actions/run.sh plan-infra → scripts/tag-release.sh → gh release" {
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
// ends on a pin commit whose parent, the release commit, is on top of the
// tagged one and changes only actions/checksums.txt; the pin commit changes
// only the `uses:` lines of repave's own actions in the (real) reusable
// workflow, to the release commit's SHA. v1.0 and v1 point at the same
// commit. A re-run (from the originally tagged commit, as GitHub re-runs do)
// leaves every tag where it is.
func TestReleaseCommitsChecksumsAndMovesTheTag(t *testing.T) {
	t.Parallel()
	r := newTagRepo(t)
	tagged := r.source("v1.0.0 sources", "v1.0.0")
	r.release(tagged, "v1.0.0", "a")

	pin := r.tag("v1.0.0")
	release := git(t, r.origin, "rev-parse", pin+"^")
	if release == tagged || git(t, r.origin, "rev-parse", release+"^") != tagged {
		t.Fatalf("tag v1.0.0 at %s, want a pin commit over a release commit over %s", pin, tagged)
	}
	if changed := git(t, r.origin, "diff", "--name-only", tagged, release); changed != "actions/checksums.txt" {
		t.Errorf("the release commit changes %q, want only actions/checksums.txt", changed)
	}
	if got := git(t, r.origin, "show", release+":actions/checksums.txt"); got+"\n" != sums("v1.0.0", "a") {
		t.Errorf("tagged checksums.txt = %q, want %q", got, sums("v1.0.0", "a"))
	}
	if changed := git(t, r.origin, "diff", "--name-only", release, pin); changed != ".github/workflows/repave.yml" {
		t.Errorf("the pin commit changes %q, want only .github/workflows/repave.yml", changed)
	}
	before := strings.Split(git(t, r.origin, "show", tagged+":.github/workflows/repave.yml"), "\n")
	after := strings.Split(git(t, r.origin, "show", pin+":.github/workflows/repave.yml"), "\n")
	if len(before) != len(after) {
		t.Fatalf("the pin commit changed the workflow's line count: %d → %d", len(before), len(after))
	}
	own := regexp.MustCompile(`^(\s*(?:- )?uses: repave-dev/repave/actions/[a-z-]+)@v1$`)
	pinned := 0
	for i := range before {
		if m := own.FindStringSubmatch(before[i]); m != nil {
			pinned++
			if want := m[1] + "@" + release + " # v1.0.0"; after[i] != want {
				t.Errorf("line %d: %q became %q, want %q", i+1, before[i], after[i], want)
			}
		} else if after[i] != before[i] {
			t.Errorf("line %d changed, but it uses none of repave's actions: %q → %q", i+1, before[i], after[i])
		}
	}
	if pinned < 5 {
		t.Errorf("only %d uses: of repave's own actions pinned; the reusable workflow has one per action", pinned)
	}
	for _, moving := range []string{"v1.0", "v1"} {
		if got := r.tag(moving); got != pin {
			t.Errorf("%s at %s, want %s (v1.0.0)", moving, got, pin)
		}
	}
	if main := git(t, r.origin, "rev-parse", "main"); main != tagged {
		t.Errorf("main moved to %s; the release commits must stay off main", main)
	}

	if out := r.release(tagged, "v1.0.0", "a"); !strings.Contains(out, "already lists these binaries; the tag stays") {
		t.Errorf("a re-run should not commit again:\n%s", out)
	}
	for _, tag := range []string{"v1.0.0", "v1.0", "v1"} {
		if again := r.tag(tag); again != pin {
			t.Errorf("a re-run moved %s from %s to %s", tag, pin, again)
		}
	}
}

// TestReleaseMovesOnlyForward releases a minor version, then a patch of the
// older line, a pre-release, a major and a dispatched release (no tag
// pushed): vX.Y follows the highest release of its line, vX the highest of
// its major, and a pre-release moves neither.
func TestReleaseMovesOnlyForward(t *testing.T) {
	t.Parallel()
	r := newTagRepo(t)
	r.release(r.source("one", "v1.0.0"), "v1.0.0", "a")
	r.release(r.source("two", "v1.1.0"), "v1.1.0", "b")
	v110 := r.tag("v1.1.0")
	if r.tag("v1") != v110 || r.tag("v1.1") != v110 || r.tag("v1.0") != r.tag("v1.0.0") {
		t.Fatalf("after v1.1.0: v1=%s v1.1=%s v1.0=%s, want v1 and v1.1 at %s, v1.0 at v1.0.0", r.tag("v1"), r.tag("v1.1"), r.tag("v1.0"), v110)
	}
	out := r.release(r.source("backport", "v1.0.1"), "v1.0.1", "c")
	if r.tag("v1.0") != r.tag("v1.0.1") || r.tag("v1") != v110 {
		t.Errorf("after the patch v1.0.1: v1.0=%s (want v1.0.1's %s), v1=%s (want v1.1.0's %s)", r.tag("v1.0"), r.tag("v1.0.1"), r.tag("v1"), v110)
	}
	if !strings.Contains(out, "v1 stays at v1.1.0") {
		t.Errorf("the patch release should say why v1 stays:\n%s", out)
	}
	r.release(r.source("next", "v1.2.0-rc.1"), "v1.2.0-rc.1", "d")
	if r.tag("v1") != v110 || git(t, r.origin, "tag", "-l", "v1.2") != "" {
		t.Errorf("a pre-release moved a tag: v1=%s, v1.2=%q", r.tag("v1"), git(t, r.origin, "tag", "-l", "v1.2"))
	}
	r.release(r.source("major", "v2.0.0"), "v2.0.0", "e")
	if r.tag("v2") != r.tag("v2.0.0") || r.tag("v1") != v110 {
		t.Errorf("v2.0.0 must create v2 and leave v1: v2=%s v1=%s", r.tag("v2"), r.tag("v1"))
	}
	dispatched := r.source("dispatched", "")
	r.release(dispatched, "v2.1.0", "f")
	if v210 := r.tag("v2.1.0"); git(t, r.origin, "rev-parse", v210+"^^") != dispatched || r.tag("v2") != v210 {
		t.Errorf("a dispatched v2.1.0 must tag the pin commit over %s and move v2 there: v2.1.0=%s v2=%s", dispatched, v210, r.tag("v2"))
	}
}

// tagRepo is a bare origin and the clone its sources are committed in,
// with the real reusable workflow and scripts/tag-release.sh.
type tagRepo struct {
	t            *testing.T
	origin, seed string
}

func newTagRepo(t *testing.T) *tagRepo {
	r := &tagRepo{t: t, origin: t.TempDir(), seed: t.TempDir()}
	git(t, r.origin, "init", "-q", "--bare")
	git(t, r.seed, "init", "-q", "-b", "main")
	write(t, filepath.Join(r.seed, "actions", "checksums.txt"), "# no binaries\n", 0o644)
	for _, f := range []string{".github/workflows/repave.yml", "scripts/tag-release.sh"} {
		b, err := os.ReadFile(filepath.Join("..", f))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(r.seed, f), string(b), 0o755)
	}
	return r
}

// source commits a change on main, tags it and pushes both, as a maintainer
// starts a release; it returns the tagged commit.
func (r *tagRepo) source(msg, tag string) string {
	write(r.t, filepath.Join(r.seed, "cmd", "plan-infra", "main.go"), "package main\n\n// "+msg+"\n", 0o644)
	git(r.t, r.seed, "add", "-A")
	git(r.t, r.seed, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qm", msg)
	refs := []string{"main"}
	if tag != "" { // "" is a workflow_dispatch release: the workflow makes the tag
		git(r.t, r.seed, "tag", tag)
		refs = append(refs, "refs/tags/"+tag)
	}
	git(r.t, r.seed, append([]string{"push", "-q", r.origin}, refs...)...)
	return git(r.t, r.seed, "rev-parse", "HEAD")
}

// release runs the workflow's commit-and-tag step for version in a fresh
// clone checked out at commit, with the checksums scripts/release.sh would
// write (digest repeats the hex digit of its fake digest).
func (r *tagRepo) release(commit, version, digest string) string {
	step := releaseStep(r.t, "Commit the checksums, pin the workflows and tag the release")
	work := r.t.TempDir()
	git(r.t, work, "clone", "-q", r.origin, ".")
	git(r.t, work, "checkout", "-q", "--detach", commit)
	write(r.t, filepath.Join(work, "actions", "checksums.txt"), sums(version, digest), 0o644)
	cmd := exec.Command("bash", "-e", "-c", step)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "VERSION="+version)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("commit-and-tag step for %s: %v\n%s", version, err, out)
	}
	return string(out)
}

// tag is the commit origin's tag points at.
func (r *tagRepo) tag(name string) string {
	return git(r.t, r.origin, "rev-parse", name+"^{commit}")
}

func sums(version, digit string) string {
	return "# version: " + version + "\n" + strings.Repeat(digit, 64) + "  plan-infra_linux_amd64\n"
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
