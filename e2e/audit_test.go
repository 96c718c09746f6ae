package e2e

import (
	"bytes"
	"compress/gzip"
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
// that resource and the hard-coded default password in the root's issue,
// and the people's changes and denied attempts of the CloudTrail, GCP and
// Azure logs (gzipped, JSON Lines, found by globs) that name no resource in
// its state in the repository's issue, with none of the noise, without
// echoing the password.
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
	if len(issues) != 2 {
		t.Fatalf("want one issue for infra/web and one for the repository, got %d", len(issues))
	}
	bodies := map[string]string{}
	for _, is := range issues {
		if is.GetUser().GetLogin() != bot || is.GetState() != "open" || len(is.Labels) != 1 || is.Labels[0].GetName() != "repave:audit" {
			t.Errorf("issue #%d by %s, %s, labels %v", is.GetNumber(), is.GetUser().GetLogin(), is.GetState(), is.Labels)
		}
		bodies[strings.SplitN(is.GetBody(), " workspace=", 2)[0]] = is.GetBody()
	}
	web, repository := bodies["<!-- repave:audit root=infra/web"], bodies["<!-- repave:audit root=(repository)"]
	for _, want := range []string{"`terraform_data.web[2]` | create", "`infra/web/main.tf`"} {
		if !strings.Contains(web, want) {
			t.Errorf("infra/web's issue lacks %q:\n%s", want, web)
		}
	}
	if strings.Contains(web, "terraform_data.web[0]") || strings.Contains(web, "terraform_data.web[1]") {
		t.Errorf("the issue flags resources nobody changed:\n%s", web)
	}
	manual, attempts, _ := strings.Cut(repository, "#### Denied or failed attempts")
	for _, want := range []string{
		"AuthorizeSecurityGroupIngress", "**AWS console**", // CloudTrail
		"`v1.compute.instances.setMachineType` | alice@acme.com", "`v1.compute.firewalls.patch` | bob@acme.com", // GCP
		"SECURITYRULES/WRITE` | carol@acme.onmicrosoft.com", // Azure diagnostic export
	} {
		if !strings.Contains(manual, want) {
			t.Errorf("the repository's manual changes lack %q:\n%s", want, repository)
		}
	}
	for _, want := range []string{"`RunInstances` | arn:aws:iam::123456789012:user/mallory", "`v1.compute.firewalls.delete` | mallory@acme.com", "PERMISSION_DENIED", "Failed.Conflict"} {
		if !strings.Contains(attempts, want) {
			t.Errorf("the denied or failed attempts lack %q:\n%s", want, repository)
		}
	}
	for _, noise := range []string{"UpdateInstanceInformation", "UserAuthentication", "`Authenticate`", "StartSession", "SendSSHPublicKey",
		"PutMetricData", "PutObject", "DescribeInstances", "storage.objects.create", "GenerateAccessToken", "instances.get",
		"repave-deploy", "deploy@acme-prod", "6f1b2c3d", "ImportSshPublicKey"} {
		if strings.Contains(repository+web, noise) {
			t.Errorf("noise or the pipeline's own work is reported: %q", noise)
		}
	}
	if strings.Contains(out+web+repository, "example-only-password") {
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
	// The other clouds' logs as users keep them: a gzipped concatenation,
	// JSON Lines from a Cloud Storage sink, a diagnostic-settings export.
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	for _, f := range []string{"cloudtrail/noise-and-changes.json", "gcp/sink-export.jsonl"} {
		b, err := os.ReadFile(filepath.Join(fixture.Repo(t), "testdata", "audit", filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		zw.Write(b)
	}
	zw.Close()
	write(t, filepath.Join(work, "audit", "exports", "2026-11-23.json.gz"), zipped.String())
	pt1h, err := os.ReadFile(filepath.Join(fixture.Repo(t), "testdata", "audit", "azure", "PT1H.json"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(work, "audit", "azure", "y=2026", "m=11", "d=23", "h=10", "m=00", "PT1H.json"), string(pt1h))
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
