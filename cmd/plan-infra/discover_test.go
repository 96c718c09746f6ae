package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/actions"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

// stepResult is a result and whether a plan directory was written.
type stepResult struct {
	result
	planned bool
}

// runIn runs plan-infra as a job step would, in the checkout work, with env
// added to the runner's files and inputs as INPUT_* variables.
func runIn(t *testing.T, work string, env, inputs map[string]string) stepResult {
	t.Helper()
	t.Chdir(work)
	all := map[string]string{
		"GITHUB_OUTPUT":       filepath.Join(t.TempDir(), "output"),
		"GITHUB_STEP_SUMMARY": filepath.Join(t.TempDir(), "summary"),
		"RUNNER_TEMP":         t.TempDir(),
		"GITHUB_REPOSITORY":   "acme/infra",
	}
	for k, v := range env {
		all[k] = v
	}
	for k, v := range inputs {
		all["INPUT_"+strings.ToUpper(strings.ReplaceAll(k, "-", "_"))] = v
	}
	var log strings.Builder
	a := actions.New(actions.WithGetenv(func(k string) string { return all[k] }), actions.WithStdout(&log))
	code := a.Run(context.Background(), "plan-infra", run)
	r := stepResult{result: result{code: code, log: log.String()}}
	if b, err := os.ReadFile(all["GITHUB_OUTPUT"]); err == nil {
		if r.outputs, err = actions.ParseOutputs(string(b)); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := os.ReadFile(all["GITHUB_STEP_SUMMARY"])
	r.summary = string(b)
	if _, err := os.Stat(filepath.Join(all["RUNNER_TEMP"], "repave")); err == nil {
		r.planned = true
	}
	return r
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir, "-c", "user.name=T", "-c", "user.email=t@example.com",
		"-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// monorepo: two roots share modules/net, a third calls nothing, and
// modules/ is outside the roots globs.
var monorepo = map[string]string{
	"infra/prod/main.tf":    "module \"net\" {\n  source = \"../../modules/net\"\n}\n",
	"infra/staging/main.tf": "module \"net\" {\n  source = \"../../modules/net\"\n}\n",
	"infra/dns/main.tf":     `resource "terraform_data" "zone" {}`,
	"infra/sandbox/main.tf": "module \"net\" {\n  source = \"../../modules/net\"\n}\n",
	"modules/net/main.tf":   `variable "cidr" { default = "10.0.0.0/16" }`,
}

// prEvent writes a pull_request payload for PR 12 with base and returns its path.
func prEvent(t *testing.T, base string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "event.json")
	body := fmt.Sprintf(`{"action":"synchronize","number":12,"pull_request":{"number":12,
		"head":{"ref":"net","sha":"f1e2d3c4b5a697887766554433221100ffeeddcc","repo":{"id":1,"full_name":"acme/infra"}},
		"base":{"ref":"main","sha":%q,"repo":{"id":1,"full_name":"acme/infra"}}},
		"repository":{"id":1,"full_name":"acme/infra","default_branch":"main"}}`, base)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDiscoverFromGitOutputsTheMatrixWithoutPlanning(t *testing.T) {
	work := t.TempDir()
	write(t, work, monorepo)
	git(t, work, "init", "-q")
	git(t, work, "add", "-A")
	git(t, work, "commit", "-q", "-m", "base")
	base := git(t, work, "rev-parse", "HEAD")
	write(t, work, map[string]string{"modules/net/main.tf": `variable "cidr" { default = "10.1.0.0/16" }`})
	git(t, work, "commit", "-q", "-am", "widen the network")

	r := runIn(t, work, map[string]string{"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": prEvent(t, base)},
		map[string]string{"discover": "true", "roots": "infra/**\n!infra/sandbox/**"})
	if r.code != 0 {
		t.Fatalf("exit %d:\n%s", r.code, r.log)
	}
	if want := `{"include":[{"root":"infra/prod"},{"root":"infra/staging"}]}`; r.outputs["matrix"] != want {
		t.Errorf("matrix = %s, want %s", r.outputs["matrix"], want)
	}
	if r.outputs["roots"] != "2" {
		t.Errorf("roots = %q, want 2", r.outputs["roots"])
	}
	if r.planned || r.outputs["plan-dir"] != "" {
		t.Error("discover: true planned something; it must only discover")
	}
	for _, s := range []string{"2 of 3 roots changed", "git diff " + base + "...HEAD", "- `infra/prod`"} {
		if !strings.Contains(r.summary, s) {
			t.Errorf("summary lacks %q:\n%s", s, r.summary)
		}
	}
}

func TestDiscoverFromThePullRequestsFilesInAShallowCheckout(t *testing.T) {
	srv := ghtest.New(t)
	srv.AddToken("ghs_discover", gh.ActionsBot)
	srv.AddPull("acme", "infra", ghtest.PullRequest{Number: 12, HeadSHA: "f1e2d3c4b5a697887766554433221100ffeeddcc"})
	srv.SetPullFiles("acme", "infra", 12, []ghtest.PullFile{
		{Filename: "infra/dns/zone.tf", Status: "renamed", PreviousFilename: "infra/sandbox/zone.tf"},
	})
	work := t.TempDir()
	write(t, work, monorepo) // no .git: as after a checkout without history
	r := runIn(t, work, map[string]string{"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": prEvent(t, "0123456789abcdef0123456789abcdef01234567"),
		"GITHUB_API_URL": srv.URL}, map[string]string{"discover": "true", "github-token": "ghs_discover"})
	if r.code != 0 {
		t.Fatalf("exit %d:\n%s", r.code, r.log)
	}
	if want := `{"include":[{"root":"infra/dns"},{"root":"infra/sandbox"}]}`; r.outputs["matrix"] != want {
		t.Errorf("matrix = %s, want %s", r.outputs["matrix"], want)
	}
	if !strings.Contains(r.log, "the file list of pull request #12") || strings.Contains(strings.ReplaceAll(r.log, "::add-mask::ghs_discover", ""), "ghs_discover") {
		t.Errorf("the log should say the files came from the pull request, and never show the token:\n%s", r.log)
	}
}

func TestDiscoverBatchesPastTheMatrixLimit(t *testing.T) {
	work := t.TempDir()
	files := map[string]string{}
	for i := range 300 {
		files[fmt.Sprintf("stacks/s%03d/main.tf", i)] = `resource "terraform_data" "x" {}`
	}
	write(t, work, files)
	// A manual run: no history, no pull request, so every root counts.
	r := runIn(t, work, map[string]string{"GITHUB_EVENT_NAME": "workflow_dispatch"}, map[string]string{"discover": "true", "roots": "stacks/*"})
	if r.code != 0 {
		t.Fatalf("exit %d:\n%s", r.code, r.log)
	}
	var m struct {
		Include []map[string]string `json:"include"`
	}
	if err := json.Unmarshal([]byte(r.outputs["matrix"]), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Include) != 150 || m.Include[0]["roots"] != "stacks/s000\nstacks/s001" || r.outputs["roots"] != "300" {
		t.Errorf("want 150 jobs of 2 roots for 300 roots, got %d jobs, first %q, roots %q", len(m.Include), m.Include[0], r.outputs["roots"])
	}
	if !strings.Contains(r.log, "every root counts as changed") {
		t.Errorf("the log should say why every root counts:\n%s", r.log)
	}
}

func TestDiscoverRejectsABadGlob(t *testing.T) {
	work := t.TempDir()
	write(t, work, monorepo)
	r := runIn(t, work, nil, map[string]string{"discover": "true", "roots": "infra/**\ninfra/[prod"})
	want := `::error title=Invalid input::input "roots" line 2: "infra/[prod" is not a valid glob`
	if r.code != 1 || !strings.Contains(r.log, want) || strings.Count(r.log, "::error") != 1 {
		t.Errorf("exit %d, want one error %q:\n%s", r.code, want, r.log)
	}
	r = runIn(t, work, nil, map[string]string{"discover": "yes"})
	if r.code != 1 || !strings.Contains(r.log, `input "discover": "yes" is not a boolean`) {
		t.Errorf("exit %d, want an invalid discover:\n%s", r.code, r.log)
	}
}

func TestRootsBatchPlansEachRootWithItsOwnPlanDir(t *testing.T) {
	work := t.TempDir()
	example := filepath.Join(fixture.Repo(t), "testdata", "example", "terraform")
	fixture.CopyDir(t, example, filepath.Join(work, "infra", "web"))
	fixture.CopyDir(t, example, filepath.Join(work, "infra", "api"))
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "roots", "broken"), filepath.Join(work, "infra", "broken"))
	env := map[string]string{"GITHUB_EVENT_NAME": "pull_request",
		"GITHUB_EVENT_PATH": filepath.Join(fixture.Repo(t), "testdata", "events", "pull_request_opened.json")}

	r := runIn(t, work, env, map[string]string{"roots-batch": "infra/web\ninfra/api", "vars": "instance_count=2"})
	if r.code != 0 {
		t.Fatalf("exit %d:\n%s", r.code, r.log)
	}
	dirs := strings.Split(r.outputs["plan-dirs"], "\n")
	if len(dirs) != 2 || dirs[0] == dirs[1] {
		t.Fatalf("plan-dirs = %q, want one per root", r.outputs["plan-dirs"])
	}
	for i, root := range []string{"infra/web", "infra/api"} {
		b, err := os.ReadFile(filepath.Join(dirs[i], "result.json"))
		if err != nil || !strings.Contains(string(b), `"root":"`+root+`"`) && !strings.Contains(string(b), `"root": "`+root+`"`) {
			t.Errorf("plan dir %s should hold %s's result: %v\n%s", dirs[i], root, err, b)
		}
		if !strings.Contains(r.summary, "root="+root+" workspace=default") || !strings.Contains(r.log, "::group::terraform plan "+root) {
			t.Errorf("the summary and log should hold %s's plan", root)
		}
	}
	if r.outputs["changes"] != "true" || r.outputs["to-add"] != "6" {
		t.Errorf("changes = %q, to-add = %q; want true and 6 (3 per root)", r.outputs["changes"], r.outputs["to-add"])
	}

	r = runIn(t, work, env, map[string]string{"roots-batch": "infra/broken\ninfra/web"})
	if r.code != 1 || !strings.Contains(r.log, "1 of 2 roots of the batch failed to plan: infra/broken") {
		t.Errorf("exit %d, want the failed root named:\n%s", r.code, r.log)
	}
	if dirs := r.outputs["plan-dirs"]; strings.Contains(dirs, "\n") || !strings.Contains(dirs, "web") {
		t.Errorf("plan-dirs = %q, want infra/web's still planned", dirs)
	}
}

func TestDiscoverWithNoChangedRootGivesAnEmptyMatrixAndZero(t *testing.T) {
	srv := ghtest.New(t)
	srv.AddToken("ghs_discover", gh.ActionsBot)
	srv.AddPull("acme", "infra", ghtest.PullRequest{Number: 12, HeadSHA: "f1e2d3c4b5a697887766554433221100ffeeddcc"})
	srv.SetPullFiles("acme", "infra", 12, []ghtest.PullFile{{Filename: "README.md"}, {Filename: "infra/sandbox/main.tf"}})
	work := t.TempDir()
	write(t, work, monorepo)
	r := runIn(t, work, map[string]string{"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": prEvent(t, ""), "GITHUB_API_URL": srv.URL},
		map[string]string{"discover": "true", "github-token": "ghs_discover", "roots": "infra/**\n!infra/sandbox"})
	if r.code != 0 || r.outputs["matrix"] != `{"include":[]}` || r.outputs["roots"] != "0" {
		t.Errorf("exit %d, matrix %q, roots %q; want an empty matrix and 0 for the workflow's `if:`\n%s", r.code, r.outputs["matrix"], r.outputs["roots"], r.log)
	}
}
