package tf_test

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/tf"
)

func newRunner(t *testing.T, dir string, o tf.Options) (*tf.Runner, *bytes.Buffer) {
	t.Helper()
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Fatal("terraform is not on PATH; .ci/run installs it")
	}
	var log bytes.Buffer
	o.Dir, o.Log = dir, &log
	if o.LockTimeout == 0 {
		o.LockTimeout = 30 * time.Second
	}
	r, err := tf.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return r, &log
}

func TestPlanCreateInNewWorkspace(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := fixture.Root(t, "roots/web")
	r, log := newRunner(t, dir, tf.Options{Settings: tf.Settings{
		Workspace: "staging",
		Vars:      []tf.Var{{Name: "image_id", Value: "img-1"}, {Name: "instance_count", Value: "3"}},
	}})
	if err := r.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if err := r.SelectWorkspace(ctx); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "plan.tfplan")
	changes, err := r.Plan(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	if !changes {
		t.Fatal("a root with no state should plan changes")
	}
	p, err := r.ShowPlan(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	var creates []string
	for _, rc := range p.ResourceChanges {
		if rc.Change.Actions.Create() {
			creates = append(creates, rc.Address)
		}
	}
	want := "terraform_data.db terraform_data.web[0] terraform_data.web[1] terraform_data.web[2]"
	if got := strings.Join(creates, " "); got != want {
		t.Errorf("created = %q, want %q", got, want)
	}
	if !strings.Contains(log.String(), "Plan: 4 to add") {
		t.Errorf("the log should show Terraform's progress, got:\n%s", log)
	}
	if strings.Contains(log.String(), `"format_version"`) || strings.Contains(log.String(), "* default") {
		t.Errorf("output of later commands (show -json, workspace list) leaked into the progress log:\n%s", log)
	}
	if strings.Contains(log.String(), "not-a-real-password") {
		t.Error("the log shows a sensitive variable's value")
	}
	ws, _ := exec.Command("terraform", "-chdir="+dir, "workspace", "show").Output()
	if strings.TrimSpace(string(ws)) != "staging" {
		t.Errorf("workspace = %q, want staging", ws)
	}
	// Selecting again is a no-op, not an error.
	if err := r.SelectWorkspace(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestPlanNoChangesAfterApply(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := fixture.Root(t, "roots/web")
	r, _ := newRunner(t, dir, tf.Options{Settings: tf.Settings{Vars: []tf.Var{{Name: "image_id", Value: "img-1"}}}})
	if err := r.Init(ctx); err != nil {
		t.Fatal(err)
	}
	apply := exec.Command("terraform", "-chdir="+dir, "apply", "-auto-approve", "-input=false", "-var", "image_id=img-1")
	if out, err := apply.CombinedOutput(); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	changes, err := r.Plan(ctx, filepath.Join(t.TempDir(), "p"))
	if err != nil {
		t.Fatal(err)
	}
	if changes {
		t.Error("re-planning an applied root should report no changes")
	}
}

func TestPlanErrorHasDiagnosticsWithFileAndLine(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r, _ := newRunner(t, fixture.Root(t, "roots/broken"), tf.Options{})
	err := r.Init(ctx)
	if err == nil {
		_, err = r.Plan(ctx, filepath.Join(t.TempDir(), "p"))
	}
	var de *tf.DiagnosticsError
	if !errors.As(err, &de) {
		t.Fatalf("want *tf.DiagnosticsError, got %T: %v", err, err)
	}
	if len(de.Diagnostics) == 0 {
		t.Fatal("no diagnostics")
	}
	d := de.Diagnostics[0]
	if d.Range == nil || d.Range.Filename != "main.tf" || d.Range.Start.Line != 6 {
		t.Errorf("diagnostic range = %+v, want main.tf line 6", d.Range)
	}
	if !strings.Contains(err.Error(), "undeclared_image") || !strings.Contains(err.Error(), "main.tf line 6") {
		t.Errorf("error should name the problem and where: %v", err)
	}
}

func TestNewExplainsMissingDirectory(t *testing.T) {
	t.Parallel()
	_, err := tf.New(tf.Options{Dir: filepath.Join(t.TempDir(), "nope")})
	if err == nil || !strings.Contains(err.Error(), "working-directory") {
		t.Fatalf("want an error naming working-directory, got %v", err)
	}
}
