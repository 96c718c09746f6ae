package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/actiontest"
	"github.com/repave-dev/repave/internal/fixture"
)

func TestSummarySaysWhyNoStageRan(t *testing.T) {
	health := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(health.Close)
	work := t.TempDir()
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "example", "bluegreen"), filepath.Join(work, "infra", "web"))
	fixture.Git(t, work, "init", "-q", "-b", "main")
	fixture.Git(t, work, "add", "-A")
	fixture.Git(t, work, "commit", "-qm", "web")
	sha := fixture.Git(t, work, "rev-parse", "HEAD")
	payload := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(payload, []byte(`{"ref":"refs/heads/main","after":"`+sha+`","repository":{"full_name":"acme/infra","default_branch":"main"}}`), 0o644)
	// The command reads its inputs relative to the working directory, as a
	// job step does: the tests that run it are serial (t.Parallel panics).
	t.Chdir(work)
	env := map[string]string{
		"GITHUB_WORKSPACE": work, "GITHUB_API_URL": newServer(t).URL,
		"GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": payload, "GITHUB_REPOSITORY": "acme/infra",
		"GITHUB_REF": "refs/heads/main", "GITHUB_SHA": sha,
	}
	r := actiontest.Run(t, "apply-on-merge", run, env, map[string]string{
		"github-token": token, "working-directory": "infra/web", "require-reviewed-plan": "false",
		"strategy": "blue-green", "min-healthy-time": "0s", "vars": "health_base=" + health.URL,
	})
	if r.Code != 0 || r.Outputs["applied"] != "true" || r.Outputs["strategy-steps"] != "[]" {
		t.Fatalf("the first deploy has no traffic to switch and is applied at once; exit %d, outputs %v:\n%s", r.Code, r.Outputs, r.Log)
	}
	if want := "**blue-green rollout:** no stages; nothing is live yet"; !strings.Contains(r.Summary, want) {
		t.Errorf("the job summary should say %q:\n%s", want, r.Summary)
	}
}
