package leaktest

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

// TestLeakCorpus runs the loop a user's workflows run, with the real
// binaries and real terraform, over a root whose sensitive variables hold the
// corpus's secrets, and scans every output path for every secret in every
// form:
//
//  1. apply-on-merge by workflow_dispatch deploys the root (the last good
//     deployment);
//  2. a pull request adds a resource whose local-exec fails naming secrets:
//     plan-infra and comment-plan-on-pr;
//  3. the merge: apply-on-merge applies, the provisioner fails, and it
//     auto-reverts to the last good deployment;
//  4. audit-check finds main's plan pending and opens an issue;
//  5. plan-infra on a root whose plan fails quoting a secret (cidrhost);
//  6. bake-image (when packer is installed).
func TestLeakCorpus(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the real binaries over every step (the full run covers it)")
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("terraform is not installed")
	}
	w := newWorld(t)
	w.commit(rootAt(1), "app")
	dispatch := w.event(map[string]any{"ref": "refs/heads/main", "inputs": map[string]any{}, "repository": repoJSON()})
	if s := w.run("apply-on-merge", "workflow_dispatch", dispatch, w.tfInputs(nil)); s.code != 0 {
		t.Fatalf("first deploy: exit %d\n%s", s.code, s.log)
	}

	w.git("checkout", "-q", "-b", "boom")
	head := w.commit(rootAt(2, boom), "a failing provisioner")
	w.gh.AddPull(owner, repo, ghtest.PullRequest{Number: 1, HeadSHA: head, HeadRef: "boom", Title: "boom"})
	ev := w.prEvent(1, head, "boom")
	plan := w.run("plan-infra", "pull_request", ev, w.tfInputs(nil))
	if plan.code != 0 {
		t.Fatalf("plan-infra: exit %d\n%s", plan.code, plan.log)
	}
	if c := w.run("comment-plan-on-pr", "pull_request", ev, map[string]string{"plan-dir": plan.parsed["plan-dir"], "github-token": token}); c.code != 0 {
		t.Fatalf("comment-plan-on-pr: exit %d\n%s", c.code, c.log)
	}

	w.git("checkout", "-q", "main")
	w.git("merge", "-q", "--ff-only", "boom")
	w.gh.AddPull(owner, repo, ghtest.PullRequest{Number: 1, HeadSHA: head, HeadRef: "boom", Merged: true, MergeCommitSHA: head, Title: "boom"})
	push := w.event(map[string]any{"ref": "refs/heads/main", "after": head, "repository": repoJSON()})
	apply := w.run("apply-on-merge", "push", push, w.tfInputs(nil))
	if apply.code == 0 || apply.parsed["reverted"] != "true" {
		t.Errorf("the failing apply should fail and be reverted: exit %d, outputs %v\n%s", apply.code, apply.parsed, tail(apply.log, 40))
	}

	audit := w.run("audit-check", "schedule", w.event(map[string]any{"repository": repoJSON()}),
		w.tfInputs(map[string]string{"working-directories": root, "fail-on": "never"}))
	if audit.code != 0 {
		t.Errorf("audit-check: exit %d\n%s", audit.code, tail(audit.log, 40))
	}

	w.git("checkout", "-q", "-b", "broken")
	bad := w.commit(rootAt(2, boom, broken), "a plan that fails")
	if s := w.run("plan-infra", "pull_request", w.prEvent(2, bad, "broken"), w.tfInputs(map[string]string{"plan-dir": w.temp + "/broken-plan"})); s.code == 0 {
		t.Errorf("the broken plan should fail:\n%s", tail(s.log, 30))
	}
	w.git("checkout", "-q", "main")

	w.bake(t)

	paths := w.paths()
	secrets := corpus()
	forms := 0
	for _, s := range secrets {
		forms += len(s.forms)
	}
	leaks := scan(paths, secrets)
	for _, p := range paths {
		t.Logf("output path: %s (%d bytes)", p.name, len(p.text))
	}
	for _, s := range w.steps {
		t.Logf("step %s: exit %d", s.name, s.code)
		if os.Getenv("LEAKTEST_DUMP") != "" {
			t.Logf("%s log:\n%s\nsummary:\n%s", s.name, withoutMasks(s.log), s.summary)
		}
	}
	t.Logf("leak corpus: %d secrets in %d forms (cases) × %d output paths = %d checks; %d leaks", len(secrets), forms, len(paths), forms*len(paths), len(leaks))
	seen := map[string]bool{}
	for _, l := range leaks {
		key := l.path + " / " + l.secret
		if seen[key] {
			continue
		}
		seen[key] = true
		t.Errorf("leak: %s holds %s (%s): …%s…", l.path, l.secret, l.form, l.context)
	}
	w.checkBooleans(t, plan)
	w.checkMasksFirst(t)
}

// checkMasksFirst: the runner learns a secret (::add-mask::) before the first
// log line that names what holds it, also when the plan or the apply fails.
func (w *world) checkMasksFirst(t *testing.T) {
	for _, s := range w.steps {
		for _, c := range []struct{ secret, holder string }{
			{idx, `terraform_data.per[`}, {word, "(local-exec): Executing"}, {word, `Call to function "cidrhost" failed`},
		} {
			at := strings.Index(s.log, c.holder)
			if at < 0 {
				continue
			}
			if mask := strings.Index(s.log, "::add-mask::"+c.secret); mask < 0 || mask > at {
				t.Errorf("%s: the log names %q before the secret it holds is masked (mask at %d)", s.name, c.holder, mask)
			}
		}
	}
}

// checkBooleans: a sensitive bool cannot be searched for, so the comment is
// checked to show it as a sensitive value.
func (w *world) checkBooleans(t *testing.T, plan *step) {
	for _, p := range w.paths() {
		if strings.HasSuffix(p.name, "comment.md") && strings.Contains(p.text, "terraform_data.toggle") && strings.Contains(p.text, "input = true") {
			t.Errorf("%s shows the sensitive bool", p.name)
		}
	}
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
