package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

// TestScheduledAuditOpensOneIssuePerRoot runs the nightly audit workflow
// under act on a schedule event: the pipeline applied main, an operator then
// applied with fewer instances from a laptop, and audit-check must report
// that resource, the manual changes of the audit log and the hard-coded
// default password, in one issue, without echoing the password.
func TestScheduledAuditOpensOneIssuePerRoot(t *testing.T) {
	srv := ghtest.New(t, ghtest.WithTLS())
	srv.AddToken(token, bot)
	state := filepath.Join(t.TempDir(), "web.tfstate")
	work := auditRepo(t, state)

	applyFrom(t, work, state)
	laptop := t.TempDir()
	fixture.CopyDir(t, filepath.Join(work, "infra", "web"), laptop)
	applyFrom(t, laptop, state, "instance_count=2")

	payload := filepath.Join(fixture.Repo(t), "testdata", "events", "schedule.json")
	out := runAct(t, srv, work, "schedule", payload)
	m := regexp.MustCompile(`e2e-audit drifted=(\S+) findings=(\d+) report=(\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the schedule workflow did not report:\n%s", out)
	}
	if m[1] != "true" {
		t.Errorf("drifted=%s, want true", m[1])
	}
	issues := srv.Issues(owner, repo)
	if len(issues) != 1 {
		t.Fatalf("want one issue for infra/web, got %d", len(issues))
	}
	is := issues[0]
	body := is.GetBody()
	if is.GetUser().GetLogin() != bot || is.GetState() != "open" || len(is.Labels) != 1 || is.Labels[0].GetName() != "repave:audit" {
		t.Errorf("issue #%d by %s, %s, labels %v", is.GetNumber(), is.GetUser().GetLogin(), is.GetState(), is.Labels)
	}
	for _, want := range []string{
		"<!-- repave:audit root=infra/web workspace=default digest=",
		"`terraform_data.web[2]` | create",
		"AuthorizeSecurityGroupIngress",
		"**AWS console**",
		"`infra/web/main.tf`",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("issue body lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "terraform_data.web[0]") || strings.Contains(body, "terraform_data.web[1]") {
		t.Errorf("the issue flags resources nobody changed:\n%s", body)
	}
	if strings.Contains(out+body, "example-only-password") {
		t.Error("the hard-coded password was echoed")
	}

	// The next night, nothing changed: the issue is not touched.
	writes := srv.Count("POST", "") + srv.Count("PATCH", "")
	runAct(t, srv, work, "schedule", payload)
	if got := srv.Count("POST", "") + srv.Count("PATCH", ""); got != writes {
		t.Errorf("an unchanged audit wrote %d times to GitHub", got-writes)
	}
}

// auditRepo is a user's repository with the example root at infra/web on a
// local backend at state, an audit log, and only the audit workflow.
func auditRepo(t *testing.T, state string) string {
	t.Helper()
	work := userRepo(t)
	wf := filepath.Join(work, ".github", "workflows")
	os.RemoveAll(wf)
	os.MkdirAll(wf, 0o755)
	b, err := os.ReadFile(filepath.Join(fixture.Repo(t), "e2e", "testdata", "audit-workflows", "audit.yml"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(wf, "audit.yml"), strings.ReplaceAll(string(b), "STATE_PATH", state))
	write(t, filepath.Join(work, "infra", "web", "backend.tf"), "terraform {\n  backend \"local\" {}\n}\n")
	trail, err := os.ReadFile(filepath.Join(fixture.Repo(t), "testdata", "audit", "cloudtrail", "lookup-events.json"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(work, "audit", "cloudtrail.json"), string(trail))
	gitOut(t, work, "add", "-A")
	gitOut(t, work, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qm", "Nightly audit")
	return work
}

func write(t *testing.T, path, text string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// applyFrom applies the root at dir/infra/web (or dir itself) to state with vars.
func applyFrom(t *testing.T, dir, state string, vars ...string) {
	t.Helper()
	root := filepath.Join(dir, "infra", "web")
	if _, err := os.Stat(root); err != nil {
		root = dir
	}
	tf := func(args ...string) {
		cmd := exec.Command("terraform", append([]string{"-chdir=" + root}, args...)...)
		cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform %v: %v\n%s", args, err, out)
		}
	}
	tf("init", "-input=false", "-backend-config=path="+state)
	args := []string{"apply", "-auto-approve", "-input=false"}
	for _, v := range vars {
		args = append(args, "-var", v)
	}
	tf(args...)
}
