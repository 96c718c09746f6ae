package actions_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestThirdPartyActionsArePinnedBySHA: every action the project's workflows
// and the example caller use from another repository, GitHub's own included,
// is pinned by full commit SHA with its version in a comment (a tag can be
// moved to other code; Dependabot updates both). repave's own actions stay
// @v1 on main: the release rewrites them to the release commit.
func TestThirdPartyActionsArePinnedBySHA(t *testing.T) {
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
