package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/actiontest"
	"github.com/repave-dev/repave/internal/fixture"
)

type result = actiontest.Result

// runAction runs plan-infra as a job step would: in a checkout holding the
// bundled example at infra/web, with inputs and runner files in the env.
func runAction(t *testing.T, inputs map[string]string) result {
	t.Helper()
	work := t.TempDir()
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "example", "terraform"), filepath.Join(work, "infra", "web"))
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "roots", "broken"), filepath.Join(work, "infra", "broken"))
	// The command reads its inputs relative to the working directory, as a
	// job step does: the tests that run it are serial (t.Parallel panics).
	t.Chdir(work)
	env := map[string]string{
		"GITHUB_EVENT_NAME": "pull_request",
		"GITHUB_EVENT_PATH": filepath.Join(fixture.Repo(t), "testdata", "events", "pull_request_opened.json"),
		"GITHUB_REPOSITORY": "acme/infra",
	}
	return actiontest.Run(t, "plan-infra", run, env, inputs)
}

func TestPlanInfraWritesOutputsSummaryAndPlanDir(t *testing.T) {
	r := runAction(t, map[string]string{"working-directory": "infra/web", "vars": "image_id=img-0002\ninstance_count=2"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	want := map[string]string{"changes": "true", "to-add": "3", "to-change": "0", "to-destroy": "0", "to-replace": "0"}
	for k, v := range want {
		if r.Outputs[k] != v {
			t.Errorf("output %s = %q, want %q", k, r.Outputs[k], v)
		}
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(r.Outputs["fingerprint"]) {
		t.Errorf("fingerprint = %q", r.Outputs["fingerprint"])
	}
	for _, f := range []string{"plan.tfplan", "plan.json", "result.json", "comment.md"} {
		if _, err := os.Stat(filepath.Join(r.Outputs["plan-dir"], f)); err != nil {
			t.Errorf("plan-dir lacks %s: %v", f, err)
		}
	}
	if !strings.Contains(r.Summary, "terraform_data.web[1]") || !strings.Contains(r.Summary, "root=infra/web workspace=default") {
		t.Errorf("the job summary should hold the full plan for infra/web:\n%s", r.Summary)
	}
	if !strings.Contains(r.Log, "::group::terraform plan infra/web") || !strings.Contains(r.Log, "Plan: 3 to add") {
		t.Errorf("the log should fold Terraform's progress in a group:\n%s", r.Log)
	}
	// The sensitive default password may appear only in the mask command that hides it.
	for _, l := range strings.Split(r.Log+r.Summary, "\n") {
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
			if r.Code != 1 || !strings.Contains(r.Log, c.want) || strings.Count(r.Log, "::error") != 1 {
				t.Errorf("exit %d, want 1 and one line containing %q:\n%s", r.Code, c.want, r.Log)
			}
			if strings.Contains(r.Log, "goroutine") {
				t.Error("a stack trace reached the log")
			}
		})
	}
}

func TestPlanInfraAnnotatesTerraformErrors(t *testing.T) {
	r := runAction(t, map[string]string{"working-directory": "infra/broken"})
	if r.Code != 1 {
		t.Fatalf("exit %d, want 1", r.Code)
	}
	if !regexp.MustCompile(`::error [^:]*file=infra/broken/main.tf,line=6,title=Reference to undeclared input variable::`).MatchString(r.Log) {
		t.Errorf("want an annotation on infra/broken/main.tf line 6:\n%s", r.Log)
	}
	if !strings.Contains(r.Log, "::error title=plan-infra failed::terraform plan in infra/broken failed") {
		t.Errorf("want one failure line naming the root:\n%s", r.Log)
	}
	if len(r.Outputs) != 0 {
		t.Errorf("a failed plan must set no outputs, got %v", r.Outputs)
	}
	// The job summary says why, not only the log: Terraform saves no plan to show.
	if !strings.Contains(r.Summary, "### Terraform plan for `infra/broken` (workspace `default`) failed") ||
		!strings.Contains(r.Summary, "- **Error:** Reference to undeclared input variable (`main.tf` line 6)") {
		t.Errorf("want the diagnostics in the job summary:\n%s", r.Summary)
	}
}
