package actions_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The reusable workflow (.github/workflows/repave.yml) and the callers users
// copy (examples/*.yml): what each job passes where, checked without running
// them (the act e2e suite runs them: e2e/reusable_test.go).

type wfStep struct {
	ID   string            `yaml:"id"`
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	If   string            `yaml:"if"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
}

type wfJob struct {
	Needs       any               `yaml:"needs"`
	RunsOn      any               `yaml:"runs-on"`
	Timeout     any               `yaml:"timeout-minutes"`
	Permissions map[string]string `yaml:"permissions"`
	Env         map[string]string `yaml:"env"`
	If          string            `yaml:"if"`
	Environment string            `yaml:"environment"`
	Concurrency map[string]any    `yaml:"concurrency"`
	Outputs     map[string]string `yaml:"outputs"`
	Steps       []wfStep          `yaml:"steps"`
	Uses        string            `yaml:"uses"`
	With        map[string]any    `yaml:"with"`
}

type workflow struct {
	On struct {
		Call struct {
			Inputs  map[string]any `yaml:"inputs"`
			Secrets map[string]any `yaml:"secrets"`
		} `yaml:"workflow_call"`
	} `yaml:"on"`
	Jobs map[string]wfJob `yaml:"jobs"`
}

func loadWorkflow(t *testing.T, path string) workflow {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return wf
}

const reusable = "../.github/workflows/repave.yml"

// repaveAction returns the action name of a step that uses one of repave's
// actions (repave-dev/repave/actions/<name>@…), else "".
func repaveAction(uses string) string {
	m := regexp.MustCompile(`^repave-dev/repave/actions/([a-z-]+)@`).FindStringSubmatch(uses)
	if m == nil {
		return ""
	}
	return m[1]
}

// Every input the workflow gives one of repave's actions exists in that
// action, and every Vault input the action has is passed through.
func TestReusableWorkflowPassesKnownInputsAndEveryVaultInput(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	vault := []string{"vault-url", "vault-method", "vault-auth-path", "vault-namespace", "vault-ca-cert",
		"jwt-audience", "vault-role", "vault-token", "vault-role-id", "vault-secret-id", "secrets"}
	for name, job := range wf.Jobs {
		for _, s := range job.Steps {
			action := repaveAction(s.Uses)
			if action == "" {
				continue
			}
			a := loadAction(t, filepath.Join(action, "action.yml"))
			for k := range s.With {
				if _, ok := a.Inputs[k]; !ok {
					t.Errorf("job %s gives %s the input %q, which it does not have", name, action, k)
				}
			}
			if s.With["discover"] == "true" || s.With["version"] != "" && s.With["template"] == "" {
				continue // discovery and promotion read no Vault
			}
			for _, k := range vault {
				if _, has := a.Inputs[k]; has && s.With[k] == "" {
					t.Errorf("job %s does not pass %s its Vault input %q", name, action, k)
				}
			}
		}
	}
}

func loadAction(t *testing.T, path string) actionFile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(b, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// The Vault role and secrets of each job: pull request jobs never get the
// apply role or its secrets; the jobs behind the environment use only those.
func TestReusableWorkflowSeparatesPlanAndApplyVaultRoles(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	for name, job := range wf.Jobs {
		for _, s := range job.Steps {
			if repaveAction(s.Uses) == "" || s.With["vault-role"] == "" {
				continue
			}
			vaultWith := s.With["vault-role"] + " " + s.With["secrets"] + " " + s.With["vault-token"] + " " + s.With["vault-role-id"] + " " + s.With["vault-secret-id"]
			gated := job.Environment != ""
			usesApply := strings.Contains(vaultWith, "apply-") || strings.Contains(vaultWith, "APPLY_")
			if gated {
				if strings.Contains(vaultWith, "plan-") || strings.Contains(vaultWith, "audit-") || regexp.MustCompile(`secrets\.VAULT_`).MatchString(vaultWith) {
					t.Errorf("gated job %s uses a role or secret of the jobs outside the gate: %s", name, vaultWith)
				}
				for _, k := range []string{"vault-role", "secrets", "vault-token", "vault-role-id", "vault-secret-id"} {
					if !strings.Contains(s.With[k], "apply-") && !strings.Contains(s.With[k], "APPLY_") {
						t.Errorf("gated job %s: %s = %q, want the apply one", name, k, s.With[k])
					}
				}
			} else if usesApply {
				t.Errorf("job %s runs outside the environment gate but gets the apply role or its secrets: %s", name, vaultWith)
			}
			if strings.Contains(job.If, "pull_request") && !strings.Contains(s.With["vault-role"], "plan-vault-role") {
				t.Errorf("pull request job %s: vault-role = %q, want plan-vault-role", name, s.With["vault-role"])
			}
		}
	}
	for _, want := range []string{"plan-vault-role", "plan-secrets", "apply-vault-role", "apply-secrets"} {
		if _, ok := wf.On.Call.Inputs[want]; !ok {
			t.Errorf("the reusable workflow lacks the input %q", want)
		}
	}
}

// Applies queue in order (queue: max) and are never cancelled; pull request
// plans get a group per (pull request, root) that cancels the older run.
// actionlint v1.7.12 does not know `queue` (.github/actionlint.yaml ignores
// that one message), so its values are checked here.
func TestReusableWorkflowConcurrency(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	for name, job := range wf.Jobs {
		c := job.Concurrency
		if q, ok := c["queue"]; ok {
			if q != "max" && q != "single" {
				t.Errorf("job %s: queue = %v, GitHub accepts only max or single", name, q)
			}
			if q == "max" && c["cancel-in-progress"] == true {
				t.Errorf("job %s: queue: max with cancel-in-progress: true is a workflow error", name)
			}
		}
		applies := false
		for _, s := range job.Steps {
			applies = applies || repaveAction(s.Uses) == "apply-on-merge"
		}
		if applies {
			if c["queue"] != "max" || c["cancel-in-progress"] != false || !strings.HasPrefix(c["group"].(string), "repave-apply-") {
				t.Errorf("apply job %s: concurrency %v, want a repave-apply- group, cancel-in-progress: false, queue: max", name, c)
			}
			if job.Environment == "" {
				t.Errorf("apply job %s is not behind the environment gate", name)
			}
		}
	}
	plan := wf.Jobs["plan"].Concurrency
	group, _ := plan["group"].(string)
	if plan["cancel-in-progress"] != true || !strings.Contains(group, "github.event.pull_request.number") || !strings.Contains(group, "matrix.root") {
		t.Errorf("plan job concurrency %v, want a group per pull request and root with cancel-in-progress: true", plan)
	}
	if wf.Jobs["apply"].Concurrency["group"] == nil ||
		strings.ReplaceAll(wf.Jobs["apply"].Concurrency["group"].(string), "matrix.root || matrix.roots", "ROOT") !=
			strings.ReplaceAll(wf.Jobs["redeploy"].Concurrency["group"].(string), "inputs.redeploy-root", "ROOT") {
		t.Errorf("apply and redeploy of one root must share a group: %v vs %v", wf.Jobs["apply"].Concurrency["group"], wf.Jobs["redeploy"].Concurrency["group"])
	}
}

// A workflow_dispatch re-deploy is planned before the gate (its summary is
// what approvers read) and the gated job applies that commit only with that
// plan's fingerprint.
func TestReusableWorkflowPlansARedeployBeforeTheGate(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	pre, ok := wf.Jobs["redeploy-plan"]
	if !ok || pre.Environment != "" {
		t.Fatalf("want a redeploy-plan job outside the environment, got %+v", pre)
	}
	var planned bool
	for _, s := range pre.Steps {
		planned = planned || repaveAction(s.Uses) == "plan-infra" && s.ID == "plan"
	}
	if !planned || pre.Outputs["fingerprint"] != "${{ steps.plan.outputs.fingerprint }}" || !strings.Contains(pre.Outputs["sha"], "steps.") {
		t.Errorf("redeploy-plan must plan with plan-infra and output the sha and the fingerprint: %+v", pre.Outputs)
	}
	gated := wf.Jobs["redeploy"]
	if fmt.Sprint(gated.Needs) != "[redeploy-plan redeploy-plan-oidc]" || gated.Environment == "" {
		t.Fatalf("redeploy must need both redeploy-plan variants and run behind the environment: needs %v, environment %q", gated.Needs, gated.Environment)
	}
	var apply *wfStep
	for i, s := range gated.Steps {
		if repaveAction(s.Uses) == "apply-on-merge" {
			apply = &gated.Steps[i]
		}
	}
	if apply == nil {
		t.Fatal("redeploy does not run apply-on-merge")
	}
	want := map[string]string{
		"ref":                  "${{ needs.redeploy-plan.outputs.sha || needs.redeploy-plan-oidc.outputs.sha }}",
		"expected-fingerprint": "${{ needs.redeploy-plan.outputs.fingerprint || needs.redeploy-plan-oidc.outputs.fingerprint }}",
		"target":               "${{ inputs.target }}",
		"replace":              "${{ inputs.replace }}",
		"allow-unmerged-ref":   "${{ inputs.allow-unmerged-ref }}",
		"strategy":             "${{ inputs.strategy }}",
	}
	for k, v := range want {
		if apply.With[k] != v {
			t.Errorf("redeploy's apply-on-merge %s = %q, want %q", k, apply.With[k], v)
		}
	}
	// The plan and the gated re-plan see the same configuration.
	var plan wfStep
	for _, s := range pre.Steps {
		if s.ID == "plan" {
			plan = s
		}
	}
	for _, k := range []string{"working-directory", "vars", "backend-config", "images", "tool", "target", "replace"} {
		if plan.With[k] != apply.With[k] {
			t.Errorf("%s differs between the plan (%q) and the gated apply (%q): the fingerprints could never match", k, plan.With[k], apply.With[k])
		}
	}
}

// No binary plan in an artifact: the upload excludes plan.tfplan.
func TestReusableWorkflowNeverUploadsTheBinaryPlan(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	var uploads int
	for name, job := range wf.Jobs {
		for _, s := range job.Steps {
			if !strings.HasPrefix(s.Uses, "actions/upload-artifact@") {
				continue
			}
			uploads++
			lines := strings.Split(strings.TrimSpace(s.With["path"]), "\n")
			var excluded bool
			for _, l := range lines {
				l = strings.TrimSpace(l)
				excluded = excluded || strings.HasPrefix(l, "!") && strings.HasSuffix(l, "/plan.tfplan")
			}
			if !excluded {
				t.Errorf("job %s uploads %q without excluding plan.tfplan", name, s.With["path"])
			}
		}
	}
	if uploads == 0 {
		t.Fatal("no artifact upload found: update this test")
	}
}

// No `${{ }}` inside a run: of the reusable workflow (script injection).
func TestReusableWorkflowRunStepsTakeValuesThroughEnv(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	for name, job := range wf.Jobs {
		for _, s := range job.Steps {
			if strings.Contains(s.Run, "${{") {
				t.Errorf("job %s step %q: run: contains ${{ }}; pass values through env:", name, s.Name)
			}
		}
	}
}

// The callers users copy give the reusable workflow only inputs it has.
func TestExampleCallersUseKnownInputs(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	callers, _ := filepath.Glob("../examples/*.yml")
	more, _ := filepath.Glob("../e2e/testdata/reusable-workflows/*.yml")
	loop, _ := filepath.Glob("../e2e/testdata/imageloop-workflows/*.yml")
	more = append(more, loop...)
	for _, f := range append(callers, more...) {
		c := loadWorkflow(t, f)
		for name, job := range c.Jobs {
			if !strings.Contains(job.Uses, "/.github/workflows/repave.yml@") {
				continue
			}
			var unknown []string
			for k := range job.With {
				if _, ok := wf.On.Call.Inputs[k]; !ok {
					unknown = append(unknown, k)
				}
			}
			sort.Strings(unknown)
			if len(unknown) > 0 {
				t.Errorf("%s job %s passes inputs the reusable workflow lacks: %v", f, name, unknown)
			}
		}
	}
}

// actionlint, where installed (go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12),
// passes on the workflows and the examples, with .github/actionlint.yaml.
func TestWorkflowsPassActionlint(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("actionlint")
	if err != nil {
		t.Skip("actionlint is not installed")
	}
	files, _ := filepath.Glob("../.github/workflows/*.yml")
	examples, _ := filepath.Glob("../examples/*.yml")
	var rel []string
	for _, f := range append(files, examples...) {
		rel = append(rel, strings.TrimPrefix(f, "../"))
	}
	cmd := exec.Command(bin, rel...)
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
}

// redeploy-plan's "Resolve the ref to a commit" step, run with bash -e as
// GitHub runs it, in a clone: a SHA, a tag, a local branch, a branch only on
// origin and a ref only the remote has resolve to their commit and check it
// out; an unknown or option-like ref is one error.
func TestRedeployResolvesTheRefToOneCommit(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("slower than 2 s: real terraform, packer or git runs")
	}
	wf := loadWorkflow(t, reusable)
	var script string
	for _, s := range wf.Jobs["redeploy-plan"].Steps {
		if s.ID == "ref" {
			script = s.Run
		}
	}
	if script == "" {
		t.Fatal("redeploy-plan has no step with id ref")
	}
	origin, seed := t.TempDir(), t.TempDir()
	git(t, origin, "init", "-q", "--bare")
	git(t, seed, "init", "-q", "-b", "main")
	commit := func(msg string) string {
		git(t, seed, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-q", "--allow-empty", "-m", msg)
		return git(t, seed, "rev-parse", "HEAD")
	}
	first := commit("one")
	git(t, seed, "tag", "v1")
	second := commit("two")
	git(t, seed, "checkout", "-q", "-b", "feature")
	feature := commit("feature")
	git(t, seed, "checkout", "-q", "main")
	git(t, seed, "push", "-q", origin, "main", "feature", "refs/tags/v1")
	hidden := commit("only on the remote, under another ref")
	git(t, seed, "push", "-q", origin, "HEAD:refs/pull/7/head")

	work := t.TempDir()
	git(t, work, "clone", "-q", "--no-tags", origin, ".") // as checkout leaves it: main checked out
	git(t, work, "fetch", "-q", "--tags", "origin")
	// Before the gate, only merged code or a tag is planned with the job's
	// credentials (apply-on-merge refuses the rest after the gate too).
	const unmerged = "is not on the default branch main, nor a tag"
	for _, tc := range []struct {
		ref, want, err string
		allow          bool
	}{
		{ref: first, want: first},
		{ref: first[:12], want: first},
		{ref: "v1", want: first},
		{ref: "refs/tags/v1", want: first},
		{ref: "main", want: second},
		{ref: "feature", err: unmerged},
		{ref: "refs/pull/7/head", err: unmerged},
		{ref: "feature", want: feature, allow: true},
		{ref: "refs/pull/7/head", want: hidden, allow: true},
		{ref: "no-such-branch", err: `::error title=Invalid input::redeploy-ref "no-such-branch" is not a commit, tag or branch of this repository`},
		{ref: "--upload-pack=touch /tmp/repave-pwned", err: "::error title=Invalid input::redeploy-ref"},
		// A line break would let the ref's echo start a workflow command of its own.
		{ref: "main\n::add-mask::x", err: "::error title=Invalid input::redeploy-ref holds a control character"},
	} {
		t.Run(fmt.Sprintf("%s allow=%v", tc.ref, tc.allow), func(t *testing.T) { // one after another: the cases fetch into the one clone
			out := filepath.Join(t.TempDir(), "output")
			summary := filepath.Join(t.TempDir(), "summary")
			cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
			cmd.Dir = work
			cmd.Env = append(os.Environ(), "REF="+tc.ref, "GITHUB_OUTPUT="+out, "GITHUB_STEP_SUMMARY="+summary,
				"DEFAULT_BRANCH=main", fmt.Sprintf("ALLOW_UNMERGED=%v", tc.allow))
			log, err := cmd.CombinedOutput()
			if tc.err != "" {
				if err == nil || !strings.Contains(string(log), tc.err) || strings.Count(string(log), "::error") != 1 {
					t.Fatalf("want exit 1 and one error %q, got %v:\n%s", tc.err, err, log)
				}
				if _, err := os.Stat("/tmp/repave-pwned"); err == nil {
					t.Fatal("an option-like ref was run as a git option")
				}
				return
			}
			if err != nil {
				t.Fatalf("%v:\n%s", err, log)
			}
			b, _ := os.ReadFile(out)
			if string(b) != "sha="+tc.want+"\n" {
				t.Errorf("output %q, want sha=%s", b, tc.want)
			}
			if head := git(t, work, "rev-parse", "HEAD"); head != tc.want {
				t.Errorf("checked out %s, want %s", head, tc.want)
			}
			if s, _ := os.ReadFile(summary); !strings.Contains(string(s), tc.want) {
				t.Errorf("the summary should name the commit: %q", s)
			}
		})
	}
}

// The Vault wiring of every job, evaluated for each event that runs it: a
// pull request job gets only the plan role and secrets (a fork's none), the
// jobs behind the environment only the apply ones, the other default-branch
// jobs the audit ones (the plan ones when audit-* is empty) — also when some
// of those inputs are empty (`a && b || c` falls through to c).
func TestReusableWorkflowVaultWiringPerEvent(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	type want struct{ url, role, secrets, token string }
	full := map[string]any{
		"inputs.vault-url": "https://vault", "inputs.packer-template": "packer/web", "inputs.redeploy-ref": "v1",
		"inputs.plan-vault-role": "plan-role", "inputs.plan-secrets": "PLAN",
		"inputs.audit-vault-role": "audit-role", "inputs.audit-secrets": "AUDIT",
		"inputs.apply-vault-role": "apply-role", "inputs.apply-secrets": "APPLY",
		"secrets.VAULT_TOKEN": "t-outside", "secrets.APPLY_VAULT_TOKEN": "t-apply",
		"needs.discover.outputs.roots": "1", "needs.discover.outputs.bake": "true", "github.repository": "acme/infra",
		"github.ref_name": "main", "github.event.repository.default_branch": "main",
		"needs.redeploy-plan.result": "skipped", "needs.redeploy-plan-oidc.result": "success",
	}
	noPlan := map[string]any{"inputs.plan-vault-role": "", "inputs.plan-secrets": ""}
	noAudit := map[string]any{"inputs.audit-vault-role": "", "inputs.audit-secrets": ""}
	events := map[string]map[string]any{
		"pull_request": {"github.event_name": "pull_request", "github.event.pull_request.head.repo.full_name": "acme/infra"},
		"fork":         {"github.event_name": "pull_request", "github.event.pull_request.head.repo.full_name": "mallory/infra"},
		"push":         {"github.event_name": "push"},
		"merge_group":  {"github.event_name": "merge_group", "github.event.merge_group.head_ref": "refs/heads/gh-readonly-queue/main/pr-7-abc"},
		"schedule":     {"github.event_name": "schedule", "inputs.redeploy-ref": ""},
		"dispatch":     {"github.event_name": "workflow_dispatch"},
	}
	plan := want{"https://vault", "plan-role", "PLAN", "t-outside"}
	audit := want{"https://vault", "audit-role", "AUDIT", "t-outside"}
	apply := want{"https://vault", "apply-role", "APPLY", "t-apply"}
	for _, tc := range []struct {
		job, event string
		unset      map[string]any
		want       want
	}{
		{"bake", "pull_request", nil, plan},
		{"bake", "pull_request", noPlan, want{"https://vault", "", "", "t-outside"}},
		{"bake", "fork", nil, want{"", "plan-role", "", "t-outside"}},
		{"bake", "push", nil, audit},
		{"bake", "push", noAudit, plan},
		{"plan", "pull_request", nil, plan},
		{"plan", "pull_request", noPlan, want{"https://vault", "", "", "t-outside"}},
		{"plan", "fork", nil, want{"", "plan-role", "", "t-outside"}},
		{"plan", "merge_group", nil, plan},
		{"apply", "push", nil, apply},
		{"apply", "push", noPlan, apply},
		{"redeploy-plan", "dispatch", nil, audit},
		{"redeploy-plan", "dispatch", noAudit, plan},
		{"redeploy", "dispatch", nil, apply},
		{"audit", "schedule", nil, audit},
		{"audit", "schedule", noAudit, plan},
	} {
		t.Run(tc.job+" on "+tc.event, func(t *testing.T) {
			t.Parallel()
			ctx := workflowContext(wf, full, events[tc.event], tc.unset)
			name, job := runningVariant(t, wf, tc.job, ctx)
			if tc.want.url != "" && job.Permissions["id-token"] != "write" {
				t.Errorf("%s runs with Vault jwt (vault-url %q) without id-token: write", name, tc.want.url)
			}
			var step *wfStep
			for i, s := range job.Steps {
				if repaveAction(s.Uses) != "" && s.With["vault-url"] != "" {
					step = &job.Steps[i]
				}
			}
			if step == nil {
				t.Fatalf("job %s has no repave step with Vault inputs", tc.job)
			}
			got := want{}
			for k, dst := range map[string]*string{"vault-url": &got.url, "vault-role": &got.role, "secrets": &got.secrets, "vault-token": &got.token} {
				v, err := evalExpr(step.With[k], ctx)
				if err != nil {
					t.Fatalf("%s: %v", k, err)
				}
				if v != nil {
					*dst = fmt.Sprint(v)
				}
			}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// workflowContext is the expression context of a run: the reusable
// workflow's input defaults (as GitHub fills them in), then each map in turn.
func workflowContext(wf workflow, maps ...map[string]any) map[string]any {
	ctx := map[string]any{}
	for k, v := range wf.On.Call.Inputs {
		if m, ok := v.(map[string]any); ok {
			if d, ok := m["default"]; ok {
				ctx["inputs."+k] = d
			}
		}
	}
	for _, m := range maps {
		for k, v := range m {
			ctx[k] = v
		}
	}
	return ctx
}

// runningVariant returns which of job and job-oidc runs in ctx: exactly one
// must (permissions are static per job, so each OIDC-capable job has the two).
func runningVariant(t *testing.T, wf workflow, job string, ctx map[string]any) (string, wfJob) {
	t.Helper()
	var running []string
	for _, name := range []string{job, job + "-oidc"} {
		j, ok := wf.Jobs[name]
		if !ok {
			continue
		}
		v, err := evalExpr(j.If, ctx)
		if err != nil {
			t.Fatalf("job %s if: %v", name, err)
		}
		if truthy(v) {
			running = append(running, name)
		}
	}
	if len(running) != 1 {
		t.Fatalf("want exactly one of %s and %s-oidc to run, got %v", job, job, running)
	}
	return running[0], wf.Jobs[running[0]]
}

// The image loop (#13) through the reusable workflow: every repave step that
// reads the registry gets the same images and registry-dir (discovery too, or
// a promotion pull request changes no root), and a pushed bake or a promotion
// opens its pull request with a token whose pull requests start workflows.
func TestReusableWorkflowWiresTheImageLoop(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	for k, def := range map[string]string{"registry-dir": "images", "artifact-from": "builder", "promotion-app-client-id": ""} {
		in, ok := wf.On.Call.Inputs[k].(map[string]any)
		if !ok || fmt.Sprint(in["default"]) != def {
			t.Errorf("the reusable workflow should have the input %q (default %q): %v", k, def, wf.On.Call.Inputs[k])
		}
	}
	for _, k := range []string{"PROMOTION_TOKEN", "PROMOTION_APP_PRIVATE_KEY"} {
		if _, ok := wf.On.Call.Secrets[k]; !ok {
			t.Errorf("the reusable workflow should take the optional secret %s", k)
		}
	}
	readers := map[string]bool{}
	for name, job := range wf.Jobs {
		for _, s := range job.Steps {
			switch repaveAction(s.Uses) {
			case "plan-infra", "apply-on-merge", "audit-check":
				readers[name] = true
				if s.With["images"] != "${{ inputs.images }}" || s.With["registry-dir"] != "${{ inputs.registry-dir }}" {
					t.Errorf("job %s: %s gets images %q and registry-dir %q, want the workflow's inputs", name, s.Uses, s.With["images"], s.With["registry-dir"])
				}
			case "bake-image":
				if s.With["registry-dir"] != "${{ inputs.registry-dir }}" {
					t.Errorf("job %s: bake-image gets registry-dir %q", name, s.With["registry-dir"])
				}
			}
		}
	}
	for _, j := range []string{"discover", "plan", "apply", "redeploy-plan", "redeploy", "audit"} {
		if !readers[j] {
			t.Errorf("job %s runs no repave step that reads the registry", j)
		}
	}
	if s := bakeStep(t, wf.Jobs["bake"]); s.With["artifact-from"] != "${{ inputs.artifact-from }}" {
		t.Errorf("bake: artifact-from = %q", s.With["artifact-from"])
	}

	app := map[string]any{"inputs.promotion-app-client-id": "Iv23liExample", "steps.app.outputs.token": "ghs_app", "secrets.PROMOTION_TOKEN": "github_pat_x"}
	pat := map[string]any{"secrets.PROMOTION_TOKEN": "github_pat_x"}
	base := map[string]any{"inputs.packer-template": "packer/web", "inputs.promote-version": "1.4.0", "needs.discover.outputs.bake": "true"}
	for _, tc := range []struct {
		job, event string
		with       map[string]any
		app        bool   // the App token step runs
		token      string // promotion-token
	}{
		{"bake", "push", app, true, "ghs_app"},
		{"bake", "push", pat, false, "github_pat_x"},
		{"bake", "push", nil, false, ""},
		{"bake", "pull_request", app, false, ""}, // builds only: no token to a pull request's job
		{"promote", "dispatch", app, true, "ghs_app"},
		{"promote", "dispatch", pat, false, "github_pat_x"},
	} {
		t.Run(fmt.Sprintf("%s on %s %v", tc.job, tc.event, tc.with), func(t *testing.T) {
			t.Parallel()
			ctx := workflowContext(wf, base, teamEvents[tc.event], map[string]any{"inputs.redeploy-ref": ""}, tc.with)
			job := wf.Jobs[tc.job]
			if v, err := evalExpr(job.If, ctx); err != nil || !truthy(v) {
				t.Fatalf("job %s does not run (%v)", tc.job, err)
			}
			var appStep *wfStep
			for i, s := range job.Steps {
				if s.ID == "app" {
					appStep = &job.Steps[i]
				}
			}
			if appStep == nil {
				t.Fatalf("job %s has no step id app", tc.job)
			}
			if !regexp.MustCompile(`^actions/create-github-app-token@[0-9a-f]{40}$`).MatchString(appStep.Uses) || appStep.With["client-id"] != "${{ inputs.promotion-app-client-id }}" ||
				appStep.With["private-key"] != "${{ secrets.PROMOTION_APP_PRIVATE_KEY }}" || appStep.With["permission-contents"] != "write" || appStep.With["permission-pull-requests"] != "write" {
				t.Errorf("job %s: the app step should be actions/create-github-app-token pinned by SHA with the App's client id and key, contents and pull-requests write: %+v", tc.job, appStep)
			}
			if got := stepRuns(t, *appStep, ctx); got != tc.app {
				t.Errorf("the App token step runs = %v, want %v", got, tc.app)
			}
			if got := evalString(t, bakeStep(t, job).With["promotion-token"], ctx); got != tc.token {
				t.Errorf("promotion-token = %q, want %q", got, tc.token)
			}
		})
	}
}

func bakeStep(t *testing.T, job wfJob) wfStep {
	t.Helper()
	for i, s := range job.Steps {
		if repaveAction(s.Uses) == "bake-image" {
			for _, before := range job.Steps[i:] {
				if before.ID == "app" {
					t.Errorf("the App token step must come before bake-image")
				}
			}
			return s
		}
	}
	t.Fatal("no bake-image step")
	return wfStep{}
}

// A pull request or push bakes only when it changes the template (its
// directory): the merge of a promotion pull request, or of any change
// elsewhere, must not bake another version and open another promotion.
// discover's "image" step runs with bash -e as GitHub runs it, in a clone.
func TestReusableWorkflowBakesOnlyWhenTheTemplateChanged(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	var step *wfStep
	for i, s := range wf.Jobs["discover"].Steps {
		if s.ID == "image" {
			step = &wf.Jobs["discover"].Steps[i]
		}
	}
	if step == nil {
		t.Fatal("discover has no step with id image")
	}
	if wf.Jobs["discover"].Outputs["bake"] != "${{ steps.image.outputs.bake }}" {
		t.Errorf("discover outputs bake = %q", wf.Jobs["discover"].Outputs["bake"])
	}
	// Which commit the change is measured from, per event.
	for event, want := range map[string]string{"pull_request": "base-sha", "push": "before-sha"} {
		ctx := workflowContext(wf, teamEvents[event], map[string]any{"inputs.packer-template": "packer/web",
			"github.event.pull_request.base.sha": "base-sha", "github.event.before": "before-sha"})
		if !stepRuns(t, *step, ctx) {
			t.Errorf("the image step does not run on %s", event)
		}
		if got := evalString(t, step.Env["BASE"], ctx); got != want {
			t.Errorf("%s: BASE = %q, want %q", event, got, want)
		}
		if got := evalString(t, step.Env["TEMPLATE"], ctx); got != "packer/web" {
			t.Errorf("%s: TEMPLATE = %q", event, got)
		}
		for bake, runs := range map[string]bool{"true": true, "false": false} {
			ctx["needs.discover.outputs.bake"] = bake
			if v, err := evalExpr(wf.Jobs["bake"].If, ctx); err != nil || truthy(v) != runs {
				t.Errorf("%s with bake=%s: the bake job runs = %v (%v), want %v", event, bake, truthy(v), err, runs)
			}
		}
	}
	if fmt.Sprint(wf.Jobs["bake"].Needs) != "discover" {
		t.Errorf("bake needs %v, want discover", wf.Jobs["bake"].Needs)
	}

	work := t.TempDir()
	git(t, work, "init", "-q", "-b", "main")
	commit := func(files map[string]string) string {
		for f, body := range files {
			os.MkdirAll(filepath.Join(work, filepath.Dir(f)), 0o755)
			os.WriteFile(filepath.Join(work, f), []byte(body), 0o644)
		}
		git(t, work, "add", "-A")
		git(t, work, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qm", "change")
		return git(t, work, "rev-parse", "HEAD")
	}
	first := commit(map[string]string{"packer/web/web.pkr.hcl": "a", "packer/webhooks/x.pkr.hcl": "a", "infra/web/main.tf": "a"})
	packerChange := commit(map[string]string{"packer/web/scripts/harden.sh": "b"})
	commit(map[string]string{"infra/web/main.tf": "b", "images/web.json": "{}", "packer/webhooks/x.pkr.hcl": "b"})
	for _, tc := range []struct {
		name, template, base string
		want                 string
	}{
		{"a file under the template directory", "packer/web", first, "true"},
		{"a file next to the template file", "packer/web/web.pkr.hcl", first, "true"},
		{"only other files", "packer/web", packerChange, "false"},
		{"a new branch (before is all zeros)", "packer/web", strings.Repeat("0", 40), "true"},
		{"a base the clone lacks (force push)", "packer/web", strings.Repeat("e", 40), "true"},
		{"no base", "packer/web", "", "true"},
		{"an option-like base", "packer/web", "--output=/tmp/repave-pwned", "true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "output")
			cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step.Run)
			cmd.Dir = work
			cmd.Env = append(os.Environ(), "TEMPLATE="+tc.template, "BASE="+tc.base, "GITHUB_OUTPUT="+out)
			log, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v:\n%s", err, log)
			}
			b, _ := os.ReadFile(out)
			if string(b) != "bake="+tc.want+"\n" {
				t.Errorf("output %q, want bake=%s\n%s", b, tc.want, log)
			}
			if _, err := os.Stat("/tmp/repave-pwned"); err == nil {
				t.Fatal("an option-like base was run as a git option")
			}
		})
	}
}

// The example as copied closes the image loop: the channel a pushed bake
// moves (image-channel, default dev) is one its images deploy, so merging
// the promotion pull request replaces instances; with dev and web@prod the
// promotion would plan no change (or fail: no prod channel yet).
func TestExampleDeploysTheChannelItsBakesMove(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	c := loadWorkflow(t, "../examples/infrastructure.yml")
	with := c.Jobs["repave"].With
	template, _ := with["packer-template"].(string)
	if template == "" {
		t.Fatal("the example bakes no image: update this test")
	}
	channel, ok := with["image-channel"].(string)
	if !ok {
		channel = fmt.Sprint(wf.On.Call.Inputs["image-channel"].(map[string]any)["default"])
	}
	bucket := filepath.Base(strings.TrimSuffix(template, "/"))
	imgs, _ := with["images"].(string)
	var deployed bool
	for _, l := range strings.Split(imgs, "\n") {
		ref, _, _ := strings.Cut(strings.TrimSpace(l), "=")
		ref, _, _ = strings.Cut(ref, ":")
		deployed = deployed || ref == bucket+"@"+channel
	}
	if !deployed {
		t.Errorf("the example's bakes move %s@%s but it deploys %q: the promotion pull request would change nothing", bucket, channel, imgs)
	}
}
