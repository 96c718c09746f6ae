package actions_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The reusable workflow for real teams (#16): permissions per job, the
// root's own tool version, the plugin cache, runners, cloud credentials by
// OIDC, per-root environments, the merge queue and break-glass re-deploys.

// stepIf evaluates a step's if: (no if: runs).
func stepRuns(t *testing.T, s wfStep, ctx map[string]any) bool {
	t.Helper()
	if s.If == "" {
		return true
	}
	v, err := evalExpr(s.If, ctx)
	if err != nil {
		t.Fatalf("step %q if %q: %v", s.Name+s.Uses, s.If, err)
	}
	return truthy(v)
}

// withJobEnv adds the job's env: (evaluated in ctx) as env.* to a copy of ctx.
func withJobEnv(t *testing.T, job wfJob, ctx map[string]any) map[string]any {
	t.Helper()
	out := map[string]any{}
	for k, v := range ctx {
		out[k] = v
	}
	for k, expr := range job.Env {
		v, err := evalExpr(expr, ctx)
		if err != nil {
			t.Fatalf("env %s: %v", k, err)
		}
		out["env."+k] = v
	}
	return out
}

func evalString(t *testing.T, expr string, ctx map[string]any) string {
	t.Helper()
	v, err := evalExpr(expr, ctx)
	if err != nil {
		t.Fatalf("%q: %v", expr, err)
	}
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

var teamEvents = map[string]map[string]any{
	"pull_request": {"github.event_name": "pull_request", "github.event.pull_request.head.repo.full_name": "acme/infra", "github.repository": "acme/infra"},
	"merge_group":  {"github.event_name": "merge_group", "github.repository": "acme/infra"},
	"push":         {"github.event_name": "push", "github.ref_name": "main", "github.event.repository.default_branch": "main"},
	"schedule":     {"github.event_name": "schedule"},
	"dispatch": {"github.event_name": "workflow_dispatch", "inputs.redeploy-ref": "v1", "inputs.redeploy-root": "infra/prod",
		"needs.redeploy-plan.result": "success", "needs.redeploy-plan-oidc.result": "skipped"},
}

var oidcJobs = map[string]string{ // job → event that runs it
	"plan": "pull_request", "apply": "push", "redeploy-plan": "dispatch", "redeploy": "dispatch", "audit": "schedule",
}

// Without Vault jwt or cloud inputs no job but bake (which bakes) holds
// id-token: write; each Vault/OIDC input gives it exactly to the jobs that
// log in with it; contents: write only where an image is baked or promoted.
func TestReusableWorkflowAsksForIDTokenOnlyWhenItLogsIn(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	base := map[string]any{"needs.discover.outputs.roots": "1"}
	for _, tc := range []struct {
		name         string
		inputs       map[string]any
		planSide     bool // plan, redeploy-plan, audit get id-token
		applySide    bool // apply, redeploy get id-token
		breakGlassID bool // redeploy gets id-token with target set
	}{
		{name: "nothing", inputs: map[string]any{}},
		{name: "vault token", inputs: map[string]any{"inputs.vault-url": "https://v", "inputs.vault-method": "token"}},
		{name: "vault approle", inputs: map[string]any{"inputs.vault-url": "https://v", "inputs.vault-method": "approle"}},
		{name: "vault jwt", inputs: map[string]any{"inputs.vault-url": "https://v"}, planSide: true, applySide: true},
		{name: "aws plan only", inputs: map[string]any{"inputs.plan-aws-role-arn": "arn:aws:iam::1:role/p"}, planSide: true},
		{name: "aws apply only", inputs: map[string]any{"inputs.apply-aws-role-arn": "arn:aws:iam::1:role/a"}, applySide: true},
		{name: "gcp plan", inputs: map[string]any{"inputs.plan-gcp-workload-identity-provider": "projects/1/x"}, planSide: true},
		{name: "gcp apply", inputs: map[string]any{"inputs.apply-gcp-workload-identity-provider": "projects/1/x"}, applySide: true},
		{name: "azure plan", inputs: map[string]any{"inputs.plan-azure-client-id": "c"}, planSide: true},
		{name: "azure apply", inputs: map[string]any{"inputs.apply-azure-client-id": "c"}, applySide: true},
		{name: "break-glass", inputs: map[string]any{"inputs.target": "aws_instance.web"}, breakGlassID: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for job, event := range oidcJobs {
				ctx := workflowContext(wf, base, teamEvents[event], tc.inputs)
				name, j := runningVariant(t, wf, job, ctx)
				want := tc.planSide
				if job == "apply" || job == "redeploy" {
					want = tc.applySide
				}
				if job == "redeploy" && tc.breakGlassID {
					want = true
				}
				if got := j.Permissions["id-token"] == "write"; got != want {
					t.Errorf("%s runs %s with id-token: write = %v, want %v", job, name, got, want)
				}
				if j.Permissions["contents"] != "read" {
					t.Errorf("%s: contents: %q, want read", name, j.Permissions["contents"])
				}
			}
		})
	}
	for name, j := range wf.Jobs {
		if name != "bake" && name != "promote" && j.Permissions["contents"] == "write" {
			t.Errorf("job %s asks for contents: write", name)
		}
		if j.Permissions == nil {
			t.Errorf("job %s has no permissions: it would get the caller's", name)
		}
	}
	// The two variants of a job do the same thing.
	for job := range oidcJobs {
		a, b := wf.Jobs[job], wf.Jobs[job+"-oidc"]
		if fmt.Sprint(a.Steps) != fmt.Sprint(b.Steps) || fmt.Sprint(a.Concurrency) != fmt.Sprint(b.Concurrency) ||
			a.Environment != b.Environment || fmt.Sprint(a.Env) != fmt.Sprint(b.Env) || fmt.Sprint(a.Outputs) != fmt.Sprint(b.Outputs) {
			t.Errorf("%s and %s-oidc differ beyond permissions and if:", job, job)
		}
	}
}

// Every job that runs terraform installs the tool and the exact version the
// root asks for (the discover matrix), without the wrapper; the input
// terraform-version only when the root names none.
func TestReusableWorkflowInstallsTheRootsToolVersion(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	for _, tc := range []struct {
		matrix       map[string]any
		wantUses     string
		wantVersion  string
		wantVersionK string
	}{
		{map[string]any{"matrix.root": "infra/a", "matrix.tool": "tofu", "matrix.tool-version": "1.10.7"}, "opentofu/setup-opentofu@", "1.10.7", "tofu_version"},
		{map[string]any{"matrix.root": "infra/b", "matrix.tool": "terraform", "matrix.tool-version": "1.5.7"}, "hashicorp/setup-terraform@", "1.5.7", "terraform_version"},
		{map[string]any{"matrix.root": "infra/c", "matrix.tool": "terraform", "matrix.tool-version": ""}, "hashicorp/setup-terraform@", "latest", "terraform_version"},
		{map[string]any{"matrix.root": "infra/d"}, "hashicorp/setup-terraform@", "latest", "terraform_version"},
	} {
		for _, job := range []string{"plan", "apply"} {
			ctx := workflowContext(wf, map[string]any{"needs.discover.outputs.roots": "1"}, teamEvents[oidcJobs[job]], tc.matrix)
			_, j := runningVariant(t, wf, job, ctx)
			ctx = withJobEnv(t, j, ctx)
			var installed []string
			for _, s := range j.Steps {
				if !strings.HasPrefix(s.Uses, "hashicorp/setup-terraform@") && !strings.HasPrefix(s.Uses, "opentofu/setup-opentofu@") {
					continue
				}
				if !stepRuns(t, s, ctx) {
					continue
				}
				installed = append(installed, s.Uses)
				if !strings.HasPrefix(s.Uses, tc.wantUses) {
					continue
				}
				if got := evalString(t, s.With[tc.wantVersionK], ctx); got != tc.wantVersion {
					t.Errorf("%s %v: %s = %q, want %q", job, tc.matrix, tc.wantVersionK, got, tc.wantVersion)
				}
				if s.With["terraform_wrapper"] != "false" && s.With["tofu_wrapper"] != "false" {
					t.Errorf("%s: %s runs with its wrapper (it garbles -json output)", job, s.Uses)
				}
			}
			if len(installed) != 1 || !strings.HasPrefix(installed[0], tc.wantUses) {
				t.Errorf("%s %v installs %v, want only %s", job, tc.matrix, installed, tc.wantUses)
			}
			var passed bool
			for _, s := range j.Steps {
				if a := repaveAction(s.Uses); a == "plan-infra" || a == "apply-on-merge" {
					passed = evalString(t, s.With["tool"], ctx) == fmt.Sprint(tc.matrix["matrix.tool"]) || tc.matrix["matrix.tool"] == nil
				}
			}
			if !passed {
				t.Errorf("%s does not pass the matrix's tool to the repave action", job)
			}
		}
	}
	for name, j := range wf.Jobs {
		var runsTF, installs bool
		for _, s := range j.Steps {
			a := repaveAction(s.Uses)
			runsTF = runsTF || a == "plan-infra" && s.With["discover"] != "true" || a == "apply-on-merge" || a == "audit-check"
			installs = installs || strings.HasPrefix(s.Uses, "opentofu/setup-opentofu@")
		}
		if runsTF && !installs {
			t.Errorf("job %s runs terraform but cannot install tofu", name)
		}
	}
}

// TF_PLUGIN_CACHE_DIR is set (the directory exists) and kept by actions/cache
// under a key of the root's lock file, in every job that runs terraform.
func TestReusableWorkflowKeepsThePluginCache(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	for name, j := range wf.Jobs {
		var dirStep, cacheStep *wfStep
		for i, s := range j.Steps {
			if strings.Contains(s.Run, "TF_PLUGIN_CACHE_DIR") {
				dirStep = &j.Steps[i]
			}
			if strings.HasPrefix(s.Uses, "actions/cache@") {
				cacheStep = &j.Steps[i]
			}
		}
		var runsTF bool
		for _, s := range j.Steps {
			a := repaveAction(s.Uses)
			runsTF = runsTF || a == "plan-infra" && s.With["discover"] != "true" || a == "apply-on-merge" || a == "audit-check"
		}
		if !runsTF {
			continue
		}
		if dirStep == nil || cacheStep == nil {
			t.Errorf("job %s runs terraform without the plugin cache", name)
			continue
		}
		temp := t.TempDir()
		envFile := filepath.Join(temp, "env")
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", dirStep.Run)
		cmd.Env = append(os.Environ(), "RUNNER_TEMP="+temp, "GITHUB_ENV="+envFile)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		b, _ := os.ReadFile(envFile)
		dir := filepath.Join(temp, "repave-plugin-cache")
		if string(b) != "TF_PLUGIN_CACHE_DIR="+dir+"\n" {
			t.Errorf("%s sets %q, want TF_PLUGIN_CACHE_DIR=%s", name, b, dir)
		}
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			t.Errorf("%s: terraform needs the cache directory to exist: %v", name, err)
		}
		if cacheStep.With["path"] != "${{ runner.temp }}/repave-plugin-cache" {
			t.Errorf("%s caches %q, not the plugin cache directory", name, cacheStep.With["path"])
		}
		if !strings.Contains(cacheStep.With["key"], "hashFiles(format('{0}/.terraform.lock.hcl', env.REPAVE_WF_ROOT))") ||
			!strings.Contains(cacheStep.With["key"], "runner.os") || !strings.Contains(cacheStep.With["key"], "env.REPAVE_WF_TOOL") {
			t.Errorf("%s: cache key %q, want one per OS, tool and the root's lock file", name, cacheStep.With["key"])
		}
		root := j.Env["REPAVE_WF_ROOT"]
		if !strings.Contains(root, "matrix.root") && !strings.Contains(root, "inputs.redeploy-root") && !strings.Contains(root, "'**'") {
			t.Errorf("%s: REPAVE_WF_ROOT = %q is not the job's root", name, root)
		}
	}
}

// Every job runs on inputs.runs-on and stops after inputs.timeout-minutes.
func TestReusableWorkflowRunsOnTheTeamsRunners(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	for name, j := range wf.Jobs {
		if r := fmt.Sprint(j.RunsOn); !strings.Contains(r, "fromJSON(inputs.runs-on)") || !strings.Contains(r, "|| inputs.runs-on }}") {
			t.Errorf("job %s runs-on %q, want inputs.runs-on (a label or a JSON list)", name, r)
		}
		if fmt.Sprint(j.Timeout) != "${{ inputs.timeout-minutes }}" {
			t.Errorf("job %s timeout-minutes %v, want inputs.timeout-minutes", name, j.Timeout)
		}
	}
	for _, k := range []string{"runs-on", "timeout-minutes"} {
		if _, ok := wf.On.Call.Inputs[k]; !ok {
			t.Errorf("no input %s", k)
		}
	}
}

// Third-party actions are pinned by full commit SHA, with the version in a
// comment; the cloud logins run only when their inputs are set, with the
// plan-side identity outside the gate and the apply-side one behind it, and
// never for a fork.
func TestReusableWorkflowLogsInToCloudsByOIDC(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(reusable)
	if err != nil {
		t.Fatal(err)
	}
	uses := regexp.MustCompile(`(?m)^\s*(?:- )?uses: (\S+)(.*)$`)
	for _, m := range uses.FindAllStringSubmatch(string(b), -1) {
		ref, comment := m[1], m[2]
		if strings.HasPrefix(ref, "actions/") || strings.HasPrefix(ref, "repave-dev/repave/") {
			continue // GitHub's own actions and repave's, by tag
		}
		if !regexp.MustCompile(`@[0-9a-f]{40}$`).MatchString(ref) || !regexp.MustCompile(`^ # v\d+\.\d+\.\d+$`).MatchString(comment) {
			t.Errorf("%s%s: pin third-party actions by full commit SHA with `# vX.Y.Z`", ref, comment)
		}
	}
	wf := loadWorkflow(t, reusable)
	cloud := map[string]string{"aws-actions/configure-aws-credentials@": "role-to-assume", "google-github-actions/auth@": "workload_identity_provider", "azure/login@": "client-id"}
	set := map[string]any{
		"inputs.plan-aws-role-arn": "PLAN-AWS", "inputs.apply-aws-role-arn": "APPLY-AWS",
		"inputs.plan-gcp-workload-identity-provider": "PLAN-GCP", "inputs.apply-gcp-workload-identity-provider": "APPLY-GCP",
		"inputs.plan-azure-client-id": "PLAN-AZ", "inputs.apply-azure-client-id": "APPLY-AZ",
		"needs.discover.outputs.roots": "1", "inputs.packer-template": "packer/web",
	}
	jobs := map[string]string{"plan": "pull_request", "apply": "push", "redeploy-plan": "dispatch", "redeploy": "dispatch", "audit": "schedule", "bake": "pull_request"}
	for job, event := range jobs {
		for _, inputs := range []map[string]any{nil, set} {
			ctx := workflowContext(wf, map[string]any{"needs.discover.outputs.roots": "1", "needs.discover.outputs.bake": "true", "inputs.packer-template": "packer/web"}, teamEvents[event], inputs)
			_, j := runningVariant(t, wf, job, ctx)
			logins := map[string]string{}
			for _, s := range j.Steps {
				for prefix, k := range cloud {
					if strings.HasPrefix(s.Uses, prefix) && stepRuns(t, s, ctx) {
						logins[prefix] = evalString(t, s.With[k], ctx)
					}
				}
			}
			if inputs == nil {
				if len(logins) != 0 {
					t.Errorf("%s logs in without cloud inputs: %v", job, logins)
				}
				continue
			}
			want := "PLAN-"
			if job == "apply" || job == "redeploy" {
				want = "APPLY-"
			}
			if len(logins) != 3 {
				t.Errorf("%s logs in to %v, want all three clouds", job, logins)
			}
			for p, id := range logins {
				if !strings.HasPrefix(id, want) {
					t.Errorf("%s: %s with %q, want the %sside identity", job, p, id, strings.ToLower(want))
				}
			}
		}
	}
	fork := workflowContext(wf, set, teamEvents["pull_request"], map[string]any{"github.event.pull_request.head.repo.full_name": "mallory/infra"})
	_, j := runningVariant(t, wf, "plan", fork)
	for _, s := range j.Steps {
		for prefix := range cloud {
			if strings.HasPrefix(s.Uses, prefix) && stepRuns(t, s, fork) {
				t.Errorf("a fork's pull request runs %s", s.Uses)
			}
		}
	}
}

// An apply runs behind the environment its root maps to (the discover
// matrix's environment), and records the deployment there; a re-deploy behind
// the one its plan job found; else the environment input.
func TestReusableWorkflowGatesEachRootByItsEnvironment(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	for _, tc := range []struct {
		job  string
		ctx  map[string]any
		want string
	}{
		{"apply", map[string]any{"matrix.root": "prod/web", "matrix.environment": "production-eu"}, "production-eu"},
		{"apply", map[string]any{"matrix.root": "dev/web", "matrix.environment": ""}, "production"},
		{"redeploy", map[string]any{"needs.redeploy-plan.outputs.environment": "staging"}, "staging"},
		{"redeploy", map[string]any{"needs.redeploy-plan-oidc.outputs.environment": "staging", "needs.redeploy-plan.result": "skipped", "needs.redeploy-plan-oidc.result": "success"}, "staging"},
		{"redeploy", map[string]any{}, "production"},
	} {
		ctx := workflowContext(wf, map[string]any{"needs.discover.outputs.roots": "1"}, teamEvents[oidcJobs[tc.job]], tc.ctx)
		name, j := runningVariant(t, wf, tc.job, ctx)
		if got := evalString(t, j.Environment, ctx); got != tc.want {
			t.Errorf("%s %v: environment %q, want %q", name, tc.ctx, got, tc.want)
		}
		for _, s := range j.Steps {
			if repaveAction(s.Uses) == "apply-on-merge" && s.With["environment"] != j.Environment {
				t.Errorf("%s records the deployment in %q but is gated by %q", name, s.With["environment"], j.Environment)
			}
		}
	}
	for _, job := range []string{"discover", "redeploy-plan"} {
		var passes bool
		for _, s := range wf.Jobs[job].Steps {
			passes = passes || repaveAction(s.Uses) == "plan-infra" && s.With["environments"] == "${{ inputs.environments }}"
		}
		if !passes {
			t.Errorf("%s does not give plan-infra the environments mapping", job)
		}
	}
	if o := wf.Jobs["redeploy-plan"].Outputs["environment"]; o != "${{ steps.plan.outputs.environment }}" {
		t.Errorf("redeploy-plan outputs environment %q", o)
	}
}

// merge_group: the queued commit is discovered and planned (plan-infra
// checks it against the reviewed comment), the comment is left as reviewers
// saw it, nothing is applied; each merge group has its own plan concurrency
// group.
func TestReusableWorkflowPlansTheMergeQueue(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	ctx := workflowContext(wf, teamEvents["merge_group"], map[string]any{"needs.discover.outputs.roots": "1", "matrix.root": "infra/web",
		"github.event.merge_group.head_ref": "refs/heads/gh-readonly-queue/main/pr-7-abc"})
	for _, job := range []string{"discover", "plan"} {
		j := wf.Jobs[job]
		if v, _ := evalExpr(j.If, ctx); !truthy(v) {
			t.Errorf("%s does not run on merge_group", job)
		}
	}
	for _, job := range []string{"apply", "apply-oidc", "bake", "redeploy", "audit"} {
		if v, _ := evalExpr(wf.Jobs[job].If, ctx); truthy(v) {
			t.Errorf("%s runs on merge_group", job)
		}
	}
	var commented bool
	for _, s := range wf.Jobs["plan"].Steps {
		if repaveAction(s.Uses) == "comment-plan-on-pr" {
			commented = stepRuns(t, s, ctx)
		}
		if repaveAction(s.Uses) == "plan-infra" && evalString(t, s.With["vault-url"], workflowContext(wf, ctx, map[string]any{"inputs.vault-url": "https://v"})) != "https://v" {
			t.Error("a merge group is not a fork: it gets the plan role's Vault")
		}
	}
	if commented {
		t.Error("the merge group's plan would replace the comment reviewers approved")
	}
	group := fmt.Sprint(wf.Jobs["plan"].Concurrency["group"])
	if !strings.Contains(group, "github.event.merge_group.head_ref") {
		t.Errorf("plan concurrency group %q: all merge groups would share one and cancel each other", group)
	}
}

// Break-glass: target and replace reach both the plan before the gate and the
// gated apply (the fingerprints match only so); the redeploy-plan job refuses
// them without an environment.
func TestReusableWorkflowBreakGlassRunsOnlyBehindTheGate(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	for _, k := range []string{"target", "replace"} {
		if _, ok := wf.On.Call.Inputs[k]; !ok {
			t.Errorf("no input %s", k)
		}
	}
	for name, j := range wf.Jobs {
		for _, s := range j.Steps {
			if s.With["target"] != "" && name != "redeploy" && name != "redeploy-oidc" && name != "redeploy-plan" && name != "redeploy-plan-oidc" {
				t.Errorf("job %s passes target outside the re-deploy", name)
			}
		}
	}
	var guard *wfStep
	for i, s := range wf.Jobs["redeploy-plan"].Steps {
		if strings.Contains(s.Run, "break-glass") {
			guard = &wf.Jobs["redeploy-plan"].Steps[i]
		}
	}
	if guard == nil {
		t.Fatal("redeploy-plan has no break-glass guard step")
	}
	for _, tc := range []struct {
		ctx  map[string]any
		runs bool
	}{
		{map[string]any{"inputs.target": "aws_instance.web", "inputs.environment": ""}, true},
		{map[string]any{"inputs.replace": "aws_instance.web", "inputs.environment": ""}, true},
		{map[string]any{"inputs.target": "aws_instance.web"}, false},
		{map[string]any{"inputs.environment": ""}, false},
	} {
		ctx := workflowContext(wf, teamEvents["dispatch"], tc.ctx)
		if got := stepRuns(t, *guard, ctx); got != tc.runs {
			t.Errorf("%v: guard runs = %v, want %v", tc.ctx, got, tc.runs)
		}
	}
	out, err := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", guard.Run).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "::error title=Invalid input::target and replace are break-glass inputs") {
		t.Errorf("the guard must fail with one error: %v %s", err, out)
	}
}
