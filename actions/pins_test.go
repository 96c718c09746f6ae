package actions_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestThirdPartyActionsArePinnedBySHA: every action the project's workflows
// and the example caller use from another repository, GitHub's own included,
// is pinned by full commit SHA with its version in a comment (a tag can be
// moved to other code; Dependabot updates both). repave's own actions stay
// @v1 on main: the release rewrites them to the release commit.
func TestThirdPartyActionsArePinnedBySHA(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("../.github/workflows/*.yml")
	examples, _ := filepath.Glob("../examples/*.yml")
	uses := regexp.MustCompile(`^\s*(?:- )?uses:\s*(\S+)(.*)$`)
	pinned := regexp.MustCompile(`^[\w.-]+/[\w./-]+@[0-9a-f]{40}$`)
	version := regexp.MustCompile(`^ # v\d+\.\d+\.\d+$`)
	seen := 0
	for _, f := range append(files, examples...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			m := uses.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			ref, comment := m[1], m[2]
			switch {
			case strings.HasPrefix(ref, "./"):
				continue
			case strings.HasPrefix(ref, "repave-dev/repave/"):
				if !strings.HasSuffix(ref, "@v1") {
					t.Errorf("%s:%d: %s: repave's own actions and workflow are @v1 on main (the release pins them)", f, i+1, ref)
				}
				continue
			}
			seen++
			if !pinned.MatchString(ref) || !version.MatchString(comment) {
				t.Errorf("%s:%d: %s%s: pin by full commit SHA with the version in a comment, as `owner/repo@<40 hex> # vX.Y.Z`", f, i+1, ref, comment)
			}
		}
	}
	if seen < 5 {
		t.Fatalf("found only %d third-party uses: lines; did the workflows move?", seen)
	}
}

// TestSetupGoReadsTheToolchainLine: the workflows that build repave take Go
// from go.mod with a setup-go that honours its toolchain line (v6 and later;
// v5 reads only the go line), and go.mod has one, so release binaries get the
// patched Go rather than exactly the minimum version.
func TestSetupGoReadsTheToolchainLine(t *testing.T) {
	t.Parallel()
	mod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^toolchain go1\.\d+\.\d+$`).Match(mod) {
		t.Error("go.mod has no `toolchain go1.X.Y` line")
	}
	version := regexp.MustCompile(`uses: actions/setup-go@[0-9a-f]{40} # v(\d+)\.`)
	files, _ := filepath.Glob("../.github/workflows/*.yml")
	found := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var wf struct {
			Jobs map[string]struct {
				Steps []struct {
					Uses string            `yaml:"uses"`
					With map[string]string `yaml:"with"`
				} `yaml:"steps"`
			} `yaml:"jobs"`
		}
		if err := yaml.Unmarshal(b, &wf); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for name, job := range wf.Jobs {
			for _, s := range job.Steps {
				if strings.HasPrefix(s.Uses, "actions/setup-go@") {
					found++
					if s.With["go-version-file"] != "go.mod" || s.With["go-version"] != "" {
						t.Errorf("%s job %s: setup-go must take go-version-file: go.mod, got %v", f, name, s.With)
					}
				}
			}
		}
		for _, m := range version.FindAllStringSubmatch(string(b), -1) {
			if major, _ := strconv.Atoi(m[1]); major < 6 {
				t.Errorf("%s: setup-go v%s ignores go.mod's toolchain line; use v6 or later", f, m[1])
			}
		}
	}
	if found < 2 {
		t.Errorf("found setup-go in %d workflows, want ci.yml and release.yml", found)
	}
}
