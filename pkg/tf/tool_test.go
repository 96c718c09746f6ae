package tf_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/tf"
)

func TestParseTool(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want tf.Tool
		err  bool
	}{
		{"", "", false}, {"terraform", tf.Terraform, false}, {" Tofu ", tf.OpenTofu, false},
		{"opentofu", tf.OpenTofu, false}, {"terragrunt", "", true}, {"tf", "", true},
	} {
		got, err := tf.ParseTool(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseTool(%q) = %q, %v; want %q (error %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestDetectToolFromTheRootsFiles(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		files []string
		want  tf.Tool
	}{
		{[]string{"main.tf"}, tf.Terraform},
		{[]string{"main.tf", ".terraform-version"}, tf.Terraform},
		{[]string{"main.tf", ".opentofu-version"}, tf.OpenTofu},
		{[]string{"main.tf", "encryption.tofu"}, tf.OpenTofu},
		{[]string{"main.tofu.json"}, tf.OpenTofu},
		{[]string{"main.tf", "notes.tofu.md"}, tf.Terraform},
	} {
		dir := t.TempDir()
		for _, f := range tt.files {
			if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got := tf.DetectTool(dir); got != tt.want {
			t.Errorf("DetectTool(%v) = %s, want %s", tt.files, got, tt.want)
		}
	}
}

// Serial: PATH is emptied with t.Setenv.
func TestMissingToolIsNamedWithItsSetupAction(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PATH", t.TempDir())
	for tool, want := range map[tf.Tool]string{
		tf.Terraform: "terraform (Terraform) was not found on PATH: add a step `uses: hashicorp/setup-terraform@v3`",
		tf.OpenTofu:  "tofu (OpenTofu) was not found on PATH: add a step `uses: opentofu/setup-opentofu@v1`",
	} {
		_, err := tf.New(tf.Options{Dir: dir, Settings: tf.Settings{Tool: tool}})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error = %v, want it to contain %q", tool, err, want)
		}
	}
	// The root's files choose the tool when the input does not.
	if err := os.WriteFile(filepath.Join(dir, ".opentofu-version"), []byte("1.10.7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := tf.New(tf.Options{Dir: dir}); err == nil || !strings.Contains(err.Error(), "tofu (OpenTofu) was not found") {
		t.Errorf("a root with .opentofu-version: error = %v", err)
	}
}

// Each tool plans and applies a root, and its errors name it.
func TestPlanAndApplyWithEachTool(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tool := range fixture.Tools(t) {
		t.Run(string(tool), func(t *testing.T) {
			t.Parallel()
			dir := fixture.Root(t, "roots/web")
			r, _ := newRunner(t, dir, tf.Options{Settings: tf.Settings{Tool: tool, Vars: []tf.Var{{Name: "image_id", Value: "img-1"}}}})
			if r.Tool() != tool {
				t.Fatalf("Tool() = %s", r.Tool())
			}
			if err := r.Init(ctx); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "plan.tfplan")
			if changes, err := r.Plan(ctx, out); err != nil || !changes {
				t.Fatalf("plan: %v, %v", changes, err)
			}
			p, err := r.ShowPlan(ctx, out)
			if err != nil || p.TerraformVersion == "" {
				t.Fatalf("show: %v (version %q)", err, p.TerraformVersion)
			}
			if err := r.Apply(ctx, out); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "broken.tf"), []byte("resource \"terraform_data\" \"x\" {\n  nope = 1\n}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = r.Plan(ctx, out)
			if err == nil || !strings.HasPrefix(err.Error(), tool.Binary()+" plan in ") {
				t.Errorf("error should name %s: %v", tool.Binary(), err)
			}
		})
	}
}
