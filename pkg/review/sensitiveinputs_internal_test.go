package review

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/repave-dev/repave/pkg/tf"
)

// A root the change deletes is planned from its configuration at the base
// commit (ConfigDir), while Root, its name, no longer exists: the values of
// its sensitive variables must still be found, or a failing destroy plan
// prints them unmasked.
func TestSensitiveInputsOfADeletedRootComeFromItsConfiguration(t *testing.T) {
	t.Parallel()
	config := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(config, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("main.tf", `variable "db_password" {
  type      = string
  sensitive = true
}
variable "region" { type = string }
`)
	write("prod.tfvars", `db_password = "from-the-var-file"`+"\n")
	req := PlanRequest{
		Root:      "infra/deleted-by-this-change",
		ConfigDir: config,
		Destroy:   true,
		Settings: tf.Settings{
			Vars:     []tf.Var{{Name: "db_password", Value: "from-vars"}, {Name: "region", Value: "eu-west-1"}},
			VarFiles: []string{"prod.tfvars"},
		},
	}
	got := sensitiveInputs(req)
	for _, want := range []string{"from-vars", "from-the-var-file"} {
		if !slices.Contains(got, any(want)) {
			t.Errorf("sensitive inputs %v miss %q: a failing destroy plan of a deleted root would print it", got, want)
		}
	}
	if slices.Contains(got, any("eu-west-1")) {
		t.Errorf("sensitive inputs %v hold a variable not declared sensitive", got)
	}
}
