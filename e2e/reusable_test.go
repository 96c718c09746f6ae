package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

// TestReusableWorkflowRunsTheWholeLoop is a user's repository with only the
// one workflow file of examples/infrastructure.yml, calling repave's
// reusable workflow at repave-dev/repave@v1 (served from this checkout with
// act's --local-repository): a pull request is baked, planned and commented;
// its merge is applied; the nightly schedule audits; a workflow_dispatch
// re-deploys an earlier commit.
func TestReusableWorkflowRunsTheWholeLoop(t *testing.T) {
	srv := ghtest.New(t, ghtest.WithTLS())
	srv.AddToken(token, bot)
	srv.SetFile(owner, repo, "main", "README.md", []byte("infra\n")) // main exists on GitHub: the promotion PR targets it
	state := filepath.Join(t.TempDir(), "terraform.tfstate")
	// act fetches every action of a job before it runs, even steps whose
	// `if:` is false; these two are skipped here (setup-terraform: false,
	// upload-plan-artifacts: false), so unused stand-ins satisfy the fetch.
	// The same for every other action the reusable workflow names (tool
	// installs, cloud logins, the plugin cache: all off in this caller).
	flags := append([]string{"--local-repository", "repave-dev/repave@v1=" + repaveCopy(t)}, unusedActions(t)...)

	work := callerRepo(t, state)
	commit := func(msg string) string {
		gitOut(t, work, "add", "-A")
		gitOut(t, work, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qm", msg)
		return gitOut(t, work, "rev-parse", "HEAD")
	}
	base := commit("Infrastructure through repave")
	gitOut(t, work, "branch", "-M", "main")
	// The pull request adds the image (the bake job runs only when the
	// template changes) and moves the web tier to a new image.
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "example", "packer", "web"), filepath.Join(work, "packer", "web"))
	main := filepath.Join(work, "infra", "web", "main.tf")
	src, _ := os.ReadFile(main)
	os.WriteFile(main, []byte(strings.Replace(string(src), `default     = "img-example-0001"`, `default     = "img-example-0002"`, 1)), 0o644)
	head := commit("New image for web")

	// pull_request: bake (build only), discover, plan, comment.
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: prNumber, HeadSHA: head, BaseSHA: base})
	out := runAct(t, srv, work, "pull_request", withBase(t, writeEvent(t, head), base), flags...)
	var comment string
	for _, c := range srv.Comments(owner, repo, prNumber) {
		if c.GetUser().GetLogin() == bot && strings.HasPrefix(c.GetBody(), "<!-- repave:plan root=infra/web ") {
			comment = c.GetBody()
		}
	}
	if comment == "" || !strings.Contains(comment, "4 to add") {
		t.Fatalf("the pull request should get the plan comment of infra/web:\n%.500s\n---- act ----\n%s", comment, tail(out, 60))
	}
	if !strings.Contains(out, "packer") {
		t.Errorf("the bake job should have run packer:\n%s", tail(out, 40))
	}

	// push: the merge is applied.
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: prNumber, HeadSHA: head, BaseSHA: base, Merged: true, MergeCommitSHA: head})
	out = runAct(t, srv, work, "push", withBefore(t, writePush(t, head), base), flags...)
	deps := srv.Deployments(owner, repo)
	if len(deps) != 1 || deps[0].SHA != head || deps[0].State() != "success" {
		t.Fatalf("the merge should be deployed: %+v\n%s", deps, tail(out, 60))
	}
	var promotion bool
	for _, p := range srv.Pulls(owner, repo) {
		promotion = promotion || strings.HasPrefix(p.HeadRef, "repave/promote-web-")
	}
	if !promotion {
		t.Errorf("the pushed bake should open a promotion pull request for the dev channel: %+v", srv.Pulls(owner, repo))
	}

	// schedule: the nightly audit runs against the deployed state.
	out = runAct(t, srv, work, "schedule", writeSchedule(t), flags...)
	if !strings.Contains(out, "audit-check") || strings.Contains(out, "Job failed") {
		t.Errorf("the audit job should run and pass:\n%s", tail(out, 40))
	}

	// workflow_dispatch: re-deploy the commit before the merge.
	out = runAct(t, srv, work, "workflow_dispatch", writeRedeploy(t, base, "infra/web"), flags...)
	deps = srv.Deployments(owner, repo)
	if len(deps) != 2 || deps[1].SHA != base || deps[1].State() != "success" {
		t.Fatalf("the dispatch should re-deploy %s: %+v\n%s", base, deps, tail(out, 60))
	}
}

// callerRepo is userRepo without repave's source, whose one workflow calls
// repave@v1 (e2e/testdata/reusable-workflows/infrastructure.yml, its state
// at state); not yet committed.
func callerRepo(t *testing.T, state string) string {
	t.Helper()
	work := userRepo(t)
	for _, d := range []string{".github", "actions", "cmd", "pkg", "internal", "go.mod", "go.sum", "action.yml"} {
		os.RemoveAll(filepath.Join(work, d)) // the user's repository has no repave source: it calls repave@v1
	}
	wf := filepath.Join(work, ".github", "workflows", "infrastructure.yml")
	b, err := os.ReadFile(filepath.Join(fixture.Repo(t), "e2e", "testdata", "reusable-workflows", "infrastructure.yml"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(wf), 0o755)
	os.WriteFile(wf, []byte(strings.ReplaceAll(string(b), "STATE_PATH", state)), 0o644)
	return work
}

// repaveCopy is repave's repository as GitHub would serve it at v1.
func repaveCopy(t *testing.T) string {
	t.Helper()
	src, dst := fixture.Repo(t), t.TempDir()
	for _, p := range []string{"go.mod", "go.sum", "action.yml"} {
		b, _ := os.ReadFile(filepath.Join(src, p))
		os.WriteFile(filepath.Join(dst, p), b, 0o644)
	}
	for _, d := range []string{"actions", "cmd", "pkg", "internal", ".github"} {
		fixture.CopyDir(t, filepath.Join(src, d), filepath.Join(dst, d))
	}
	// act v0.2.89 (the latest) validates workflows against a schema that
	// predates GitHub's `concurrency.queue` and refuses the whole file; act
	// runs jobs one at a time anyway, so the copy drops that key.
	wf := filepath.Join(dst, ".github", "workflows", "repave.yml")
	b, err := os.ReadFile(wf)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(wf, regexp.MustCompile(`(?m)^\s+queue: max\n`).ReplaceAll(b, nil), 0o644)
	return dst
}

// unusedAction is an action that fails if it ever runs.
// unusedActions maps every action of the reusable workflow but checkout and
// repave's own to an unused stand-in, as act --local-repository flags.
func unusedActions(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixture.Repo(t), ".github", "workflows", "repave.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var flags []string
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\s*(?:- )?uses: (\S+)`).FindAllStringSubmatch(string(b), -1) {
		ref := m[1]
		if seen[ref] || strings.HasPrefix(ref, "repave-dev/") || strings.HasPrefix(ref, "actions/checkout@") {
			continue
		}
		seen[ref] = true
		name, _, _ := strings.Cut(ref, "@")
		flags = append(flags, "--local-repository", ref+"="+unusedAction(t, filepath.Base(name)))
	}
	return flags
}

func unusedAction(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	yml := "name: " + name + " (unused stand-in)\ndescription: must not run in this test\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: echo '::error::" + name + " ran but the workflow disabled it'; exit 1\n"
	if err := os.WriteFile(filepath.Join(dir, "action.yml"), []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func rewrite(t *testing.T, path string, edit func(map[string]any)) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ev map[string]any
	if err := json.Unmarshal(b, &ev); err != nil {
		t.Fatal(err)
	}
	edit(ev)
	b, _ = json.Marshal(ev)
	os.WriteFile(path, b, 0o644)
	return path
}

func withBefore(t *testing.T, path, before string) string {
	return rewrite(t, path, func(ev map[string]any) { ev["before"] = before })
}

func writeSchedule(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "schedule.json")
	b, _ := json.Marshal(map[string]any{"schedule": "17 3 * * *", "repository": map[string]any{"name": repo, "full_name": owner + "/" + repo, "default_branch": "main", "owner": map[string]any{"login": owner}}})
	os.WriteFile(p, b, 0o644)
	return p
}

func writeRedeploy(t *testing.T, ref, root string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "dispatch.json")
	b, _ := json.Marshal(map[string]any{
		"ref": "refs/heads/main", "inputs": map[string]any{"redeploy-ref": ref, "redeploy-root": root},
		"repository": map[string]any{"name": repo, "full_name": owner + "/" + repo, "default_branch": "main", "owner": map[string]any{"login": owner}},
	})
	os.WriteFile(p, b, 0o644)
	return p
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
