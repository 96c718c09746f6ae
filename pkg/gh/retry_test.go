package gh_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

const commentsPath = "/repos/acme/infra/issues/1/comments"

func TestServerErrorsAreRetriedWithBackoff(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.FailNext(http.MethodGet, commentsPath, 2, ghtest.ServerError(http.StatusInternalServerError))
	c, sl := newClient(t, srv, actionsToken)
	_, match := marker("prod")

	if _, err := c.FindComment(context.Background(), owner, repo, 1, match); err != nil {
		t.Fatalf("FindComment: %v", err)
	}
	if n := srv.Count(http.MethodGet, commentsPath); n != 3 {
		t.Errorf("GET comments sent %d times, want 3 (two 500s, then success)", n)
	}
	if want := []time.Duration{time.Second, 2 * time.Second}; !equalWaits(sl.all(), want) {
		t.Errorf("waits = %v, want %v", sl.all(), want)
	}
}

func TestPostIsRetriedOn5xx(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.FailNext(http.MethodPost, commentsPath, 1, ghtest.ServerError(http.StatusBadGateway))
	c, _ := newClient(t, srv, actionsToken)
	_, match := marker("prod")

	if _, err := c.UpsertComment(context.Background(), owner, repo, 1, sticky("prod", "plan"), match); err != nil {
		t.Fatalf("UpsertComment: %v", err)
	}
	if n := len(srv.Comments(owner, repo, 1)); n != 1 {
		t.Errorf("%d comments, want 1", n)
	}
	if n := srv.Count(http.MethodPost, commentsPath); n != 2 {
		t.Errorf("POST sent %d times, want 2", n)
	}
}

func TestSecondaryRateLimitWaitsRetryAfter(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.FailNext(http.MethodPost, commentsPath, 1, ghtest.SecondaryRateLimit(7*time.Second))
	c, sl := newClient(t, srv, actionsToken)
	_, match := marker("prod")

	if _, err := c.UpsertComment(context.Background(), owner, repo, 1, sticky("prod", "plan"), match); err != nil {
		t.Fatalf("UpsertComment: %v", err)
	}
	if want := []time.Duration{7 * time.Second}; !equalWaits(sl.all(), want) {
		t.Errorf("waits = %v, want %v", sl.all(), want)
	}
	if n := len(srv.Comments(owner, repo, 1)); n != 1 {
		t.Errorf("%d comments, want 1", n)
	}
}

func TestSecondaryRateLimitWithoutRetryAfterWaitsAMinute(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.FailNext(http.MethodGet, commentsPath, 1, ghtest.SecondaryRateLimit(0))
	c, sl := newClient(t, srv, actionsToken)
	_, match := marker("prod")

	if _, err := c.FindComment(context.Background(), owner, repo, 1, match); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{time.Minute}; !equalWaits(sl.all(), want) {
		t.Errorf("waits = %v, want %v", sl.all(), want)
	}
}

func TestPrimaryRateLimitWaitsUntilReset(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	srv := newServer(t)
	srv.FailNext(http.MethodGet, commentsPath, 1, ghtest.PrimaryRateLimit(now.Add(42*time.Second)))
	c, sl := newClient(t, srv, actionsToken, func(o *gh.Options) { o.Now = func() time.Time { return now } })
	_, match := marker("prod")

	if _, err := c.FindComment(context.Background(), owner, repo, 1, match); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{42 * time.Second}; !equalWaits(sl.all(), want) {
		t.Errorf("waits = %v, want %v", sl.all(), want)
	}
}

func TestPrimaryRateLimitOnTheRealClock(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.FailNext(http.MethodGet, commentsPath, 1, ghtest.PrimaryRateLimit(time.Now().Add(30*time.Second)))
	c, sl := newClient(t, srv, actionsToken)
	_, match := marker("prod")

	if _, err := c.FindComment(context.Background(), owner, repo, 1, match); err != nil {
		t.Fatal(err)
	}
	w := sl.all()
	// The reset header has whole seconds: the wait is 29–30s from now.
	if len(w) != 1 || w[0] < 28*time.Second || w[0] > 30*time.Second {
		t.Errorf("waits = %v, want one of about 30s", w)
	}
}

// An answer that used up the primary limit (200 with X-RateLimit-Remaining: 0)
// makes the next request wait for the reset, instead of go-github refusing it
// locally.
func TestExhaustedLimitOnSuccessWaitsBeforeNextRequest(t *testing.T) {
	t.Parallel()
	// A real time: go-github compares the reset with its own clock.
	now := time.Now().Truncate(time.Second)
	srv := newServer(t)
	srv.FailNext(http.MethodGet, commentsPath, 1, ghtest.Fault{
		Status: http.StatusOK,
		Header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.FormatInt(now.Unix()+30, 10)},
		Body:   "[]",
	})
	c, sl := newClient(t, srv, actionsToken, func(o *gh.Options) { o.Now = func() time.Time { return now } })
	_, match := marker("prod")
	ctx := context.Background()

	if _, err := c.FindComment(ctx, owner, repo, 1, match); err != nil {
		t.Fatal(err)
	}
	if len(sl.all()) != 0 {
		t.Fatalf("waited %v before the limit was used up", sl.all())
	}
	if _, err := c.FindComment(ctx, owner, repo, 1, match); err != nil {
		t.Fatalf("second call: %v", err)
	}
	if want := []time.Duration{30 * time.Second}; !equalWaits(sl.all(), want) {
		t.Errorf("waits = %v, want %v", sl.all(), want)
	}
	if n := srv.Count(http.MethodGet, commentsPath); n != 2 {
		t.Errorf("GET comments sent %d times, want 2", n)
	}
}

func TestEndlessOutageStopsAtMaxWait(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.FailNext(http.MethodGet, commentsPath, 1000, ghtest.ServerError(http.StatusServiceUnavailable))
	c, sl := newClient(t, srv, actionsToken)
	_, match := marker("prod")

	_, err := c.FindComment(context.Background(), owner, repo, 1, match)
	if err == nil {
		t.Fatal("FindComment succeeded against an endless outage")
	}
	var re *gh.RetryError
	if !errors.As(err, &re) {
		t.Fatalf("error %v is not a *gh.RetryError", err)
	}
	if re.Status != http.StatusServiceUnavailable || re.RateLimited {
		t.Errorf("RetryError = %+v", re)
	}
	if sl.total() > gh.DefaultMaxWait || sl.total() != re.Waited {
		t.Errorf("waited %v in all, reported %v, bound %v", sl.total(), re.Waited, gh.DefaultMaxWait)
	}
	msg := err.Error()
	for _, want := range []string{"GET " + commentsPath, "503", "after waiting " + re.Waited.String()} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if n := srv.Count(http.MethodGet, commentsPath); n > 12 {
		t.Errorf("%d requests: backoff did not grow", n)
	}
}

func TestEndlessSecondaryRateLimitSaysSo(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.FailNext(http.MethodPost, commentsPath, 1000, ghtest.SecondaryRateLimit(0))
	c, _ := newClient(t, srv, actionsToken)
	_, match := marker("prod")

	_, err := c.UpsertComment(context.Background(), owner, repo, 1, sticky("prod", "x"), match)
	want := "GitHub API: POST " + commentsPath + " still rate limited after waiting 2m0s (secondary rate limit); " +
		"retry the job later or lower the number of parallel jobs"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %v\nwant it to contain %q", err, want)
	}
}

func TestPrimaryResetBeyondMaxWaitFailsAtOnce(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.FailNext(http.MethodGet, commentsPath, 1, ghtest.PrimaryRateLimit(time.Now().Add(time.Hour)))
	c, sl := newClient(t, srv, actionsToken)
	_, match := marker("prod")

	_, err := c.FindComment(context.Background(), owner, repo, 1, match)
	var re *gh.RetryError
	if !errors.As(err, &re) || !re.RateLimited || !strings.Contains(err.Error(), "primary rate limit") {
		t.Fatalf("error = %v, want a primary rate limit RetryError", err)
	}
	if len(sl.all()) != 0 {
		t.Errorf("waited %v for a reset an hour away", sl.all())
	}
}

// flaky fails the first n round trips with a connection error.
type flaky struct {
	n    atomic.Int32
	next http.RoundTripper
}

func (f *flaky) RoundTrip(r *http.Request) (*http.Response, error) {
	if f.n.Add(-1) >= 0 {
		return nil, errors.New("connection reset by peer")
	}
	return f.next.RoundTrip(r)
}

func TestConnectionErrorsRetryOnlyIdempotentMethods(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	_, match := marker("prod")
	ft := &flaky{next: srv.Client().Transport}
	c, sl := newClient(t, srv, actionsToken, func(o *gh.Options) { o.HTTPClient = &http.Client{Transport: ft} })

	ft.n.Store(2)
	if _, err := c.FindComment(context.Background(), owner, repo, 1, match); err != nil {
		t.Fatalf("GET after two connection errors: %v", err)
	}
	if len(sl.all()) != 2 {
		t.Errorf("waits = %v, want two", sl.all())
	}

	// The listing succeeds, then the POST loses its connection: it may have
	// been accepted, so it is not sent again.
	ft.n.Store(0)
	c2, _ := newClient(t, srv, actionsToken, func(o *gh.Options) {
		o.HTTPClient = &http.Client{Transport: &failMethod{method: http.MethodPost, next: srv.Client().Transport}}
	})
	if _, err := c2.UpsertComment(context.Background(), owner, repo, 1, sticky("prod", "x"), match); err == nil {
		t.Fatal("UpsertComment succeeded without a connection")
	}
	if n := srv.Count(http.MethodPost, commentsPath); n != 0 {
		t.Errorf("POST reached the server %d times", n)
	}
}

// failMethod fails every round trip of method with a connection error.
type failMethod struct {
	method string
	calls  atomic.Int32
	next   http.RoundTripper
}

func (f *failMethod) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == f.method {
		if f.calls.Add(1) > 1 {
			panic("POST retried after a connection error")
		}
		return nil, errors.New("connection reset by peer")
	}
	return f.next.RoundTrip(r)
}

func TestCancelledContextStopsWaiting(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.FailNext(http.MethodGet, commentsPath, 1000, ghtest.ServerError(http.StatusBadGateway))
	c, _ := newClient(t, srv, actionsToken, func(o *gh.Options) { o.Sleep = nil }) // the real sleep
	_, match := marker("prod")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()

	start := time.Now()
	_, err := c.FindComment(ctx, owner, repo, 1, match)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error = %v, want the context's deadline", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("took %v after the context ended", time.Since(start))
	}
}
