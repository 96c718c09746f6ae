package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
)

// The discover matrix carries each root's environment from the mapping; a
// root that matches no line has none (the workflow's default applies).
func TestDiscoverPutsEachRootsEnvironmentInTheMatrix(t *testing.T) {
	work := t.TempDir()
	write(t, work, monorepo)
	git(t, work, "init", "-q")
	git(t, work, "add", "-A")
	git(t, work, "commit", "-q", "-m", "base")
	base := git(t, work, "rev-parse", "HEAD")
	write(t, work, map[string]string{"modules/net/main.tf": `variable "cidr" { default = "10.1.0.0/16" }`})
	git(t, work, "commit", "-q", "-am", "widen the network")

	r := runIn(t, work, map[string]string{"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": prEvent(t, base)},
		map[string]string{"discover": "true", "roots": "infra/**", "environments": "infra/prod/** = production\ninfra/dns/** = dns"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	want := `{"include":[{"environment":"production","root":"infra/prod","tool":"terraform"},{"root":"infra/sandbox","tool":"terraform"},{"root":"infra/staging","tool":"terraform"}]}`
	if r.Outputs["matrix"] != want {
		t.Errorf("matrix = %s, want %s", r.Outputs["matrix"], want)
	}
}

func TestEnvironmentsBadLineIsOneClearError(t *testing.T) {
	work := t.TempDir()
	write(t, work, monorepo)
	git(t, work, "init", "-q")
	git(t, work, "add", "-A")
	git(t, work, "commit", "-q", "-m", "base")
	r := runIn(t, work, map[string]string{"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": prEvent(t, git(t, work, "rev-parse", "HEAD"))},
		map[string]string{"discover": "true", "environments": "infra/prod/** = production\ninfra/dns production"})
	if !r.OneError(`input "environments" line 2: "infra/dns production" is not`) {
		t.Errorf("exit %d:\n%s", r.Code, r.Log)
	}
}

// A plan of one root outputs that root's environment (the re-deploy's gate),
// and plans with target/replace when given.
func TestPlanOutputsTheRootsEnvironmentAndPlansTheTarget(t *testing.T) {
	work := t.TempDir()
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "example", "terraform"), filepath.Join(work, "infra", "prod", "web"))
	r := runIn(t, work, nil, map[string]string{"working-directory": "infra/prod/web", "environments": "infra/staging/** = staging\ninfra/prod/** = production",
		"target": "terraform_data.database"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	if r.Outputs["environment"] != "production" {
		t.Errorf("environment output %q, want production", r.Outputs["environment"])
	}
	if !strings.Contains(r.Summary, "terraform_data.database") || strings.Contains(r.Summary, "terraform_data.web[0]") {
		t.Errorf("a -target plan should show only the database:\n%s", r.Summary)
	}
	if !strings.Contains(r.Log, "break-glass plan of infra/prod/web: -target=terraform_data.database") {
		t.Errorf("the log should say the plan is partial:\n%s", r.Log)
	}
}
