package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/actiontest"
	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

const (
	token            = "ghs_actionsTOKENforAudit"
	pipelinePassword = "pipeline-pw-5a7c"
	operatorPassword = "operator-pw-9d1e"
)

type result = actiontest.Result

// env is one repository checkout with a shared local state, and a stand-in GitHub.
type env struct {
	t     *testing.T
	work  string // the pipeline's checkout
	state string
	srv   *ghtest.Server
}

func newEnv(t *testing.T) *env {
	t.Helper()
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Fatal("terraform is not on PATH; .ci/run installs it")
	}
	e := &env{t: t, work: t.TempDir(), state: filepath.Join(t.TempDir(), "app.tfstate"), srv: ghtest.New(t)}
	e.srv.AddToken(token, gh.ActionsBot)
	e.checkout(e.work)
	return e
}

// checkout writes the audited root at infra/app of dir, on the shared state.
func (e *env) checkout(dir string) {
	root := filepath.Join(dir, "infra", "app")
	fixture.CopyDir(e.t, filepath.Join(fixture.Repo(e.t), "testdata", "audit", "roots", "app"), root)
	if err := os.WriteFile(filepath.Join(root, "backend.tf"), []byte("terraform {\n  backend \"local\" {}\n}\n"), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) terraform(dir string, args ...string) {
	e.t.Helper()
	cmd := exec.Command("terraform", append([]string{"-chdir=" + filepath.Join(dir, "infra", "app")}, args...)...)
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		e.t.Fatalf("terraform %v: %v\n%s", args, err, out)
	}
}

func (e *env) apply(dir string, vars ...string) {
	e.t.Helper()
	e.terraform(dir, "init", "-input=false", "-backend-config=path="+e.state)
	args := []string{"apply", "-auto-approve", "-input=false"}
	for _, v := range vars {
		args = append(args, "-var", v)
	}
	e.terraform(dir, args...)
}

// handChange is an operator applying other values from a laptop checkout.
func (e *env) handChange() {
	laptop := e.t.TempDir()
	e.checkout(laptop)
	e.apply(laptop, "db_password="+operatorPassword, `web_sizes={"2":"xlarge"}`)
}

func (e *env) run(inputs map[string]string) result {
	t := e.t
	t.Helper()
	// The command reads its inputs relative to the working directory, as a
	// job step does: the tests that run it are serial (t.Parallel panics).
	t.Chdir(e.work)
	vars := map[string]string{
		"GITHUB_EVENT_NAME": "schedule",
		"GITHUB_EVENT_PATH": filepath.Join(fixture.Repo(t), "testdata", "events", "schedule.json"),
		"GITHUB_REPOSITORY": "acme/infra",
		"GITHUB_WORKSPACE":  e.work,
		"GITHUB_SERVER_URL": e.srv.Origin,
		"GITHUB_RUN_ID":     "4242",
		"GITHUB_API_URL":    e.srv.URL,
	}
	defaults := map[string]string{
		"working-directories": "infra/*",
		"backend-config":      "path=" + e.state,
		"vars":                "db_password=" + pipelinePassword,
		"github-token":        token,
	}
	for k, v := range defaults {
		if _, ok := inputs[k]; !ok {
			inputs[k] = v
		}
	}
	return actiontest.Run(t, "audit-check", run, vars, inputs)
}

func noSecrets(t *testing.T, r result) {
	t.Helper()
	report, _ := os.ReadFile(r.Outputs["report"])
	for _, s := range []string{pipelinePassword, operatorPassword} {
		for name, text := range map[string]string{"summary": r.Summary, "report": string(report)} {
			if strings.Contains(text, s) {
				t.Errorf("a sensitive value is in the %s", name)
			}
		}
		if strings.Count(r.Log, s) > strings.Count(r.Log, "::add-mask::"+s) {
			t.Errorf("a sensitive value is in the log outside its mask command")
		}
	}
}

func TestAuditCheckIssueLifecycleWithRealTerraform(t *testing.T) {
	if testing.Short() {
		t.Skip("audits with real terraform several times")
	}
	e := newEnv(t)
	e.apply(e.work, "db_password="+pipelinePassword)

	// Clean: nothing to report, no issue.
	r := e.run(map[string]string{})
	if r.Code != 0 || r.Outputs["drifted"] != "false" || r.Outputs["findings"] != "0" {
		t.Fatalf("clean root: exit %d outputs %v\n%s", r.Code, r.Outputs, r.Log)
	}
	if n := len(e.srv.Issues("acme", "infra")); n != 0 {
		t.Fatalf("a clean root opened %d issues", n)
	}

	// An operator applies other values by hand: exactly web[2] and db are flagged.
	e.handChange()
	r = e.run(map[string]string{})
	if r.Code != 1 || r.Outputs["drifted"] != "true" || r.Outputs["findings"] != "2" {
		t.Fatalf("after a hand change: exit %d outputs %v\n%s", r.Code, r.Outputs, r.Log)
	}
	if !strings.Contains(r.Log, "::error title=audit-check failed::audit found 2 finding(s)") {
		t.Errorf("the failure should say how many findings:\n%s", r.Log)
	}
	for _, want := range []string{"| `infra/app` | `default` | 2 pending, 0 refresh-only | 0 | 0 |", "`terraform_data.web[2]`", "`terraform_data.db`", "`input.size` | `\"xlarge\"` | `\"small\"`"} {
		if !strings.Contains(r.Summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.Summary)
		}
	}
	if strings.Contains(r.Summary, "terraform_data.web[0]") || strings.Contains(r.Summary, "terraform_data.web[1]") {
		t.Errorf("summary flags resources nobody changed:\n%s", r.Summary)
	}
	noSecrets(t, r)
	issues := e.srv.Issues("acme", "infra")
	if len(issues) != 1 || issues[0].GetState() != "open" || !strings.Contains(issues[0].GetBody(), "terraform_data.web[2]") {
		t.Fatalf("issues after drift: %v", issues)
	}
	number := issues[0].GetNumber()

	// Nothing changed since: no write to GitHub.
	writes := e.srv.Count("POST", "") + e.srv.Count("PATCH", "")
	r = e.run(map[string]string{"fail-on": "never"})
	if r.Code != 0 {
		t.Fatalf("fail-on never: exit %d\n%s", r.Code, r.Log)
	}
	if got := e.srv.Count("POST", "") + e.srv.Count("PATCH", ""); got != writes {
		t.Errorf("an unchanged audit made %d writes", got-writes)
	}

	// The pipeline re-applies main: clean again, the issue is closed with a comment.
	e.apply(e.work, "db_password="+pipelinePassword)
	r = e.run(map[string]string{})
	if r.Code != 0 || r.Outputs["drifted"] != "false" {
		t.Fatalf("after re-apply: exit %d outputs %v\n%s", r.Code, r.Outputs, r.Log)
	}
	issues = e.srv.Issues("acme", "infra")
	comments := e.srv.Comments("acme", "infra", number)
	if issues[0].GetState() != "closed" || len(comments) != 1 || !strings.Contains(comments[0].GetBody(), "/acme/infra/actions/runs/4242") {
		t.Errorf("clean: issue %s, comments %v", issues[0].GetState(), comments)
	}

	// Drift comes back: the same issue is reopened.
	e.handChange()
	r = e.run(map[string]string{"fail-on": "drift"})
	if r.Code != 1 || !strings.Contains(r.Log, "audit found drift") {
		t.Errorf("fail-on drift: exit %d\n%s", r.Code, r.Log)
	}
	issues = e.srv.Issues("acme", "infra")
	if len(issues) != 1 || issues[0].GetNumber() != number || issues[0].GetState() != "open" {
		t.Errorf("reopen: %v", issues)
	}
}

func TestAuditCheckAnnotationsStayWithinGitHubLimits(t *testing.T) {
	e := newEnv(t)
	e.apply(e.work, "db_password="+pipelinePassword)
	var b strings.Builder
	for i := range 12 {
		fmt.Fprintf(&b, "module \"m%d\" {\n  source = \"acme/net/aws\"\n}\n", i)
		fmt.Fprintf(&b, "locals {\n  api_token_%d = \"literal-%d\"\n}\n", i, i)
	}
	// A module of the repository, outside the root (so init does not fetch them).
	os.MkdirAll(filepath.Join(e.work, "modules", "net"), 0o755)
	if err := os.WriteFile(filepath.Join(e.work, "modules", "net", "sloppy.tf"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	r := e.run(map[string]string{"hygiene": "true"})
	if r.Code != 1 || r.Outputs["findings"] != "24" {
		t.Fatalf("exit %d outputs %v\n%s", r.Code, r.Outputs, r.Log)
	}
	errs := regexp.MustCompile(`(?m)^::error file=`).FindAllString(r.Log, -1)
	warns := regexp.MustCompile(`(?m)^::warning `).FindAllString(r.Log, -1)
	if len(errs) > 10 || len(warns) > 10 {
		t.Errorf("%d error and %d warning annotations; GitHub shows 10 of each", len(errs), len(warns))
	}
	if !strings.Contains(r.Log, "3 more errors") || !strings.Contains(r.Log, "3 more warnings") {
		t.Errorf("the rest should be summarised:\n%s", r.Log)
	}
	if !strings.Contains(r.Log, "file=modules/net/sloppy.tf,line=5") {
		t.Errorf("annotations should carry file and line:\n%s", r.Log)
	}
	if strings.Contains(r.Log, "literal-") || strings.Contains(r.Summary, "literal-") {
		t.Error("a hard-coded secret was echoed")
	}
}

func TestAuditCheckRejectsBadInputWithOneError(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		inputs map[string]string
		want   string
	}{
		{map[string]string{"working-directories": "infra/app\ninfra/nope"}, `::error title=Invalid input::input "working-directories" line 2: "infra/nope" matches no directory with .tf files`},
		{map[string]string{"automation-principals": "role/(x"}, `::error title=Invalid input::input "automation-principals" line 1: "role/(x" is not an ARN, an email or an object id; a regular expression needs the re: prefix`},
		{map[string]string{"fail-on": "sometimes"}, `::error title=Invalid input::input "fail-on": "sometimes"`},
		{map[string]string{"hygiene-exclude": "**/testdata/**\ntest/[fixtures"}, `::error title=Invalid input::input "hygiene-exclude" line 2: "test/[fixtures" is not a valid glob`},
		{map[string]string{"working-directories": "infra/*\n!"}, `::error title=Invalid input::input "working-directories" line 2: "!" excludes nothing`},
		{map[string]string{"hygiene": "yes please"}, `::error title=Invalid input::input "hygiene"`},
		{map[string]string{"audit-logs": "missing.json"}, `::error title=audit-check failed::audit-logs: cannot read missing.json`},
		{map[string]string{"secrets": "secret/data/prod/db password | TF_VAR_db_password"}, `::error title=Invalid input::input "vault-url" is required`},
	}
	for _, c := range cases {
		r := e.run(c.inputs)
		if r.Code != 1 || !strings.Contains(r.Log, c.want) || strings.Count(r.Log, "::error") != 1 {
			t.Errorf("inputs %v: exit %d, log:\n%s\nwant one error like %s", c.inputs, r.Code, r.Log, c.want)
		}
	}
}
