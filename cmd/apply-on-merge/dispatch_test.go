package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/actiontest"
	"github.com/repave-dev/repave/internal/fixture"
)

// origin is a repository on "GitHub" (a bare repository on disk) with the
// example root on main, an unmerged branch, a tag of a release branch and a
// pull request head that is on no branch; a shallow clone of main is the
// runner's checkout, as actions/checkout leaves it.
type origin struct {
	dir, checkout string
	main, feature string // commits: main's tip, the unmerged branch's tip
	tagged, pull  string // the commit tagged v1.0.1, the PR head only in refs/pull/7/head
}

func newOrigin(t *testing.T) *origin {
	t.Helper()
	dev := t.TempDir()
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "example", "terraform"), filepath.Join(dev, "infra", "web"))
	git := func(args ...string) string { return fixture.Git(t, dev, args...) }
	bump := func(msg, img string) string {
		p := filepath.Join(dev, "infra", "web", "main.tf")
		b, _ := os.ReadFile(p)
		os.WriteFile(p, []byte(strings.Replace(string(b), `default     = "img-`, `default     = "`+img+`-was-img-`, 1)), 0o644)
		git("commit", "-qam", msg)
		return git("rev-parse", "HEAD")
	}
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-qm", "web")
	o := &origin{dir: filepath.Join(t.TempDir(), "infra.git")}
	git("checkout", "-qb", "feature")
	o.feature = bump("unmerged change", "img-feature")
	git("checkout", "-qb", "release-1", "main")
	o.tagged = bump("hotfix", "img-hotfix")
	git("tag", "-a", "v1.0.1", "-m", "hotfix release")
	git("checkout", "-qb", "pr", "main")
	o.pull = bump("a pull request's head", "img-pr")
	git("checkout", "-q", "main")
	o.main = bump("merged change", "img-main")
	fixture.Git(t, t.TempDir(), "clone", "-q", "--bare", dev, o.dir)
	fixture.Git(t, o.dir, "update-ref", "refs/pull/7/head", o.pull)
	fixture.Git(t, o.dir, "branch", "-D", "pr")
	fixture.Git(t, o.dir, "config", "uploadpack.allowAnySHA1InWant", "true") // GitHub serves any commit of the repository
	o.checkout = filepath.Join(t.TempDir(), "checkout")
	fixture.Git(t, t.TempDir(), "clone", "-q", "--depth=1", "--branch", "main", "file://"+o.dir, o.checkout)
	return o
}

// dispatch runs apply-on-merge on a workflow_dispatch event in o's checkout.
func (o *origin) dispatch(t *testing.T, inputs map[string]string) actiontest.Result {
	t.Helper()
	payload := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(payload, []byte(`{"ref":"refs/heads/main","inputs":{},"repository":{"full_name":"acme/infra","default_branch":"main"}}`), 0o644)
	// The command reads its inputs relative to the working directory, as a
	// job step does: the tests that run it are serial (t.Parallel panics).
	t.Chdir(o.checkout)
	env := map[string]string{
		"GITHUB_WORKSPACE": o.checkout, "GITHUB_API_URL": newServer(t).URL,
		"GITHUB_EVENT_NAME": "workflow_dispatch", "GITHUB_EVENT_PATH": payload, "GITHUB_REPOSITORY": "acme/infra",
		"GITHUB_REF": "refs/heads/main", "GITHUB_SHA": o.main,
	}
	all := map[string]string{"github-token": token, "working-directory": "infra/web", "min-healthy-time": "0s"}
	for k, v := range inputs {
		all[k] = v
	}
	return actiontest.Run(t, "apply-on-merge", run, env, all)
}

func applied(t *testing.T, r actiontest.Result, sha string) {
	t.Helper()
	if r.Code != 0 || r.Outputs["applied"] != "true" || !strings.Contains(r.Summary, "| Commit | `"+sha[:12]+"` |") {
		t.Fatalf("want %.12s applied; exit %d, outputs %v:\n%s\n%s", sha, r.Code, r.Outputs, r.Log, r.Summary)
	}
}

func refused(t *testing.T, r actiontest.Result, want ...string) {
	t.Helper()
	if r.Code != 1 || strings.Count(r.Log, "::error") != 1 || r.Outputs["applied"] == "true" {
		t.Fatalf("want one error and nothing applied; exit %d, outputs %v:\n%s", r.Code, r.Outputs, r.Log)
	}
	for _, w := range want {
		if !strings.Contains(r.Log, w) {
			t.Errorf("the error should contain %q:\n%s", w, r.Log)
		}
	}
}

func TestDispatchOfAnUnmergedBranchIsRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	o := newOrigin(t)
	r := o.dispatch(t, map[string]string{"ref": "feature"})
	refused(t, r, `input "ref": "feature"`, "not reachable from main", "merge it", "allow-unmerged-ref: true")
}

func TestDispatchOfAPullRequestHeadIsRefused(t *testing.T) {
	o := newOrigin(t)
	r := o.dispatch(t, map[string]string{"ref": o.pull})
	refused(t, r, o.pull, "not reachable from main")
}

func TestDispatchOfACommitOnMainIsApplied(t *testing.T) {
	if testing.Short() {
		t.Skip("plans and applies with real terraform")
	}
	o := newOrigin(t)
	first := fixture.Git(t, o.dir, "rev-parse", "main~1") // older than the shallow checkout
	applied(t, o.dispatch(t, map[string]string{"ref": first}), first)
	o2 := newOrigin(t)
	short := fixture.Git(t, o2.dir, "rev-parse", "--short=10", "main~1")
	applied(t, o2.dispatch(t, map[string]string{"ref": short}), fixture.Git(t, o2.dir, "rev-parse", "main~1"))
}

func TestDispatchWithoutRefDeploysTheDispatchedCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	o := newOrigin(t)
	applied(t, o.dispatch(t, nil), o.main)
}

func TestDispatchOfATagIsApplied(t *testing.T) {
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	o := newOrigin(t)
	applied(t, o.dispatch(t, map[string]string{"ref": "v1.0.1"}), o.tagged)
	o2 := newOrigin(t)
	applied(t, o2.dispatch(t, map[string]string{"ref": "refs/tags/v1.0.1"}), o2.tagged)
}

func TestDispatchOfAnUnmergedBranchWhenAllowedWarns(t *testing.T) {
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	o := newOrigin(t)
	r := o.dispatch(t, map[string]string{"ref": "feature", "allow-unmerged-ref": "true"})
	applied(t, r, o.feature)
	if !strings.Contains(r.Log, "::warning") || !strings.Contains(r.Log, "allow-unmerged-ref") || !strings.Contains(r.Log, o.feature[:12]) {
		t.Errorf("want a warning annotation naming the unmerged commit:\n%s", r.Log)
	}
}

func TestDispatchRefIsNeverAGitOption(t *testing.T) {
	o := newOrigin(t)
	proof := filepath.Join(t.TempDir(), "pwned")
	for _, ref := range []string{"--upload-pack=touch " + proof, "-c core.sshCommand=touch " + proof, "main --upload-pack=touch " + proof} {
		r := o.dispatch(t, map[string]string{"ref": ref})
		refused(t, r, `input "ref"`)
		if _, err := os.Stat(proof); err == nil {
			t.Fatalf("ref %q ran a command", ref)
		}
	}
}

func TestExpectedFingerprintMustMatchTheReplan(t *testing.T) {
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	o := newOrigin(t)
	const other = "0000000000000000000000000000000000000000000000000000000000000000"
	r := o.dispatch(t, map[string]string{"expected-fingerprint": other})
	now := r.Outputs["fingerprint"]
	refused(t, r, other, "not applied")
	if len(now) != 64 || !strings.Contains(r.Log, now) {
		t.Fatalf("the refusal should name this plan's fingerprint %q:\n%s", now, r.Log)
	}
	applied(t, o.dispatch(t, map[string]string{"expected-fingerprint": now}), o.main)
}

func TestExpectedFingerprintMustBeAFingerprint(t *testing.T) {
	o := newOrigin(t)
	refused(t, o.dispatch(t, map[string]string{"expected-fingerprint": "abc"}), `::error title=Invalid input::input "expected-fingerprint": "abc"`)
}
