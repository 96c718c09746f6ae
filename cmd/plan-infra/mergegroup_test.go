package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// In the merge queue, the changed roots are those of the queued commit
// against the queue's base (merge_group.base_sha).
func TestDiscoverInTheMergeQueue(t *testing.T) {
	work := t.TempDir()
	write(t, work, monorepo)
	git(t, work, "init", "-q")
	git(t, work, "add", "-A")
	git(t, work, "commit", "-q", "-m", "base")
	base := git(t, work, "rev-parse", "HEAD")
	write(t, work, map[string]string{"infra/dns/main.tf": `resource "terraform_data" "zone" { input = 2 }`})
	git(t, work, "commit", "-q", "-am", "dns")
	head := git(t, work, "rev-parse", "HEAD")
	ev := filepath.Join(t.TempDir(), "event.json")
	os.WriteFile(ev, []byte(fmt.Sprintf(`{"action":"checks_requested","merge_group":{"head_sha":%q,
		"head_ref":"refs/heads/gh-readonly-queue/main/pr-12-%s","base_sha":%q,"base_ref":"refs/heads/main"},
		"repository":{"id":1,"full_name":"acme/infra","default_branch":"main"}}`, head, base, base)), 0o644)
	r := runIn(t, work, map[string]string{"GITHUB_EVENT_NAME": "merge_group", "GITHUB_EVENT_PATH": ev, "GITHUB_SHA": head},
		map[string]string{"discover": "true", "roots": "infra/**"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	if want := `{"include":[{"root":"infra/dns","tool":"terraform"}]}`; r.Outputs["matrix"] != want {
		t.Errorf("matrix = %s, want %s", r.Outputs["matrix"], want)
	}
}
