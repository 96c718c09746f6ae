package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestLocalLoopRuns runs the README's first command's steps as written, from
// the repository root, and checks the loop ended with the reviewed plan
// applied and the PR comment saying so. Its world lives in a temporary
// directory: the checkout's .repave/local is a person's, left alone.
//
// Serial: it runs from the repository root (t.Chdir) and silences os.Stdout.
func TestLocalLoopRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole loop with the real terraform and packer (tens of seconds)")
	}
	_, file, _, _ := runtime.Caller(0)
	t.Chdir(filepath.Join(filepath.Dir(file), "..", ".."))
	ctx := context.Background()
	l, err := newLoop(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer l.close()
	stdout := os.Stdout
	devnull, _ := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	os.Stdout = devnull // the steps print for a person; the test reads the world
	defer func() { os.Stdout = stdout }()
	for i, s := range steps {
		if err := s.run(ctx, l); err != nil {
			t.Fatalf("step %d (%s): %v", i+1, s.title, err)
		}
	}
	if body := l.sticky(); !strings.Contains(body, "**Applied** to `production`") || !strings.Contains(body, "3 to replace") {
		t.Errorf("the PR comment should show 3 replacements and be marked applied:\n%.800s", body)
	}
	// The promotion went all the way: planned, applied, recorded, and the
	// next audit was clean (applyPromotion and auditClean check the world
	// and fail their step otherwise).
	if l.promotion == nil || !strings.Contains(l.comment(l.promotion.number), "**Applied** to `production`") {
		t.Errorf("the promotion PR's comment should be marked applied:\n%.800s", l.comment(l.promotion.number))
	}
	recorded := false
	for _, d := range l.gh.Deployments(owner, name) {
		recorded = recorded || d.Payload["root"] == root && d.SHA == l.promotion.merged && d.State() == "success"
	}
	if !recorded {
		t.Errorf("the promotion's merge %.12s should be the successful deployment of infra/web: %+v", l.promotion.merged, l.gh.Deployments(owner, name))
	}
	deps := l.gh.Deployments(owner, name)
	if len(deps) < 2 || deps[len(deps)-1].State() != "success" {
		t.Errorf("deployments = %+v", deps)
	}
}
