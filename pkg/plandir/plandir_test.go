package plandir_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/plandir"
)

func TestWriteThenOpen(t *testing.T) {
	t.Parallel()
	d, err := plandir.Create(filepath.Join(t.TempDir(), "p"))
	if err != nil {
		t.Fatal(err)
	}
	want := plandir.Result{Root: "infra/prod", Workspace: "default", Fingerprint: "abc", Changes: true, Counts: plandir.Counts{Add: 2}}
	if err := d.WriteResult(want); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile(plandir.PlanJSON, []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	_, got, err := plandir.Open(d.Path)
	if err != nil {
		t.Fatal(err)
	}
	want.Version = 1
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	entries, _ := os.ReadDir(d.Path)
	if len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestOpenErrorsSayWhatToDo(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		files map[string]string
		want  string
	}{
		"empty":      {nil, "has no result.json: pass the plan-dir output of plan-infra"},
		"bad json":   {map[string]string{"result.json": "{"}, "not valid JSON"},
		"old format": {map[string]string{"result.json": `{"root":"a"}`}, "not written by this version"},
		"no plan":    {map[string]string{"result.json": `{"version":1,"root":"a","fingerprint":"f"}`}, "has no plan.json"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for f, body := range c.files {
				os.WriteFile(filepath.Join(dir, f), []byte(body), 0o600)
			}
			_, _, err := plandir.Open(dir)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error = %v, want it to contain %q", err, c.want)
			}
		})
	}
}
