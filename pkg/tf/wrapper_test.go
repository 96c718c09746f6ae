package tf_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/tf"
)

// TestNewRefusesSetupTerraformWrapper: with setup-terraform's `terraform_wrapper` on,
// `terraform` is its Node.js script and the real binary is terraform-bin beside it; the
// run stops before any command with what to change, not with a JSON decode error later.
func TestNewRefusesSetupTerraformWrapper(t *testing.T) {
	t.Parallel()
	real, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("terraform is not on PATH; .ci/run installs it")
	}
	script := "#!/usr/bin/env node\n// hashicorp/setup-terraform wrapper\nrequire('./wrapper');\n"
	for name, layout := range map[string]func(dir string) string{
		"script beside terraform-bin": func(dir string) string {
			write(t, filepath.Join(dir, "terraform"), script)
			if err := os.Symlink(real, filepath.Join(dir, "terraform-bin")); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(dir, "terraform")
		},
		"script linked from PATH": func(dir string) string {
			tool := filepath.Join(dir, "tool")
			if err := os.Mkdir(tool, 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(tool, "terraform"), script)
			link := filepath.Join(dir, "terraform")
			if err := os.Symlink(filepath.Join(tool, "terraform"), link); err != nil {
				t.Fatal(err)
			}
			return link
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := tf.New(tf.Options{Dir: t.TempDir(), Settings: tf.Settings{ExecPath: layout(t.TempDir())}})
			if err == nil || !strings.Contains(err.Error(), "set `terraform_wrapper: false` on hashicorp/setup-terraform") {
				t.Fatalf("New = %v, want the wrapper named and how to turn it off", err)
			}
		})
	}
	if _, err := tf.New(tf.Options{Dir: t.TempDir(), Settings: tf.Settings{ExecPath: real}}); err != nil {
		t.Fatalf("the real terraform is refused: %v", err)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o755); err != nil {
		t.Fatal(err)
	}
}
