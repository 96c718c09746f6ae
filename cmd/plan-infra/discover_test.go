package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/actiontest"
	"github.com/repave-dev/repave/internal/fixture"
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
	// The command reads its inputs relative to the working directory, as a
	// job step does: the tests that run it are serial (t.Parallel panics).
	t.Chdir(work)
	all := map[string]string{"RUNNER_TEMP": t.TempDir(), "GITHUB_REPOSITORY": "acme/infra"}
	for k, v := range env {
		all[k] = v
	}
	r := stepResult{result: actiontest.Run(t, "plan-infra", run, all, inputs)}
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
	return fixture.Git(t, dir, args...)
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
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	if want := `{"include":[{"root":"infra/prod","tool":"terraform"},{"root":"infra/staging","tool":"terraform"}]}`; r.Outputs["matrix"] != want {
		t.Errorf("matrix = %s, want %s", r.Outputs["matrix"], want)
	}
	if r.Outputs["roots"] != "2" {
		t.Errorf("roots = %q, want 2", r.Outputs["roots"])
	}
	if r.planned || r.Outputs["plan-dir"] != "" {
		t.Error("discover: true planned something; it must only discover")
	}
	for _, s := range []string{"2 of 3 roots changed", "git diff " + base + "...HEAD", "- `infra/prod`"} {
		if !strings.Contains(r.Summary, s) {
			t.Errorf("summary lacks %q:\n%s", s, r.Summary)
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
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	if want := `{"include":[{"root":"infra/dns","tool":"terraform"},{"root":"infra/sandbox","tool":"terraform"}]}`; r.Outputs["matrix"] != want {
		t.Errorf("matrix = %s, want %s", r.Outputs["matrix"], want)
	}
	if !strings.Contains(r.Log, "the file list of pull request #12") || strings.Contains(strings.ReplaceAll(r.Log, "::add-mask::ghs_discover", ""), "ghs_discover") {
		t.Errorf("the log should say the files came from the pull request, and never show the token:\n%s", r.Log)
	}
}

func TestDiscoverBatchesPastTheMatrixLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	work := t.TempDir()
	files := map[string]string{}
	for i := range 300 {
		files[fmt.Sprintf("stacks/s%03d/main.tf", i)] = `resource "terraform_data" "x" {}`
	}
	write(t, work, files)
	// A manual run: no history, no pull request, so every root counts.
	r := runIn(t, work, map[string]string{"GITHUB_EVENT_NAME": "workflow_dispatch"}, map[string]string{"discover": "true", "roots": "stacks/*"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	var m struct {
		Include []map[string]string `json:"include"`
	}
	if err := json.Unmarshal([]byte(r.Outputs["matrix"]), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Include) != 150 || m.Include[0]["roots"] != "stacks/s000\nstacks/s001" || r.Outputs["roots"] != "300" {
		t.Errorf("want 150 jobs of 2 roots for 300 roots, got %d jobs, first %q, roots %q", len(m.Include), m.Include[0], r.Outputs["roots"])
	}
	if !strings.Contains(r.Log, "every root counts as changed") {
		t.Errorf("the log should say why every root counts:\n%s", r.Log)
	}
}

func TestDiscoverRejectsABadGlob(t *testing.T) {
	work := t.TempDir()
	write(t, work, monorepo)
	r := runIn(t, work, nil, map[string]string{"discover": "true", "roots": "infra/**\ninfra/[prod"})
	want := `::error title=Invalid input::input "roots" line 2: "infra/[prod" is not a valid glob`
	if r.Code != 1 || !strings.Contains(r.Log, want) || strings.Count(r.Log, "::error") != 1 {
		t.Errorf("exit %d, want one error %q:\n%s", r.Code, want, r.Log)
	}
	r = runIn(t, work, nil, map[string]string{"discover": "yes"})
	if r.Code != 1 || !strings.Contains(r.Log, `input "discover": "yes" is not a boolean`) {
		t.Errorf("exit %d, want an invalid discover:\n%s", r.Code, r.Log)
	}
}

func TestRootsBatchPlansEachRootWithItsOwnPlanDir(t *testing.T) {
	if testing.Short() {
		t.Skip("plans several roots with real terraform")
	}
	work := t.TempDir()
	example := filepath.Join(fixture.Repo(t), "testdata", "example", "terraform")
	fixture.CopyDir(t, example, filepath.Join(work, "infra", "web"))
	fixture.CopyDir(t, example, filepath.Join(work, "infra", "api"))
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "roots", "broken"), filepath.Join(work, "infra", "broken"))
	env := map[string]string{"GITHUB_EVENT_NAME": "pull_request",
		"GITHUB_EVENT_PATH": filepath.Join(fixture.Repo(t), "testdata", "events", "pull_request_opened.json")}

	r := runIn(t, work, env, map[string]string{"roots-batch": "infra/web\ninfra/api", "vars": "instance_count=2"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	dirs := strings.Split(r.Outputs["plan-dirs"], "\n")
	if len(dirs) != 2 || dirs[0] == dirs[1] {
		t.Fatalf("plan-dirs = %q, want one per root", r.Outputs["plan-dirs"])
	}
	for i, root := range []string{"infra/web", "infra/api"} {
		b, err := os.ReadFile(filepath.Join(dirs[i], "result.json"))
		if err != nil || !strings.Contains(string(b), `"root":"`+root+`"`) && !strings.Contains(string(b), `"root": "`+root+`"`) {
			t.Errorf("plan dir %s should hold %s's result: %v\n%s", dirs[i], root, err, b)
		}
		if !strings.Contains(r.Summary, "root="+root+" workspace=default") || !strings.Contains(r.Log, "::group::terraform plan "+root) {
			t.Errorf("the summary and log should hold %s's plan", root)
		}
	}
	if r.Outputs["changes"] != "true" || r.Outputs["to-add"] != "6" {
		t.Errorf("changes = %q, to-add = %q; want true and 6 (3 per root)", r.Outputs["changes"], r.Outputs["to-add"])
	}

	r = runIn(t, work, env, map[string]string{"roots-batch": "infra/broken\ninfra/web"})
	if r.Code != 1 || !strings.Contains(r.Log, "1 of 2 roots of the batch failed to plan: infra/broken") {
		t.Errorf("exit %d, want the failed root named:\n%s", r.Code, r.Log)
	}
	if dirs := r.Outputs["plan-dirs"]; strings.Contains(dirs, "\n") || !strings.Contains(dirs, "web") {
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
	if r.Code != 0 || r.Outputs["matrix"] != `{"include":[]}` || r.Outputs["roots"] != "0" {
		t.Errorf("exit %d, matrix %q, roots %q; want an empty matrix and 0 for the workflow's `if:`\n%s", r.Code, r.Outputs["matrix"], r.Outputs["roots"], r.Log)
	}
}
