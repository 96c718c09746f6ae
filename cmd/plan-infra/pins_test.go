package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The matrix says which tool and version each root asks for, and lists a
// root the change deletes, so its state is planned for destruction.
func TestDiscoverPinsToolVersionsAndFindsDeletedRoots(t *testing.T) {
	work := t.TempDir()
	write(t, work, map[string]string{
		"infra/tofu/main.tf":              `resource "terraform_data" "a" {}`,
		"infra/tofu/.opentofu-version":    "1.10.7\n",
		"infra/pinned/main.tf":            "terraform {\n  required_version = \"~> 1.9\"\n}\n",
		"infra/latest/main.tf":            `resource "terraform_data" "c" {}`,
		"infra/latest/.terraform-version": "latest\n",
		"infra/old/main.tf":               "terraform {\n  required_version = \">= 1.5.0\"\n}\nresource \"terraform_data\" \"d\" {}\n",
		"infra/old/enc.tofu":              "",
		"infra/kept/main.tf":              `resource "terraform_data" "e" {}`,
	})
	git(t, work, "init", "-q")
	git(t, work, "add", "-A")
	git(t, work, "commit", "-q", "-m", "base")
	base := git(t, work, "rev-parse", "HEAD")
	write(t, work, map[string]string{
		"infra/tofu/main.tf":   `resource "terraform_data" "a2" {}`,
		"infra/pinned/main.tf": "terraform {\n  required_version = \"~> 1.9\"\n}\nresource \"terraform_data\" \"b\" {}\n",
		"infra/latest/main.tf": `resource "terraform_data" "c2" {}`,
	})
	if err := os.RemoveAll(filepath.Join(work, "infra", "old")); err != nil {
		t.Fatal(err)
	}
	git(t, work, "add", "-A")
	git(t, work, "commit", "-q", "-m", "retire infra/old")

	r := runIn(t, work, map[string]string{"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": prEvent(t, base)},
		map[string]string{"discover": "true", "roots": "infra/**"})
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	var m struct {
		Include []map[string]any `json:"include"`
	}
	if err := json.Unmarshal([]byte(r.Outputs["matrix"]), &m); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, j := range m.Include {
		got[j["root"].(string)] = strings.TrimSpace(str(j["tool"]) + " " + str(j["tool-version"]) + " " + str(j["deleted"]))
	}
	want := map[string]string{
		"infra/tofu":   "tofu 1.10.7",
		"infra/pinned": "terraform >=1.9.0 <2.0.0", // the constraint, as setup-terraform reads ranges
		"infra/latest": "terraform latest",
		"infra/old":    "tofu >=1.5.0 true", // read from the base commit: it had .tofu files
	}
	if len(got) != len(want) {
		t.Errorf("matrix = %s", r.Outputs["matrix"])
	}
	for root, w := range want {
		if got[root] != w {
			t.Errorf("%s: got %q, want %q (matrix %s)", root, got[root], w, r.Outputs["matrix"])
		}
	}
	if r.Outputs["roots"] != "4" || !strings.Contains(r.Log, "Root infra/old is deleted by this change: its plan destroys every resource in its state") {
		t.Errorf("roots = %q; the log should warn about the deleted root:\n%s", r.Outputs["roots"], r.Log)
	}

	// The tool input overrides what the files say.
	r = runIn(t, work, map[string]string{"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": prEvent(t, base)},
		map[string]string{"discover": "true", "roots": "infra/tofu", "tool": "terraform"})
	if !strings.Contains(r.Outputs["matrix"], `{"root":"infra/tofu","tool":"terraform"}`) {
		t.Errorf("tool: terraform should win over .opentofu-version: %s\n%s", r.Outputs["matrix"], r.Log)
	}
}

func TestDiscoverRefusesAnUnusableVersionFile(t *testing.T) {
	work := t.TempDir()
	write(t, work, map[string]string{"infra/a/main.tf": `resource "terraform_data" "a" {}`, "infra/a/.terraform-version": "~> 1.5\n"})
	r := runIn(t, work, map[string]string{"GITHUB_EVENT_NAME": "workflow_dispatch"}, map[string]string{"discover": "true"})
	if !r.OneError(`root infra/a: .terraform-version: "~> 1.5" is not a version`) {
		t.Errorf("exit %d, want one error naming the root and the file:\n%s", r.Code, r.Log)
	}
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		if v {
			return "true"
		}
	}
	return ""
}
