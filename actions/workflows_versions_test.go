package actions_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The jobs without a matrix (the break-glass re-deploy, the audit) install
// the tool and version their roots ask for, as the plan matrix does: a
// discovery over their roots (plan-infra's own version selection) feeds a
// step that sets REPAVE_WF_TOOL and REPAVE_WF_TOOL_VERSION for the install
// steps, and the gated re-deploy installs what its plan job found.
func TestReusableWorkflowInstallsTheRootsVersionWithoutAMatrix(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t, reusable)
	var script string
	for _, job := range []string{"redeploy-plan", "redeploy-plan-oidc", "audit", "audit-oidc"} {
		j := wf.Jobs[job]
		// A step's GITHUB_ENV does not win over the job's own env.
		for _, k := range []string{"REPAVE_WF_TOOL", "REPAVE_WF_TOOL_VERSION"} {
			if _, set := j.Env[k]; set {
				t.Errorf("%s: the job's env sets %s, so the pin step cannot", job, k)
			}
		}
		pins, pin, install := -1, -1, -1
		for i, s := range j.Steps {
			switch {
			case s.ID == "pins":
				pins = i
				if repaveAction(s.Uses) != "plan-infra" || s.With["discover"] != "true" {
					t.Errorf("%s: step pins should be plan-infra with discover: true, is %s %v", job, s.Uses, s.With)
				}
				ctx := workflowContext(wf, map[string]any{"inputs.roots": "infra/**", "inputs.redeploy-ref": "", "inputs.redeploy-root": ""})
				want := "infra/**"
				if strings.HasPrefix(job, "redeploy") {
					ctx["inputs.redeploy-ref"], ctx["inputs.redeploy-root"], want = "v1", "infra/prod", "infra/prod"
				}
				if got, err := evalExpr(s.With["roots"], ctx); err != nil || got != want {
					t.Errorf("%s: pins discovers roots %v (%v), want %q", job, got, err, want)
				}
				for _, k := range []string{"tool", "images", "registry-dir"} {
					if s.With[k] != "${{ inputs."+k+" }}" {
						t.Errorf("%s: pins should pass %s: ${{ inputs.%s }}, has %q", job, k, k, s.With[k])
					}
				}
			case s.ID == "pin":
				pin, script = i, s.Run
				if s.Env["MATRIX"] != "${{ steps.pins.outputs.matrix }}" {
					t.Errorf("%s: the pin step should read MATRIX from steps.pins.outputs.matrix, has %q", job, s.Env["MATRIX"])
				}
			case strings.HasPrefix(s.Uses, "hashicorp/setup-terraform@") && install < 0:
				install = i
			}
		}
		if pins < 0 || pin < pins || install < pin {
			t.Errorf("%s: want the steps pins, pin, then the install; at %d, %d, %d", job, pins, pin, install)
		}
	}
	if script == "" {
		t.Fatal("no pin step to run")
	}
	for _, job := range []string{"redeploy-plan", "redeploy-plan-oidc"} {
		for _, k := range []string{"tool", "tool-version"} {
			if got := wf.Jobs[job].Outputs[k]; got != "${{ steps.pin.outputs."+k+" }}" {
				t.Errorf("%s: output %s = %q, want the pin step's", job, k, got)
			}
		}
	}
	for _, job := range []string{"redeploy", "redeploy-oidc"} {
		env := wf.Jobs[job].Env
		for _, tc := range []struct {
			plan, oidc, want string
		}{{"tofu", "", "tofu"}, {"", "tofu", "tofu"}, {"", "", "terraform"}} {
			ctx := workflowContext(wf, map[string]any{"needs.redeploy-plan.outputs.tool": tc.plan, "needs.redeploy-plan-oidc.outputs.tool": tc.oidc,
				"needs.redeploy-plan.outputs.tool-version": tc.plan, "needs.redeploy-plan-oidc.outputs.tool-version": tc.oidc})
			if got, _ := evalExpr(env["REPAVE_WF_TOOL"], ctx); got != tc.want {
				t.Errorf("%s: REPAVE_WF_TOOL = %v with the plan's %q/%q, want %q", job, got, tc.plan, tc.oidc, tc.want)
			}
			wantV := tc.want
			if wantV == "terraform" {
				wantV = "latest" // the terraform-version input's default
			}
			if got, _ := evalExpr(env["REPAVE_WF_TOOL_VERSION"], ctx); got != wantV {
				t.Errorf("%s: REPAVE_WF_TOOL_VERSION = %v, want %q", job, got, wantV)
			}
		}
	}

	for _, tc := range []struct {
		name, matrix, tool, version string
		env, warning                string
	}{
		{name: "a root's own pin", matrix: `{"include":[{"root":"infra/prod","tool":"tofu","tool-version":"1.10.7","environment":"production"}]}`,
			version: "latest", env: "REPAVE_WF_TOOL=tofu\nREPAVE_WF_TOOL_VERSION=1.10.7\n"},
		{name: "a root that asks for no version", matrix: `{"include":[{"root":"infra/prod","tool":"terraform"}]}`,
			version: "1.9.8", env: "REPAVE_WF_TOOL=terraform\nREPAVE_WF_TOOL_VERSION=1.9.8\n"},
		{name: "roots that agree", matrix: `{"include":[{"root":"a","tool":"terraform","tool-version":"1.11.4","environment":"x"},{"root":"b","tool":"terraform","tool-version":"1.11.4"}]}`,
			version: "latest", env: "REPAVE_WF_TOOL=terraform\nREPAVE_WF_TOOL_VERSION=1.11.4\n"},
		{name: "roots that differ", matrix: `{"include":[{"root":"a","tool":"terraform","tool-version":"1.11.4"},{"root":"b","tool":"tofu","tool-version":"1.10.7"}]}`,
			tool: "", version: "latest", env: "REPAVE_WF_TOOL=terraform\nREPAVE_WF_TOOL_VERSION=latest\n", warning: "terraform 1.11.4, tofu 1.10.7"},
		{name: "batches", matrix: `{"include":[{"roots":"a\nb"}]}`,
			tool: "tofu", version: "1.10.7", env: "REPAVE_WF_TOOL=tofu\nREPAVE_WF_TOOL_VERSION=1.10.7\n"},
		{name: "no discovery (setup-terraform: false)", matrix: "",
			version: "latest", env: "REPAVE_WF_TOOL=terraform\nREPAVE_WF_TOOL_VERSION=latest\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			envFile, outFile := filepath.Join(dir, "env"), filepath.Join(dir, "output")
			cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "MATRIX="+tc.matrix, "TOOL="+tc.tool, "DEFAULT_VERSION="+tc.version,
				"GITHUB_ENV="+envFile, "GITHUB_OUTPUT="+outFile)
			log, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v:\n%s", err, log)
			}
			if b, _ := os.ReadFile(envFile); string(b) != tc.env {
				t.Errorf("GITHUB_ENV:\n%s\nwant:\n%s", b, tc.env)
			}
			wantOut := strings.NewReplacer("REPAVE_WF_TOOL_VERSION=", "tool-version=", "REPAVE_WF_TOOL=", "tool=").Replace(tc.env)
			if b, _ := os.ReadFile(outFile); string(b) != wantOut {
				t.Errorf("GITHUB_OUTPUT:\n%s\nwant:\n%s", b, wantOut)
			}
			if got := strings.Count(string(log), "::warning"); (tc.warning == "") != (got == 0) || !strings.Contains(string(log), tc.warning) {
				t.Errorf("want a warning naming %q only when the roots differ:\n%s", tc.warning, log)
			}
		})
	}
}
