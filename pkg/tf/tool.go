package tf

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Tool is the engine that runs a root: Terraform or OpenTofu. Both speak the
// same CLI and JSON formats, so the rest of repave only needs its name.
type Tool string

const (
	Terraform Tool = "terraform"
	OpenTofu  Tool = "tofu"
)

// Tools are the accepted values of the `tool` input.
var Tools = []string{string(Terraform), string(OpenTofu)}

// ParseTool reads a `tool` value ("terraform" or "tofu", also "opentofu");
// "" is the zero Tool: decided from the root's files (DetectTool).
func ParseTool(s string) (Tool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", nil
	case "terraform":
		return Terraform, nil
	case "tofu", "opentofu":
		return OpenTofu, nil
	}
	return "", fmt.Errorf("tool %q is not terraform or tofu", s)
}

// Binary is the executable's name on PATH; the zero Tool is terraform.
func (t Tool) Binary() string {
	if t == OpenTofu {
		return "tofu"
	}
	return "terraform"
}

// Name is the product name for people: "Terraform" or "OpenTofu".
func (t Tool) Name() string {
	if t == OpenTofu {
		return "OpenTofu"
	}
	return "Terraform"
}

// String is the Binary name.
func (t Tool) String() string { return t.Binary() }

// setupStep is the workflow step that installs the tool.
func (t Tool) setupStep() string {
	if t == OpenTofu {
		return "`uses: opentofu/setup-opentofu@v1` (with `tofu_wrapper: false`)"
	}
	return "`uses: hashicorp/setup-terraform@v3` (with `terraform_wrapper: false`)"
}

// LookPath finds the tool's binary on PATH, with an error that names the
// tool and the step that installs it.
func LookPath(t Tool) (string, error) {
	p, err := exec.LookPath(t.Binary())
	if err != nil {
		return "", fmt.Errorf("%s (%s) was not found on PATH: add a step %s before this one, or set the `tool` input to the engine this root uses",
			t.Binary(), t.Name(), t.setupStep())
	}
	return p, nil
}

// DetectTool is the tool a root asks for by its files: OpenTofu when it has
// an .opentofu-version file or any *.tofu file (files only OpenTofu reads),
// else Terraform.
func DetectTool(dir string) Tool {
	if _, err := os.Stat(filepath.Join(dir, ".opentofu-version")); err == nil {
		return OpenTofu
	}
	for _, pat := range []string{"*.tofu", "*.tofu.json"} {
		if m, _ := filepath.Glob(filepath.Join(dir, pat)); len(m) > 0 {
			return OpenTofu
		}
	}
	return Terraform
}
