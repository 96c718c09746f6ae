// Package actions_test checks the composite actions' contract: inputs reach
// the binaries only through env:, never through ${{ }} inside run: (script
// injection), and every input, env mapping and output lines up.
package actions_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type actionFile struct {
	Name   string `yaml:"name"`
	Inputs map[string]struct {
		Description string  `yaml:"description"`
		Required    bool    `yaml:"required"`
		Default     *string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
		Value       string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			ID    string            `yaml:"id"`
			Shell string            `yaml:"shell"`
			Run   string            `yaml:"run"`
			Uses  string            `yaml:"uses"`
			Env   map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

func actionFiles(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("*/action.yml")
	files = append(files, "../action.yml")
	if len(files) < 3 {
		t.Fatalf("found only %v", files)
	}
	return files
}

func envName(input string) string {
	return "INPUT_" + strings.ToUpper(strings.NewReplacer("-", "_", " ", "_").Replace(input))
}

var inputRef = regexp.MustCompile(`^\$\{\{ inputs\.([a-z0-9-]+) \}\}$`)

func TestCompositeActionsPassInputsOnlyThroughEnv(t *testing.T) {
	t.Parallel()
	for _, f := range actionFiles(t) {
		t.Run(f, func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var a actionFile
			if err := yaml.Unmarshal(b, &a); err != nil {
				t.Fatalf("%s is not valid YAML: %v", f, err)
			}
			if a.Runs.Using != "composite" {
				t.Fatalf("runs.using = %q, want composite", a.Runs.Using)
			}
			mapped := map[string]bool{}
			for i, s := range a.Runs.Steps {
				if strings.Contains(s.Run, "${{") {
					t.Errorf("step %d: run: contains ${{ }}; pass values through env: instead (script injection)", i)
				}
				for k, v := range s.Env {
					m := inputRef.FindStringSubmatch(v)
					if m == nil {
						continue
					}
					if _, ok := a.Inputs[m[1]]; !ok {
						t.Errorf("env %s refers to undeclared input %q", k, m[1])
					}
					if k != envName(m[1]) {
						t.Errorf("env %s carries input %q; name it %s", k, m[1], envName(m[1]))
					}
					mapped[m[1]] = true
				}
			}
			for name, in := range a.Inputs {
				if !mapped[name] {
					t.Errorf("input %q never reaches the binary: map it in env: as %s", name, envName(name))
				}
				if strings.TrimSpace(in.Description) == "" {
					t.Errorf("input %q has no description", name)
				}
				if !in.Required && in.Default == nil {
					t.Errorf("optional input %q has no default", name)
				}
			}
			for name, out := range a.Outputs {
				if out.Description == "" || !strings.Contains(out.Value, "steps.run.outputs."+name) {
					t.Errorf("output %q must have a description and the value ${{ steps.run.outputs.%s }}", name, name)
				}
			}
		})
	}
}

// TestRunScriptRejectsUnknownCommands runs the bootstrap for a command that is
// not built yet and for a typo: each gets one clear ::error line.
func TestRunScriptRejectsUnknownCommands(t *testing.T) {
	t.Parallel()
	for cmd, want := range map[string]string{
		"audit-check": "::error title=Not implemented yet::repave audit-check is not implemented yet",
		"plan-infar":  "::error title=Invalid input::input \"command\": \"plan-infar\" is not a repave command",
	} {
		out, err := runScript(t, cmd)
		if err == nil {
			t.Errorf("%s: want exit 1", cmd)
		}
		if !strings.HasPrefix(out, want) || strings.Count(out, "::error") != 1 {
			t.Errorf("%s: output %q, want one line starting %q", cmd, out, want)
		}
	}
}

// TestRootActionOffersEveryInputAndOutput keeps the root action (command:
// dispatch) in step with the five actions: every input and output of each is
// also the root's.
func TestRootActionOffersEveryInputAndOutput(t *testing.T) {
	t.Parallel()
	load := func(path string) actionFile {
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
	root := load("../action.yml")
	for _, name := range order {
		a := load(filepath.Join(name, "action.yml"))
		for in := range a.Inputs {
			if _, ok := root.Inputs[in]; !ok {
				t.Errorf("the root action.yml lacks %s's input %q", name, in)
			}
		}
		for out := range a.Outputs {
			if _, ok := root.Outputs[out]; !ok {
				t.Errorf("the root action.yml lacks %s's output %q", name, out)
			}
		}
	}
}
