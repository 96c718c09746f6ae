package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/actiontest"
	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

const token = "ghs_applyToken0000000000000000000000000"

// runAction runs apply-on-merge in a fresh git checkout of the example root at
// infra/web, on the event given, against srv.
func runAction(t *testing.T, srv *ghtest.Server, event string, inputs map[string]string) actiontest.Result {
	t.Helper()
	return runActionEnv(t, srv, event, inputs, nil)
}

// runActionEnv is runAction with more runner variables (extra).
func runActionEnv(t *testing.T, srv *ghtest.Server, event string, inputs, extra map[string]string) actiontest.Result {
	t.Helper()
	work := t.TempDir()
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "example", "terraform"), filepath.Join(work, "infra", "web"))
	for _, args := range [][]string{{"init", "-q", "-b", "main"}, {"add", "-A"}, {"-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qm", "web"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = work
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, out)
		}
	}
	sha, _ := exec.Command("git", "-C", work, "rev-parse", "HEAD").Output()
	payload := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(payload, []byte(`{"ref":"refs/heads/main","after":"`+strings.TrimSpace(string(sha))+`","repository":{"full_name":"acme/infra","default_branch":"main"}}`), 0o644)
	// The command reads its inputs relative to the working directory, as a
	// job step does: the tests that run it are serial (t.Parallel panics).
	t.Chdir(work)
	env := map[string]string{
		"GITHUB_WORKSPACE": work, "GITHUB_API_URL": srv.URL,
		"GITHUB_EVENT_NAME": event, "GITHUB_EVENT_PATH": payload, "GITHUB_REPOSITORY": "acme/infra",
		"GITHUB_REF": "refs/heads/main", "GITHUB_SHA": strings.TrimSpace(string(sha)),
	}
	for k, v := range extra {
		env[k] = v
	}
	all := map[string]string{"github-token": token, "working-directory": "infra/web"}
	for k, v := range inputs {
		all[k] = v
	}
	return actiontest.Run(t, "apply-on-merge", run, env, all)
}

func newServer(t *testing.T) *ghtest.Server {
	srv := ghtest.New(t)
	srv.AddToken(token, "github-actions[bot]")
	return srv
}

func TestPushWithoutReviewAppliesWhenAllowed(t *testing.T) {
	srv := newServer(t)
	r := runAction(t, srv, "push", map[string]string{"require-reviewed-plan": "false", "min-healthy-time": "0s"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	if r.Outputs["applied"] != "true" || r.Outputs["reverted"] != "false" || r.Outputs["deployment-id"] == "0" || len(r.Outputs["fingerprint"]) != 64 {
		t.Errorf("outputs = %v", r.Outputs)
	}
	var outs map[string]any
	if err := json.Unmarshal([]byte(r.Outputs["outputs-json"]), &outs); err != nil || outs["web_instances"] == nil || outs["database_password"] != nil {
		t.Errorf("outputs-json must hold the non-sensitive outputs only: %s (%v)", r.Outputs["outputs-json"], err)
	}
	if deps := srv.Deployments("acme", "infra"); len(deps) != 1 || deps[0].State() != "success" || deps[0].Environment != "production" {
		t.Errorf("deployments = %+v", deps)
	}
	if !strings.Contains(r.Summary, "apply-on-merge: `infra/web`") || strings.Contains(withoutMasks(r.Log)+r.Summary, "example-only-password") {
		t.Errorf("summary:\n%s", r.Summary)
	}
}

func TestPushWithoutReviewIsRefusedByDefault(t *testing.T) {
	r := runAction(t, newServer(t), "push", nil)
	if r.Code != 1 || !strings.Contains(r.Log, "::error title=apply-on-merge failed::not applied: commit") || r.Outputs["applied"] != "false" {
		t.Errorf("exit %d, outputs %v:\n%s", r.Code, r.Outputs, r.Log)
	}
}

func TestBadInputsGetOneClearError(t *testing.T) {
	cases := []struct {
		name, event string
		inputs      map[string]string
		want        string
	}{
		{"ref on push", "push", map[string]string{"ref": "v1.2.0"}, `::error title=Invalid input::input "ref"`},
		{"deadline below min", "push", map[string]string{"min-healthy-time": "10m", "healthy-deadline": "5m"}, `::error title=Invalid input::input "healthy-deadline"`},
		{"bad bool", "push", map[string]string{"auto-revert": "yes"}, `::error title=Invalid input::input "auto-revert"`},
		{"unknown strategy", "push", map[string]string{"strategy": "rolling"}, `::error title=Invalid input::input "strategy": "rolling"`},
		{"canary steps not increasing", "push", map[string]string{"canary-steps": "50,10,100"}, `::error title=Invalid input::input "canary-steps": "50,10,100"`},
		{"blue-green on a root without the contract", "push", map[string]string{"strategy": "blue-green", "require-reviewed-plan": "false"}, `strategy blue-green needs the root's variable "active_color"`},
		{"pull request", "pull_request", nil, "apply-on-merge runs on `push` to the default branch or on `workflow_dispatch`"},
		{"unknown ref", "workflow_dispatch", map[string]string{"ref": "no-such-branch"}, `::error title=Invalid input::input "ref": "no-such-branch"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runAction(t, newServer(t), c.event, c.inputs)
			if !r.OneError(c.want) {
				t.Errorf("exit %d, want 1 and one error containing %q:\n%s", r.Code, c.want, r.Log)
			}
			if r.Outputs["deployment-id"] != "" && r.Outputs["deployment-id"] != "0" {
				t.Errorf("a refused run must record no deployment, got %s", r.Outputs["deployment-id"])
			}
		})
	}
}

// withoutMasks is the log as GitHub shows it: the ::add-mask:: commands that
// teach the runner the secrets are not shown.
func withoutMasks(log string) string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if !strings.HasPrefix(l, "::add-mask::") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
