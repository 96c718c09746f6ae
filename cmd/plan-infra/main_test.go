package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/actions"
)

type result struct {
	code    int
	log     string
	outputs map[string]string
	summary string
}

// runAction runs plan-infra as a job step would: in a checkout holding the
// bundled example at infra/web, with inputs and runner files in the env.
func runAction(t *testing.T, inputs map[string]string) result {
	t.Helper()
	work := t.TempDir()
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "example", "terraform"), filepath.Join(work, "infra", "web"))
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "roots", "broken"), filepath.Join(work, "infra", "broken"))
	t.Chdir(work)
	env := map[string]string{
		"GITHUB_OUTPUT":       filepath.Join(t.TempDir(), "output"),
		"GITHUB_STEP_SUMMARY": filepath.Join(t.TempDir(), "summary"),
		"RUNNER_TEMP":         t.TempDir(),
		"GITHUB_EVENT_NAME":   "pull_request",
		"GITHUB_EVENT_PATH":   filepath.Join(fixture.Repo(t), "testdata", "events", "pull_request_opened.json"),
		"GITHUB_REPOSITORY":   "acme/infra",
	}
	for k, v := range inputs {
		env["INPUT_"+strings.ToUpper(strings.ReplaceAll(k, "-", "_"))] = v
	}
	var log strings.Builder
	a := actions.New(actions.WithGetenv(func(k string) string { return env[k] }), actions.WithStdout(&log))
	code := a.Run(context.Background(), "plan-infra", run)
	r := result{code: code, log: log.String()}
	if b, err := os.ReadFile(env["GITHUB_OUTPUT"]); err == nil {
		if r.outputs, err = actions.ParseOutputs(string(b)); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := os.ReadFile(env["GITHUB_STEP_SUMMARY"])
	r.summary = string(b)
	return r
}

func TestPlanInfraWritesOutputsSummaryAndPlanDir(t *testing.T) {
	r := runAction(t, map[string]string{"working-directory": "infra/web", "vars": "image_id=img-0002\ninstance_count=2"})
	if r.code != 0 {
		t.Fatalf("exit %d:\n%s", r.code, r.log)
	}
	want := map[string]string{"changes": "true", "to-add": "3", "to-change": "0", "to-destroy": "0", "to-replace": "0"}
	for k, v := range want {
		if r.outputs[k] != v {
			t.Errorf("output %s = %q, want %q", k, r.outputs[k], v)
		}
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(r.outputs["fingerprint"]) {
		t.Errorf("fingerprint = %q", r.outputs["fingerprint"])
	}
	for _, f := range []string{"plan.tfplan", "plan.json", "result.json", "comment.md"} {
		if _, err := os.Stat(filepath.Join(r.outputs["plan-dir"], f)); err != nil {
			t.Errorf("plan-dir lacks %s: %v", f, err)
		}
	}
	if !strings.Contains(r.summary, "terraform_data.web[1]") || !strings.Contains(r.summary, "root=infra/web workspace=default") {
		t.Errorf("the job summary should hold the full plan for infra/web:\n%s", r.summary)
	}
	if !strings.Contains(r.log, "::group::terraform plan infra/web") || !strings.Contains(r.log, "Plan: 3 to add") {
		t.Errorf("the log should fold Terraform's progress in a group:\n%s", r.log)
	}
	// The sensitive default password may appear only in the mask command that hides it.
	for _, l := range strings.Split(r.log+r.summary, "\n") {
		if strings.Contains(l, "example-only-password") && !strings.HasPrefix(l, "::add-mask::") {
			t.Errorf("sensitive value shown: %q", l)
		}
	}
}

func TestPlanInfraRejectsBadInputWithOneError(t *testing.T) {
	cases := map[string]struct {
		inputs map[string]string
		want   string
	}{
		"lock-timeout": {map[string]string{"lock-timeout": "5 minutes"}, `::error title=Invalid input::input "lock-timeout": "5 minutes" is not a duration`},
		"vars":         {map[string]string{"vars": "image_id=img-1\njust-a-word"}, `::error title=Invalid input::input "vars"`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := runAction(t, c.inputs)
			if r.code != 1 || !strings.Contains(r.log, c.want) || strings.Count(r.log, "::error") != 1 {
				t.Errorf("exit %d, want 1 and one line containing %q:\n%s", r.code, c.want, r.log)
			}
			if strings.Contains(r.log, "goroutine") {
				t.Error("a stack trace reached the log")
			}
		})
	}
}

func TestPlanInfraAnnotatesTerraformErrors(t *testing.T) {
	r := runAction(t, map[string]string{"working-directory": "infra/broken"})
	if r.code != 1 {
		t.Fatalf("exit %d, want 1", r.code)
	}
	if !regexp.MustCompile(`::error [^:]*file=infra/broken/main.tf,line=6,title=Reference to undeclared input variable::`).MatchString(r.log) {
		t.Errorf("want an annotation on infra/broken/main.tf line 6:\n%s", r.log)
	}
	if !strings.Contains(r.log, "::error title=plan-infra failed::terraform plan in infra/broken failed") {
		t.Errorf("want one failure line naming the root:\n%s", r.log)
	}
	if len(r.outputs) != 0 {
		t.Errorf("a failed plan must set no outputs, got %v", r.outputs)
	}
}
