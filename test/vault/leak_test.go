package vault_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/runner"
)

// buildPlanInfra builds the real plan-infra binary from this checkout.
func buildPlanInfra(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "plan-infra")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/plan-infra")
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building plan-infra: %v\n%s", err, out)
	}
	return bin
}

type stepRun struct {
	code                  int
	log, summary, outFile string
	outputs               map[string]string
	work, temp, githubEnv string
}

// runPlanInfra runs the plan-infra binary as a job step does: in a checkout
// holding testdata/leak at infra/app, with the runner's files and the inputs
// in its environment, and only the OIDC request variables to reach Vault.
func runPlanInfra(t *testing.T, bin string, inputs, extra map[string]string) stepRun {
	t.Helper()
	r := stepRun{work: t.TempDir(), temp: t.TempDir()}
	root := filepath.Join(r.work, "infra", "app")
	must(t, os.MkdirAll(root, 0o755))
	src, err := os.ReadFile(filepath.Join("testdata", "leak", "main.tf"))
	must(t, err)
	must(t, os.WriteFile(filepath.Join(root, "main.tf"), src, 0o644))
	r.outFile = filepath.Join(r.temp, "github_output")
	summaryFile := filepath.Join(r.temp, "step_summary")
	r.githubEnv = filepath.Join(r.temp, "github_env")
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "CHECKPOINT_DISABLE=1",
		"GITHUB_OUTPUT=" + r.outFile, "GITHUB_STEP_SUMMARY=" + summaryFile, "GITHUB_ENV=" + r.githubEnv,
		"RUNNER_TEMP=" + r.temp, "GITHUB_EVENT_NAME=pull_request", "GITHUB_REPOSITORY=" + repository,
		"GITHUB_EVENT_PATH=" + filepath.Join(repoRoot(t), "testdata", "events", "pull_request_opened.json"),
		"GITHUB_SERVER_URL=https://github.com", "GITHUB_RUN_ID=42",
	}
	for k, v := range inputs {
		env = append(env, "INPUT_"+strings.ToUpper(strings.ReplaceAll(k, "-", "_"))+"="+v)
	}
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	cmd := exec.Command(bin)
	cmd.Dir = r.work
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	r.log = string(out)
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(r.outFile); err == nil {
		r.outputs, err = runner.ParseOutputs(string(b))
		must(t, err)
	}
	b, _ := os.ReadFile(summaryFile)
	r.summary = string(b)
	return r
}

const leakSecrets = `secret/data/prod/db password | TF_VAR_db_password
secret/data/prod/db port | TF_VAR_db_port
secret/data/prod/app api_key | TF_VAR_api_key
secret/data/prod/app tls_key | TF_VAR_tls_key
kv/prod/deploy token | DEPLOY_TOKEN`

// needles are the texts that must never leave the process: each value, and
// each line of the multi-line one.
func needles() []string {
	out := []string{dbPassword, apiKey, v1Token}
	for _, l := range strings.Split(tlsKey, "\n") {
		out = append(out, l)
	}
	return out
}

// TestSecretsNeverLeavePlanInfra runs the real plan-infra binary against the
// real Vault and Terraform, and looks for every secret in every text that
// leaves it: the log (but the ::add-mask:: lines the runner learns them
// from), outputs, the job summary, GITHUB_ENV, and every file of the
// checkout and RUNNER_TEMP except the binary plan.
func TestSecretsNeverLeavePlanInfra(t *testing.T) {
	v := startVault(t)
	bin := buildPlanInfra(t)
	before := v.Tokens(t)
	r := runPlanInfra(t, bin, map[string]string{
		"working-directory": "infra/app", "vault-url": v.Addr, "vault-role": "infra-plan", "jwt-audience": audience,
		"secrets": leakSecrets,
	}, v.oidcEnv())
	if r.code != 0 {
		t.Fatalf("plan-infra exit %d:\n%s", r.code, r.log)
	}
	if v.Tokens(t) != before {
		t.Error("plan-infra left its Vault token alive")
	}
	if r.outputs["to-add"] != "2" {
		t.Errorf("outputs = %v, want 2 to add", r.outputs)
	}

	// The values reached terraform: the binary plan holds them (by Terraform's design).
	planFile := filepath.Join(r.outputs["plan-dir"], "plan.tfplan")
	show := exec.Command("terraform", "show", "-json", planFile)
	show.Dir = filepath.Join(r.work, "infra", "app")
	raw, err := show.Output()
	must(t, err)
	var p struct {
		ResourceChanges []struct {
			Address string
			Change  struct{ After map[string]any }
		} `json:"resource_changes"`
	}
	must(t, json.Unmarshal(raw, &p))
	got := map[string]map[string]any{}
	for _, rc := range p.ResourceChanges {
		got[rc.Address], _ = rc.Change.After["input"].(map[string]any)
	}
	if got["terraform_data.db"]["password"] != dbPassword || got["terraform_data.app"]["tls"] != tlsKey ||
		got["terraform_data.app"]["endpoint"] != "https://app.acme.test/?key="+apiKey {
		t.Errorf("terraform did not plan with the Vault values: %v", got)
	}

	// Nothing leaves: the log, outputs, summary, GITHUB_ENV, and every file but the binary plan.
	log := withoutMasks(r.log)
	texts := map[string]string{"log": log, "summary": r.summary}
	for k, val := range r.outputs {
		texts["output "+k] = val
	}
	if b, err := os.ReadFile(r.githubEnv); err == nil {
		texts["GITHUB_ENV"] = string(b)
	}
	for _, base := range []string{r.work, r.temp} {
		filepath.Walk(base, func(path string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() || filepath.Base(path) == "plan.tfplan" {
				return nil
			}
			b, err := os.ReadFile(path)
			if err == nil {
				texts[path] = string(b)
			}
			return nil
		})
	}
	for name, text := range texts {
		for _, n := range needles() {
			if strings.Contains(text, n) {
				t.Errorf("%s contains the secret %q", name, n)
			}
		}
	}
	// The comment comment-plan-on-pr posts is comment.md: it shows the change with the values scrubbed.
	comment := texts[filepath.Join(r.outputs["plan-dir"], "comment.md")]
	if !strings.Contains(comment, "terraform_data.app") || !strings.Contains(comment, "(sensitive)") {
		t.Errorf("the comment should show the change with the secrets as (sensitive):\n%s", comment)
	}
	masks := maskedValues(r.log)
	for _, n := range needles() {
		if !masks[n] {
			t.Errorf("%q was not masked in the log", n)
		}
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(texts[filepath.Join(r.outputs["plan-dir"], "plan.json")]), &doc); err != nil {
		t.Errorf("plan.json is no longer valid JSON after scrubbing: %v", err)
	}
	if !strings.Contains(log, "Read 5 secret(s) from Vault") {
		t.Errorf("the log should say which variables came from Vault:\n%s", log)
	}
	t.Logf("files checked: %d, log lines: %d", len(texts), strings.Count(log, "\n"))
}

// TestFailedPlanStillRevokesAndScrubs: terraform fails (an undeclared
// variable from Vault) after the login; the token is revoked anyway and the
// failure message holds no value.
func TestFailedPlanStillRevokesAndScrubs(t *testing.T) {
	v := startVault(t)
	bin := buildPlanInfra(t)
	before := v.Tokens(t)
	r := runPlanInfra(t, bin, map[string]string{
		"working-directory": "infra/app", "vault-url": v.Addr, "vault-role": "infra-plan", "jwt-audience": audience,
		"secrets": leakSecrets + "\nsecret/data/prod/db user | TF_VAR_not_declared",
	}, v.oidcEnv())
	if r.code != 1 || !strings.Contains(r.log, "::error title=plan-infra failed::") || !strings.Contains(r.log, "not_declared") {
		t.Fatalf("want a plan failure naming the undeclared variable, exit %d:\n%s", r.code, r.log)
	}
	if v.Tokens(t) != before {
		t.Error("a failed plan-infra left its Vault token alive")
	}
	for _, n := range needles() {
		if strings.Contains(withoutMasks(r.log), n) {
			t.Errorf("the log of a failed run contains %q", n)
		}
	}
}

// TestFingerprintHidesVaultValues: the fingerprint is published in the PR
// comment, so it must not change with a Vault value that Terraform does not
// mark sensitive (else anyone could test guesses against it).
func TestFingerprintHidesVaultValues(t *testing.T) {
	v := startVault(t)
	bin := buildPlanInfra(t)
	inputs := map[string]string{"working-directory": "infra/app", "vault-url": v.Addr, "vault-role": "infra-plan", "jwt-audience": audience, "secrets": leakSecrets}
	first := runPlanInfra(t, bin, inputs, v.oidcEnv())
	_, err := v.Root.KVv2("secret").Patch(context.Background(), "prod/app", map[string]any{"api_key": "ak-live-rotated-000000"})
	must(t, err)
	second := runPlanInfra(t, bin, inputs, v.oidcEnv())
	if first.code != 0 || second.code != 0 {
		t.Fatalf("exit %d, %d:\n%s\n%s", first.code, second.code, first.log, second.log)
	}
	if first.outputs["fingerprint"] != second.outputs["fingerprint"] {
		t.Errorf("the fingerprint changed with a secret value: %s vs %s", first.outputs["fingerprint"], second.outputs["fingerprint"])
	}
}
