package deploy_test

import (
	"errors"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/deploy"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/plan"
)

// The same instances are created, with another image: the refusal names each
// resource and the attributes whose planned value differs.
func TestPlanChangedNamesEveryResourceAndAttribute(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	pr := w.review() // reviewed: create web[0], web[1] with img-1
	head := w.git("rev-parse", "HEAD")
	sha := w.commit("main moved on: img-2 after review", image("img-2")) // the merge brings it
	w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: pr, HeadSHA: head, Merged: true, MergeCommitSHA: sha})
	_, log, err := w.deploy(sha)
	var pc *deploy.PlanChangedError
	if !errors.As(err, &pc) {
		t.Fatalf("want PlanChangedError, got %v\n%s", err, log)
	}
	want := []plan.ActionDiff{
		{Address: "terraform_data.web[0]", Reviewed: "create", Now: "create", Paths: []string{"input", "triggers_replace"}},
		{Address: "terraform_data.web[1]", Reviewed: "create", Now: "create", Paths: []string{"input", "triggers_replace"}},
	}
	if !reflect.DeepEqual(pc.Changed, want) {
		t.Errorf("changed = %+v, want %+v", pc.Changed, want)
	}
	for _, line := range []string{
		"\n- terraform_data.web[0]: input, triggers_replace (create → create)",
		"\n- terraform_data.web[1]: input, triggers_replace (create → create)",
	} {
		if !strings.Contains(err.Error(), line) {
			t.Errorf("the refusal lacks %q:\n%v", line, err)
		}
	}
}

// stamp adds a resource no pull request touches whose input comes from
// timestamp(): every apply rewrites it in state.
func stamp(src string) string {
	return src + "\nresource \"terraform_data\" \"stamp\" {\n  input = { seen_at = timestamp() }\n}\n"
}

// Pull request A is reviewed; pull request B is merged and applied first,
// which rewrites the stamp's timestamp in state; then A is merged. A's
// planned change is the one reviewed: it is applied, not refused.
func TestAnotherMergeInBetweenIsNotAFalseAlarm(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	base := w.commit("a resource stamped at every apply", stamp)
	w.review()
	if _, log, err := w.deploy(base); err != nil {
		t.Fatalf("%v\n%s", err, log)
	}

	w.git("checkout", "-qb", "pr-a")
	w.commit("img-2", image("img-2"))
	prA := w.review()
	headA := w.git("rev-parse", "HEAD")

	w.git("checkout", "-q", "main")
	time.Sleep(1100 * time.Millisecond) // timestamp() has a resolution of one second
	shaB := w.commit("an output", func(s string) string { return s + "\noutput \"region\" {\n  value = \"eu-west-1\"\n}\n" })
	w.review()
	if _, log, err := w.deploy(shaB); err != nil {
		t.Fatalf("deploying B: %v\n%s", err, log)
	}

	w.git("merge", "-q", "--no-ff", "-m", "Merge pull request A", "pr-a")
	merge := w.git("rev-parse", "HEAD")
	w.srv.AddPull(owner, repo, ghtest.PullRequest{Number: prA, HeadSHA: headA, Merged: true, MergeCommitSHA: merge})
	res, log, err := w.deploy(merge)
	if err != nil {
		t.Fatalf("A was refused although its planned change is the reviewed one: %v\n%s", err, log)
	}
	if !res.Applied || res.PR != prA {
		t.Errorf("result = %+v", res)
	}
}

// kindEdits change the deployed root with only an import, a move or a forget.
var kindEdits = []struct {
	name    string
	edit    func(string) string
	counts  string
	diff    string
	inState []string // terraform state list afterwards, sorted
}{
	{"import", func(s string) string {
		return s + "\nimport {\n  to = terraform_data.legacy\n  id = \"legacy-object-0042\"\n}\n\nresource \"terraform_data\" \"legacy\" {}\n"
	}, "**Plan:** 1 to import, 0 to add", "# terraform_data.legacy will be imported",
		[]string{"terraform_data.legacy", "terraform_data.web[0]", "terraform_data.web[1]"}},
	{"moved", func(s string) string {
		return strings.Replace(s, `resource "terraform_data" "web" {`, `resource "terraform_data" "app" {`, 1) +
			"\nmoved {\n  from = terraform_data.web\n  to   = terraform_data.app\n}\n"
	}, "0 to replace, 2 moved", "# terraform_data.web[0] has moved to terraform_data.app[0]",
		[]string{"terraform_data.app[0]", "terraform_data.app[1]"}},
	{"forget", func(s string) string {
		i := strings.Index(s, `resource "terraform_data" "web" {`)
		j := i + strings.Index(s[i:], "\n}\n") + 3
		return s[:i] + "removed {\n  from = terraform_data.web\n  lifecycle {\n    destroy = false\n  }\n}\n" + s[j:]
	}, "0 to replace, 2 to forget", "# terraform_data.web[0] will be removed from state (forget)",
		nil},
}

// A merged pull request whose plan only imports, moves or forgets is applied,
// and afterwards there is nothing left to apply.
func TestImportMoveAndForgetAreApplied(t *testing.T) {
	t.Parallel()
	for _, k := range kindEdits {
		t.Run(k.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t)
			w.review()
			if _, log, err := w.deploy(w.git("rev-parse", "HEAD")); err != nil {
				t.Fatalf("%v\n%s", err, log)
			}
			sha := w.commit("only a "+k.name, k.edit)
			pr := w.review()
			body := w.stickyBody(pr)
			for _, want := range []string{k.counts, k.diff} {
				if !strings.Contains(body, want) {
					t.Errorf("the PR comment lacks %q:\n%s", want, body)
				}
			}
			res, log, err := w.deploy(sha)
			if err != nil || !res.Applied {
				t.Fatalf("a plan with only a %s was not applied: %+v, %v\n%s", k.name, res, err, log)
			}
			if got := w.stateList(); !reflect.DeepEqual(got, k.inState) {
				t.Errorf("state after the apply = %q, want %q", got, k.inState)
			}
			res, log, err = w.deploy(sha)
			if err != nil || res.Applied || !strings.Contains(log, "No changes") {
				t.Errorf("after the apply, a re-run still finds something to apply: %+v, %v\n%s", res, err, log)
			}
		})
	}
}

// stateList is `terraform state list` of the shared state.
func (w *world) stateList() []string {
	w.t.Helper()
	out, err := exec.Command("terraform", "-chdir="+filepath.Join(w.repo, root), "state", "list").Output()
	if err != nil {
		w.t.Fatalf("terraform state list: %v", err)
	}
	var list []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			list = append(list, l)
		}
	}
	return list
}
