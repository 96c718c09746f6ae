package tf_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/internal/pgtest"
	"github.com/repave-dev/repave/pkg/tf"
)

// pgRoot returns a runner on a copy of the pg-backed root, sharing conn's state.
func pgRoot(t *testing.T, conn, image string, hold int, lock time.Duration, vars ...tf.Var) *tf.Runner {
	t.Helper()
	r, _ := newRunner(t, fixture.Root(t, "roots/pglocked"), tf.Options{Settings: tf.Settings{
		BackendConfig: []string{"conn_str=" + conn},
		Vars:          append([]tf.Var{{Name: "image_id", Value: image}, {Name: "hold_seconds", Value: itoa(hold)}}, vars...),
		LockTimeout:   lock,
	}})
	if err := r.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	return r
}

func itoa(n int) string { return strconv.Itoa(n) }

// pgHolder is pgRoot whose apply touches a file once its provisioners run,
// that is once it holds the state lock; holding waits for that file.
func pgHolder(t *testing.T, conn, image string, hold int, lock time.Duration) (r *tf.Runner, holding func()) {
	t.Helper()
	marker := filepath.Join(t.TempDir(), "holding")
	r = pgRoot(t, conn, image, hold, lock, tf.Var{Name: "started_file", Value: marker})
	return r, func() {
		t.Helper()
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
			if _, err := os.Stat(marker); err == nil {
				return
			}
			if time.Now().After(deadline) {
				t.Fatal("the holder's apply never reached its provisioners (it should hold the state lock)")
			}
		}
	}
}

func TestLockHeldPastTimeoutNamesTheHolder(t *testing.T) {
	t.Parallel()
	conn := pgtest.Start(t)
	ctx := context.Background()
	holder, holding := pgHolder(t, conn, "img-1", 6, 30*time.Second)
	plan := filepath.Join(t.TempDir(), "p")
	if _, err := holder.Plan(ctx, plan); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- holder.Apply(ctx, plan) }()
	holding() // the apply now holds the lock while its provisioners sleep

	waiter := pgRoot(t, conn, "img-2", 0, time.Second)
	_, err := waiter.Plan(ctx, filepath.Join(t.TempDir(), "q"))
	var de *tf.DiagnosticsError
	if !errors.As(err, &de) || de.LockHolder() == nil {
		t.Fatalf("want a lock error with the holder's lock info, got %v", err)
	}
	info := de.LockHolder()
	if info["ID"] == "" || !strings.HasPrefix(info["Operation"], "OperationType") || info["Who"] == "" || info["Path"] != "" {
		t.Errorf("lock info = %v", info)
	}
	if !strings.Contains(err.Error(), "The state is locked by "+info["Who"]) || !strings.Contains(err.Error(), "force-unlock "+info["ID"]) {
		t.Errorf("the error should name the holder and how to unlock:\n%v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the holder's apply: %v", err)
	}
}

func TestConcurrentAppliesSerializeAndStateStaysValid(t *testing.T) {
	t.Parallel()
	conn := pgtest.Start(t)
	ctx := context.Background()
	a := pgRoot(t, conn, "img-a", 2, 60*time.Second)
	b := pgRoot(t, conn, "img-b", 2, 60*time.Second)
	pa, pb := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, x := range []struct {
		r *tf.Runner
		p string
	}{{a, pa}, {b, pb}} {
		if _, err := x.r.Plan(ctx, x.p); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, x := range []struct {
		r *tf.Runner
		p string
	}{{a, pa}, {b, pb}} {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = x.r.Apply(ctx, x.p) }()
	}
	wg.Wait()
	// Both plans were made against the empty state: the second to get the
	// lock finds its saved plan stale and applies nothing.
	failed := 0
	for _, err := range errs {
		if err != nil {
			failed++
			if !strings.Contains(err.Error(), "Saved plan is stale") {
				t.Errorf("the loser should fail cleanly on a stale plan, got %v", err)
			}
		}
	}
	if failed != 1 {
		t.Fatalf("want exactly one apply to win, errors: %v", errs)
	}
	out, err := exec.Command("terraform", "-chdir="+a.Dir(), "show", "-json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Values struct{ Input struct{ Image string } } `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(out, &state); err != nil {
		t.Fatalf("state is not valid JSON: %v", err)
	}
	res := state.Values.RootModule.Resources
	if len(res) != 2 || res[0].Values.Input.Image != res[1].Values.Input.Image {
		t.Errorf("the state should hold the 2 instances of one winner, got %+v", res)
	}
}
