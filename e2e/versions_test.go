package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

// TestReusableWorkflowInstallsEachRootsVersion is the example caller with
// setup-terraform on (its default): a pull request changes a root pinned by
// .terraform-version and a root pinned by .opentofu-version, and each plan
// job installs exactly its root's engine and version, without the wrapper
// (which would garble the JSON repave reads). The installers are stand-ins
// that record what they were asked for (the real binaries, at those
// versions, are already on PATH); the plan comments name the engine and
// version that made them. A break-glass re-deploy of one root, whose jobs
// have no matrix, installs that root's pin too.
func TestReusableWorkflowInstallsEachRootsVersion(t *testing.T) {
	tfVersion, tofuVersion := toolVersion(t, "terraform"), toolVersion(t, "tofu")
	srv := ghtest.New(t, ghtest.WithTLS())
	srv.AddToken(token, bot)
	srv.SetFile(owner, repo, "main", "README.md", []byte("infra\n"))
	record := filepath.Join(t.TempDir(), "installs.txt")
	flags := append([]string{"--local-repository", "repave-dev/repave@v1=" + repaveCopy(t)}, unusedActions(t)...)
	for i := 1; i < len(flags); i += 2 {
		switch ref, _, _ := strings.Cut(flags[i], "@"); ref {
		case "hashicorp/setup-terraform":
			flags[i] = strings.SplitN(flags[i], "=", 2)[0] + "=" + installStandIn(t, record, "terraform", "terraform_version", "terraform_wrapper")
		case "opentofu/setup-opentofu":
			flags[i] = strings.SplitN(flags[i], "=", 2)[0] + "=" + installStandIn(t, record, "tofu", "tofu_version", "tofu_wrapper")
		}
	}

	work := callerRepo(t, filepath.Join(t.TempDir(), "terraform.tfstate"))
	wf := filepath.Join(work, ".github", "workflows", "infrastructure.yml")
	b, _ := os.ReadFile(wf)
	if !strings.Contains(string(b), "setup-terraform: false") {
		t.Fatal("the caller no longer turns setup-terraform off: update this test")
	}
	os.WriteFile(wf, []byte(strings.Replace(string(b), "      setup-terraform: false\n", "", 1)), 0o644)
	commit := func(msg string) string {
		gitOut(t, work, "add", "-A")
		gitOut(t, work, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qm", msg)
		return gitOut(t, work, "rev-parse", "HEAD")
	}
	base := commit("Infrastructure through repave")
	gitOut(t, work, "branch", "-M", "main")
	// The pull request pins infra/web's terraform and adds infra/tofu, a
	// copy run by OpenTofu. (Its required_version goes: the tofu built here
	// is a -dev prerelease, which no plain constraint admits.)
	os.WriteFile(filepath.Join(work, "infra", "web", ".terraform-version"), []byte(tfVersion+"\n"), 0o644)
	tofuRoot := filepath.Join(work, "infra", "tofu")
	fixture.CopyDir(t, filepath.Join(fixture.Repo(t), "testdata", "example", "terraform"), tofuRoot)
	src, _ := os.ReadFile(filepath.Join(tofuRoot, "main.tf"))
	os.WriteFile(filepath.Join(tofuRoot, "main.tf"), regexp.MustCompile(`(?m)^\s*required_version = .*\n`).ReplaceAll(src, nil), 0o644)
	os.WriteFile(filepath.Join(tofuRoot, ".opentofu-version"), []byte(tofuVersion+"\n"), 0o644)
	head := commit("Pin the engines")

	srv.AddPull(owner, repo, ghtest.PullRequest{Number: prNumber, HeadSHA: head, BaseSHA: base})
	out := runAct(t, srv, work, "pull_request", withBase(t, writeEvent(t, head), base), flags...)

	tofuInstall := "root=infra/tofu installer=tofu version=" + tofuVersion + " wrapper=false"
	want := tofuInstall + "\nroot=infra/web installer=terraform version=" + tfVersion + " wrapper=false"
	if got := installs(t, record); got != want {
		t.Errorf("installs:\n%s\nwant:\n%s\n---- act ----\n%s", got, want, tail(out, 60))
	}

	for _, c := range []struct{ root, tool, engine, version string }{
		{"infra/web", "terraform", "Terraform", tfVersion},
		{"infra/tofu", "tofu", "OpenTofu", tofuVersion},
	} {
		var body string
		for _, cm := range srv.Comments(owner, repo, prNumber) {
			if cm.GetUser().GetLogin() == bot && strings.HasPrefix(cm.GetBody(), "<!-- repave:plan root="+c.root+" ") {
				body = cm.GetBody()
			}
		}
		marker, _, _ := strings.Cut(body, "\n")
		if !strings.Contains(marker, " tool="+c.tool+" tool-version="+c.version+" ") {
			t.Errorf("%s: marker %q does not name tool=%s tool-version=%s\n---- act ----\n%s", c.root, marker, c.tool, c.version, tail(out, 40))
		}
		if heading := "### " + c.engine + " " + c.version + " plan for `" + c.root + "`"; !strings.Contains(body, "\n"+heading) {
			t.Errorf("%s: the comment should be headed %q:\n%.600s", c.root, heading, body)
		}
	}

	// workflow_dispatch re-deploys infra/tofu: no matrix, yet both the plan
	// before the gate and the apply behind it install its own pin.
	out = runAct(t, srv, work, "workflow_dispatch", writeRedeploy(t, head, "infra/tofu"), flags...)
	if deps := srv.Deployments(owner, repo); len(deps) != 1 || deps[0].SHA != head || deps[0].State() != "success" {
		t.Fatalf("the dispatch should re-deploy infra/tofu at %s: %+v\n%s", head, deps, tail(out, 60))
	}
	if got, want := installs(t, record), tofuInstall+"\n"+tofuInstall; got != want {
		t.Errorf("re-deploy installs:\n%s\nwant (redeploy-plan, then redeploy):\n%s\n---- act ----\n%s", got, want, tail(out, 60))
	}
}

// installs is what the installer stand-ins recorded, sorted, and empties
// the record.
func installs(t *testing.T, record string) string {
	t.Helper()
	got, _ := os.ReadFile(record)
	os.Remove(record)
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// installStandIn is hashicorp/setup-terraform or opentofu/setup-opentofu,
// with their inputs and defaults, that appends what it was asked to install
// (and by which matrix job) to record instead of installing it.
func installStandIn(t *testing.T, record, installer, versionInput, wrapperInput string) string {
	t.Helper()
	dir := t.TempDir()
	yml := `name: ` + installer + ` installer (recording stand-in)
description: records what it was asked to install
inputs:
  ` + versionInput + `:
    default: latest
  ` + wrapperInput + `:
    default: "true"
runs:
  using: composite
  steps:
    - shell: bash
      env:
        VERSION: ${{ inputs.` + versionInput + ` }}
        WRAPPER: ${{ inputs.` + wrapperInput + ` }}
        RECORD: ` + record + `
      run: echo "root=$REPAVE_WF_ROOT installer=` + installer + ` version=$VERSION wrapper=$WRAPPER" >> "$RECORD"
`
	if err := os.WriteFile(filepath.Join(dir, "action.yml"), []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// toolVersion is the version of the terraform or tofu on PATH.
func toolVersion(t *testing.T, bin string) string {
	t.Helper()
	out, err := exec.Command(bin, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version -json: %v (install %s on PATH; .ci/run does)", bin, err, bin)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil || v.Version == "" {
		t.Fatalf("%s version -json: %q: %v", bin, out, err)
	}
	return v.Version
}
