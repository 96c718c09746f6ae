package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/gh"
)

func TestAuditCheckClosesTheIssueOfADeletedRootOnly(t *testing.T) {
	e := newEnv(t)
	e.apply(e.work, "db_password="+pipelinePassword)
	marker := func(root string) string {
		return "<!-- repave:audit root=" + root + " workspace=default digest=0123 -->\nfindings"
	}
	gone := e.srv.AddIssue("acme", "infra", gh.ActionsBot, "Audit: Terraform root infra/old has 1 finding", marker("infra/old"), "repave:audit")
	other := e.srv.AddIssue("acme", "infra", gh.ActionsBot, "Audit: Terraform root infra/other has 1 finding", marker("infra/other"), "repave:audit")
	if err := os.MkdirAll(filepath.Join(e.work, "infra", "other"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(e.work, "infra", "other", "main.tf"), []byte("terraform {\n  required_version = \">= 1.5\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Only infra/app is audited; infra/old is gone, infra/other is not audited this time.
	r := e.run(map[string]string{"working-directories": "infra/app"})
	if r.Code != 0 {
		t.Fatalf("exit %d\n%s", r.Code, r.Log)
	}
	state := map[int]string{}
	for _, is := range e.srv.Issues("acme", "infra") {
		state[is.GetNumber()] = is.GetState()
	}
	if state[gone] != "closed" || state[other] != "open" {
		t.Errorf("infra/old's issue %s (want closed), infra/other's %s (want open)", state[gone], state[other])
	}
	c := e.srv.Comments("acme", "infra", gone)
	if len(c) != 1 || !strings.Contains(c[0].GetBody(), "no longer exists in the repository") {
		t.Errorf("closing note: %v", c)
	}
	if !strings.Contains(r.Log, "infra/old: #") || !strings.Contains(r.Log, "the root no longer exists") {
		t.Errorf("the log should say which issue was closed and why:\n%s", r.Log)
	}
}
