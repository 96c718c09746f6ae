package health

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// endpoint answers with the status the test sets, like a service behind a
// load balancer that a test flips between healthy and unhealthy.
type endpoint struct {
	*httptest.Server
	status atomic.Int32
}

func newEndpoint(t *testing.T, status int) *endpoint {
	e := &endpoint{}
	e.status.Store(int32(status))
	e.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(int(e.status.Load()))
	}))
	t.Cleanup(e.Close)
	return e
}

func fast(min, deadline time.Duration) Options {
	return Options{MinHealthy: min, Deadline: deadline, Interval: 10 * time.Millisecond, Timeout: time.Second}
}

func TestHealthyWhenEveryURLHoldsForMinTime(t *testing.T) {
	t.Parallel()
	a, b := newEndpoint(t, 200), newEndpoint(t, 204)
	start := time.Now()
	if err := Check(context.Background(), []string{a.URL, b.URL}, fast(100*time.Millisecond, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 100*time.Millisecond {
		t.Errorf("returned after %s, before min-healthy-time", took)
	}
}

// The endpoint flaps on the checker's own requests (its fourth answer is a
// 502), not on a timer the checker might not poll in time.
func TestFlappingResetsTheHealthyStreak(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	var flapped atomic.Int64 // when the 502 was answered, in Unix nanoseconds
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 4 {
			flapped.Store(time.Now().UnixNano())
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	if err := Check(context.Background(), []string{srv.URL}, fast(150*time.Millisecond, 5*time.Second)); err != nil {
		t.Fatal(err)
	}
	if flapped.Load() == 0 {
		t.Fatalf("healthy after %d checks, before the streak was 150ms long", n.Load())
	}
	if since := time.Since(time.Unix(0, flapped.Load())); since < 150*time.Millisecond {
		t.Errorf("healthy %s after the 502: it should have restarted the 150ms streak", since)
	}
}

func TestFailureNamesTheURLAndLastAnswer(t *testing.T) {
	t.Parallel()
	good, bad := newEndpoint(t, 200), newEndpoint(t, 503)
	err := Check(context.Background(), []string{good.URL, bad.URL}, fast(50*time.Millisecond, 300*time.Millisecond))
	var f *Failure
	if !errors.As(err, &f) || f.URL != bad.URL || f.Last != "503 Service Unavailable" || f.Checks < 2 {
		t.Fatalf("got %#v (%v)", f, err)
	}
	if !strings.Contains(err.Error(), bad.URL) || !strings.Contains(err.Error(), "503") {
		t.Errorf("error should name the URL and status: %v", err)
	}
}

func TestUnreachableURLIsAFailureWithTheError(t *testing.T) {
	t.Parallel()
	e := newEndpoint(t, 200)
	url := e.URL
	e.Close()
	err := Check(context.Background(), []string{url}, fast(10*time.Millisecond, 200*time.Millisecond))
	var f *Failure
	if !errors.As(err, &f) || !strings.Contains(f.Last, "connection refused") {
		t.Fatalf("want a failure saying connection refused, got %v", err)
	}
}
