package audit_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/internal/pgtest"
	"github.com/repave-dev/repave/pkg/audit"
	"github.com/repave-dev/repave/pkg/tf"
)

const (
	pipelinePassword = "pipeline-secret-pw-0001"
	operatorPassword = "operator-secret-pw-0002"
)

// checkout copies the audited root into repo/infra/app with a backend block,
// as a clone of the repository would hold it.
func checkout(t *testing.T, backend string) string {
	t.Helper()
	repo := t.TempDir()
	root := filepath.Join(repo, "infra", "app")
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "audit", "roots", "app"), root)
	be := "terraform {\n  backend \"" + backend + "\" {}\n}\n"
	if err := os.WriteFile(filepath.Join(root, "backend.tf"), []byte(be), 0o644); err != nil {
		t.Fatal(err)
	}
	return repo
}

// terraform runs the real terraform CLI in dir, as an operator would.
func terraform(t *testing.T, dir string, args ...string) string {
	t.Helper()
	return terraformEnv(t, nil, dir, args...)
}

// terraformEnv is terraform with env added to its environment.
func terraformEnv(t *testing.T, env map[string]string, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("terraform", append([]string{"-chdir=" + dir}, args...)...)
	cmd.Env = append(os.Environ(), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("terraform %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}

// handChange applies main's configuration from the pipeline's checkout, then
// different values from an operator's own checkout against the same state.
func handChange(t *testing.T, pipeline string, backendConfig []string) {
	t.Helper()
	root := filepath.Join(pipeline, "infra", "app")
	var bc []string
	for _, b := range backendConfig {
		bc = append(bc, "-backend-config="+b)
	}
	terraform(t, root, append([]string{"init", "-input=false"}, bc...)...)
	terraform(t, root, "apply", "-auto-approve", "-input=false", "-var", "db_password="+pipelinePassword)

	laptop := checkout(t, backendOf(t, root))
	lroot := filepath.Join(laptop, "infra", "app")
	terraform(t, lroot, append([]string{"init", "-input=false"}, bc...)...)
	terraform(t, lroot, "apply", "-auto-approve", "-input=false",
		"-var", "db_password="+operatorPassword, "-var", `web_sizes={"1":"xlarge"}`, "-var", "db_storage_gb=500")
}

func backendOf(t *testing.T, root string) string {
	b, err := os.ReadFile(filepath.Join(root, "backend.tf"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(b), `backend "`)
	name, _, _ := strings.Cut(rest, `"`)
	return name
}

func auditRequest(repo string, backendConfig []string) audit.Request {
	return audit.Request{
		Repo: repo, Roots: []string{"infra/app"}, Settings: tf.Settings{Workspace: "default",
			Vars:          []tf.Var{{Name: "db_password", Value: pipelinePassword}},
			BackendConfig: backendConfig, LockTimeout: 30 * time.Second},
		Hygiene: true, Log: os.Stderr,
	}
}

// realIDs reads the ids Terraform gave the resources, to put in audit-log events.
func realIDs(t *testing.T, root string) map[string]string {
	t.Helper()
	var st struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(terraform(t, root, "show", "-json")), &st); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, r := range st.Values.RootModule.Resources {
		ids[r.Address], _ = r.Values["id"].(string)
	}
	return ids
}

func checkHandChangeFound(t *testing.T, repo string, out *audit.Result) {
	t.Helper()
	rep := out.Report
	// The root, and the repository pseudo-root, always listed.
	if len(rep.Roots) != 2 || rep.Roots[0].Error != "" || rep.Roots[1].Root != audit.RepositoryRoot {
		t.Fatalf("roots = %+v", rep.Roots)
	}
	r := rep.Roots[0]
	var got []string
	for _, c := range r.Pending {
		for _, a := range c.Attributes {
			got = append(got, c.Address+" "+strings.Join(c.Actions, ",")+" "+a.Path+": "+a.Before+" -> "+a.After)
		}
	}
	want := []string{
		`terraform_data.db update input.password: (sensitive) -> (sensitive)`,
		`terraform_data.db update input.storage_gb: 500 -> 100`,
		// Terraform does not mark terraform_data's output sensitive: redacted by value.
		`terraform_data.db update output: {"engine":"postgres","password":"(sensitive)","storage_gb":500} -> (known after apply)`,
		`terraform_data.web[1] update input.size: "xlarge" -> "small"`,
		`terraform_data.web[1] update output: {"image":"img-0001","name":"web-1","size":"xlarge"} -> (known after apply)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("pending changes:\n%s\nwant exactly:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(r.Drift) != 0 {
		t.Errorf("terraform_data has no remote object, yet the refresh-only plan shows drift: %+v", r.Drift)
	}
	if !rep.Drifted() {
		t.Error("Drifted() = false")
	}
	path := filepath.Join(t.TempDir(), "report.json")
	if err := rep.WriteJSON(path, out.Sensitive); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	text := string(b) + audit.Summary(rep, nil, out.Sensitive) + audit.IssueBody(r, "", out.Sensitive)
	for _, secret := range []string{pipelinePassword, operatorPassword} {
		if strings.Contains(text, secret) {
			t.Errorf("a sensitive value leaked into the report or Markdown")
		}
	}
}

func TestDriftLocalBackendFlagsExactlyTheHandChangedResources(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs real terraform plans")
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Fatal("terraform is not on PATH; .ci/run installs it")
	}
	ctx := context.Background()
	state := filepath.Join(t.TempDir(), "shared.tfstate")
	bc := []string{"path=" + state}
	repo := checkout(t, "local")
	handChange(t, repo, bc)

	// Audit logs naming the real ids: a console change of web[1], one by the
	// pipeline's role (ignored), one on something no state knows (unmatched).
	ids := realIDs(t, filepath.Join(repo, "infra", "app"))
	trail := string(readTrail(t, "lookup-events.json"))
	trail = strings.NewReplacer("__ID_WEB_1__", ids["terraform_data.web[1]"], "__ID_WEB_0__", ids["terraform_data.web[0]"]).Replace(trail)
	logPath := filepath.Join(repo, "audit", "events.json")
	os.MkdirAll(filepath.Dir(logPath), 0o755)
	if err := os.WriteFile(logPath, []byte(trail), 0o644); err != nil {
		t.Fatal(err)
	}
	req := auditRequest(repo, bc)
	req.AuditLogs = []string{"audit/events.json"}
	req.Principals, _ = audit.ParsePrincipals([]string{"arn:aws:iam::123456789012:role/ci/repave-deploy"})
	out, err := audit.Run(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	checkHandChangeFound(t, repo, out)
	r := out.Report.Roots[0]
	var manual []string
	for _, m := range r.Manual {
		manual = append(manual, m.Name+"@"+m.Address)
	}
	if got := strings.Join(manual, " "); got != "ModifyInstanceAttribute@terraform_data.web[1]" {
		t.Errorf("manual changes = %s", got)
	}
	// What names no resource in any state is the repository's, even with one root.
	if m := out.Report.Roots[1].Manual; len(m) != 1 || m[0].Name != "AuthorizeSecurityGroupIngress" {
		t.Errorf("the repository's manual changes = %+v", m)
	}
	if len(r.Hygiene) != 0 {
		t.Errorf("the audited root is clean, yet hygiene found %+v", r.Hygiene)
	}

	// The pipeline re-applies main: no pending changes are left.
	terraform(t, filepath.Join(repo, "infra", "app"), "apply", "-auto-approve", "-input=false", "-var", "db_password="+pipelinePassword)
	req.AuditLogs = nil
	out, err = audit.Run(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if n := out.Report.Findings(); n != 0 {
		t.Errorf("after re-applying main: %d findings: %+v", n, out.Report.Roots)
	}
}

func TestDriftPgBackend(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	bc := []string{"conn_str=" + pgtest.Start(t)}
	repo := checkout(t, "pg")
	handChange(t, repo, bc)
	// The password comes as a secret from Vault would: in terraform's env only.
	req := auditRequest(repo, bc)
	req.Vars = nil
	req.Env = map[string]string{"TF_VAR_db_password": pipelinePassword}
	req.Sensitive = []string{pipelinePassword}
	out, err := audit.Run(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	checkHandChangeFound(t, repo, out)
}
