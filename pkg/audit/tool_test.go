package audit_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/audit"
)

// The audit runs each engine, and its issue says which one checked the root.
func TestAuditWithEachTool(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	for _, tool := range fixture.Tools(t) {
		t.Run(string(tool), func(t *testing.T) {
			t.Parallel()
			state := filepath.Join(t.TempDir(), "shared.tfstate")
			repo := checkout(t, "local")
			root := filepath.Join(repo, "infra", "app")
			run := func(args ...string) {
				t.Helper()
				cmd := exec.Command(tool.Binary(), append([]string{"-chdir=" + root}, args...)...)
				cmd.Env = append(os.Environ(), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("%s %v: %v\n%s", tool, args, err, out)
				}
			}
			run("init", "-input=false", "-backend-config=path="+state)
			run("apply", "-auto-approve", "-input=false", "-var", "db_password="+operatorPassword, "-var", "db_storage_gb=500")

			req := auditRequest(repo, []string{"path=" + state})
			req.Tool, req.Hygiene = tool, false
			out, err := audit.Run(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			r := out.Report.Roots[0]
			if r.Error != "" || len(r.Pending) == 0 || r.Tool != string(tool) {
				t.Fatalf("want pending changes found by %s, got %+v", tool, r)
			}
			if title := audit.Title(r); !strings.HasPrefix(title, "Audit: "+tool.Name()+" root infra/app has ") {
				t.Errorf("title = %q", title)
			}
			if body := audit.IssueBody(r, "", out.Sensitive); !strings.Contains(body, "Checked with "+tool.Name()+".") {
				t.Errorf("the issue should say which tool checked the root:\n%.400s", body)
			}
		})
	}
}
