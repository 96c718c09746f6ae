package tf_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/internal/pgtest"
	"github.com/repave-dev/repave/pkg/tf"
)

// lockedLog is a log that a running command and the test read safely.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func applyError(t *testing.T, err error) *tf.ApplyError {
	t.Helper()
	var ae *tf.ApplyError
	if !errors.As(err, &ae) {
		t.Fatalf("want an *tf.ApplyError, got %T %v", err, err)
	}
	var de *tf.DiagnosticsError
	if !errors.As(err, &de) {
		t.Errorf("an ApplyError must still carry Terraform's diagnostics: %v", err)
	}
	return ae
}

func TestApplyErrorSaysWhetherAnythingChanged(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("applies with real terraform and PostgreSQL")
	}
	ctx := context.Background()
	t.Run("a provisioner failing after another resource was created", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`
resource "terraform_data" "ok" { input = 1 }
resource "terraform_data" "migration" {
  input = 2
  provisioner "local-exec" { command = "exit 3" }
}
`), 0o644)
		r, _ := newRunner(t, dir, tf.Options{})
		if err := r.Init(ctx); err != nil {
			t.Fatal(err)
		}
		plan := filepath.Join(t.TempDir(), "p")
		if _, err := r.Plan(ctx, plan); err != nil {
			t.Fatal(err)
		}
		ae := applyError(t, r.Apply(ctx, plan))
		if !ae.Changed() || !strings.Contains(strings.Join(ae.Started, " "), "terraform_data.migration") || ae.Cancelled {
			t.Errorf("started = %v, cancelled = %v; want the failed resource among the started ones", ae.Started, ae.Cancelled)
		}
	})

	t.Run("a saved plan made stale by another apply", func(t *testing.T) {
		t.Parallel()
		conn := pgtest.Start(t) // a state of its own: the cases run side by side
		a := pgRoot(t, conn, "img-a", 0, 30*time.Second)
		b := pgRoot(t, conn, "img-b", 0, 30*time.Second)
		pa, pb := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
		if _, err := a.Plan(ctx, pa); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Plan(ctx, pb); err != nil {
			t.Fatal(err)
		}
		if err := a.Apply(ctx, pa); err != nil {
			t.Fatal(err)
		}
		err := b.Apply(ctx, pb)
		ae := applyError(t, err)
		if ae.Changed() || !strings.Contains(err.Error(), "Saved plan is stale") {
			t.Errorf("a stale plan changes nothing: started %v, error %v", ae.Started, err)
		}
	})
	t.Run("the state lock held past the lock timeout", func(t *testing.T) {
		t.Parallel()
		conn := pgtest.Start(t)
		waiter := pgRoot(t, conn, "img-c", 0, time.Second)
		pw := filepath.Join(t.TempDir(), "w")
		if _, err := waiter.Plan(ctx, pw); err != nil {
			t.Fatal(err)
		}
		holder, holding := pgHolder(t, conn, "img-d", 5, 30*time.Second)
		ph := filepath.Join(t.TempDir(), "h")
		if _, err := holder.Plan(ctx, ph); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- holder.Apply(ctx, ph) }()
		holding()
		err := waiter.Apply(ctx, pw)
		ae := applyError(t, err)
		if ae.Changed() || ae.LockHolder() == nil {
			t.Errorf("a lock timeout changes nothing: started %v, error %v", ae.Started, err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}

func TestCancelledApplyInterruptsTerraformAndReleasesTheLock(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs a real terraform apply and cancels it")
	}
	conn := pgtest.Start(t)
	var log lockedLog
	r, err := tf.New(tf.Options{
		Dir: fixture.Root(t, "roots/pglocked"), Log: &log, Settings: tf.Settings{
			BackendConfig: []string{"conn_str=" + conn},
			Vars:          []tf.Var{{Name: "image_id", Value: "img-1"}, {Name: "hold_seconds", Value: "60"}},
			LockTimeout:   30 * time.Second,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := r.Init(ctx); err != nil {
		t.Fatal(err)
	}
	plan := filepath.Join(t.TempDir(), "p")
	if _, err := r.Plan(ctx, plan); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.Apply(ctx, plan) }()
	waitFor(t, &log, "Provisioning with 'local-exec'")
	cancel()
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("terraform did not stop within 30s of the interrupt")
	}
	ae := applyError(t, err)
	if !ae.Cancelled || !ae.Changed() {
		t.Errorf("cancelled = %v, started = %v", ae.Cancelled, ae.Started)
	}
	if !strings.Contains(log.String(), "Interrupt received") {
		t.Errorf("terraform should have been interrupted (SIGINT), not killed:\n%s", log.String())
	}
	// No lock is left: another run takes it at once.
	next := pgRoot(t, conn, "img-2", 0, time.Second)
	if _, err := next.Plan(context.Background(), filepath.Join(t.TempDir(), "q")); err != nil {
		t.Fatalf("the state lock was left behind: %v", err)
	}
}

func waitFor(t *testing.T, log *lockedLog, text string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(log.String(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("%q never appeared in the log:\n%s", text, log.String())
		}
		time.Sleep(50 * time.Millisecond) // polls the log, within the deadline
	}
}
