package gh

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// retryTransport is the http.RoundTripper under every go-github call. It
// retries what GitHub documents as retryable and gives up with a *RetryError
// once the next wait would take the request's total waiting past maxWait.
//
// What is retried:
//   - 500, 502, 503 and 504, for every method, POST and PATCH included, with
//     exponential backoff (1s, 2s, 4s, … capped at 30s; Retry-After wins when
//     present). GitHub answers these before doing the work in practice; the
//     rare duplicate a retried POST might leave is what UpsertComment's
//     duplicate cleanup is for.
//   - Connection errors, only for idempotent methods (GET, HEAD, OPTIONS, PUT,
//     DELETE): a POST that lost its connection may have been accepted.
//   - The primary rate limit (403 or 429 with X-RateLimit-Remaining: 0): wait
//     until X-RateLimit-Reset.
//   - Secondary rate limits (403 or 429 whose body mentions "secondary rate
//     limit", or any 403/429 carrying Retry-After; a bare 429 too): wait
//     Retry-After seconds, else one minute, as GitHub's documentation asks.
//     GitHub rejected these requests, so every method is retried.
//
// Request bodies are re-sent through req.GetBody; a request whose body cannot be
// re-created is not retried.
type retryTransport struct {
	next     http.RoundTripper
	maxWait  time.Duration
	sleep    func(ctx context.Context, d time.Duration) error
	now      func() time.Time
	basePath string // path prefix of the API base (e.g. "/api/v3"), trimmed in messages

	mu           sync.Mutex
	primaryReset time.Time // set when an answer said the primary limit is exhausted
}

const (
	maxBackoff         = 30 * time.Second
	secondaryRateWait  = time.Minute
	minWait            = time.Second
	maxErrorBodyToRead = 1 << 20
)

// RetryError is returned (wrapped; use errors.As) when a request was still
// failing or rate limited and waiting longer would exceed Options.MaxWait.
type RetryError struct {
	Method string
	// Path is the API path without the GHES prefix, e.g. /repos/o/r/issues/1/comments.
	Path string
	// Status is the last HTTP status, 0 after a connection error.
	Status int
	// Reason says what kept failing: "secondary rate limit", "primary rate
	// limit (resets at …)", "503 Service Unavailable", or the connection error.
	Reason string
	// RateLimited is true when GitHub's rate limits, not failures, stopped us.
	RateLimited bool
	// Waited is the time already spent waiting for this request.
	Waited time.Duration
	// Err is the last connection error, if that is what kept failing.
	Err error
}

// Error says which endpoint kept failing, for how long, and what to do.
func (e *RetryError) Error() string {
	if e.RateLimited {
		return fmt.Sprintf("GitHub API: %s %s still rate limited after waiting %s (%s); "+
			"retry the job later or lower the number of parallel jobs", e.Method, e.Path, e.Waited, e.Reason)
	}
	return fmt.Sprintf("GitHub API: %s %s still failing after waiting %s (last: %s); "+
		"GitHub may be having an incident (https://www.githubstatus.com): retry the job later",
		e.Method, e.Path, e.Waited, e.Reason)
}

// Unwrap returns the last connection error, if any.
func (e *RetryError) Unwrap() error { return e.Err }

// verdict is what to do with one answer.
type verdict struct {
	retry       bool
	wait        time.Duration
	reason      string
	rateLimited bool
}

// RoundTrip sends req, retrying as described on retryTransport.
func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	canResend := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	var waited time.Duration
	backoff := time.Second
	path := t.apiPath(req)

	// An earlier answer may have said the primary limit is exhausted: wait for
	// its reset before sending, rather than being refused.
	if reset, d := t.untilPrimaryReset(); d > 0 {
		if d > t.maxWait {
			return nil, &RetryError{Method: req.Method, Path: path, RateLimited: true,
				Reason: "primary rate limit, resets at " + reset.UTC().Format(time.RFC3339)}
		}
		if err := t.sleep(ctx, d); err != nil {
			return nil, err
		}
		waited += d
		t.clearPrimaryReset(reset)
	}

	for attempt := 0; ; attempt++ {
		r := req
		if attempt > 0 {
			r = req.Clone(ctx)
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, err
				}
				r.Body = body
			}
		}
		resp, err := t.next.RoundTrip(r)

		var v verdict
		if err != nil {
			if ctx.Err() != nil || !idempotent(req.Method) || !canResend {
				return nil, err
			}
			v = verdict{retry: true, wait: backoff, reason: err.Error()}
			backoff = min(backoff*2, maxBackoff)
		} else {
			v = t.judge(resp, &backoff)
			if !v.retry || !canResend {
				t.observe(resp)
				return resp, nil
			}
		}
		v.wait = max(v.wait, minWait)

		if waited+v.wait > t.maxWait {
			re := &RetryError{Method: req.Method, Path: path, Reason: v.reason,
				RateLimited: v.rateLimited, Waited: waited}
			if resp != nil {
				re.Status = resp.StatusCode
				discard(resp)
			} else {
				re.Err = err
			}
			return nil, re
		}
		if resp != nil {
			discard(resp)
		}
		if err := t.sleep(ctx, v.wait); err != nil {
			return nil, err
		}
		waited += v.wait
	}
}

// judge decides whether resp is worth another try, and how long to wait.
func (t *retryTransport) judge(resp *http.Response, backoff *time.Duration) verdict {
	switch resp.StatusCode {
	case http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		wait, ok := t.retryAfter(resp)
		if !ok {
			wait = *backoff
			*backoff = min(*backoff*2, maxBackoff)
		}
		return verdict{retry: true, wait: wait, reason: resp.Status}
	case http.StatusForbidden, http.StatusTooManyRequests:
		body := peekBody(resp)
		if wait, ok := t.retryAfter(resp); ok {
			return verdict{retry: true, wait: wait, rateLimited: true, reason: "secondary rate limit"}
		}
		if resp.Header.Get("X-RateLimit-Remaining") == "0" {
			reset, ok := t.resetTime(resp)
			if !ok {
				return verdict{retry: true, wait: secondaryRateWait, rateLimited: true, reason: "primary rate limit"}
			}
			return verdict{retry: true, wait: reset.Sub(t.now()), rateLimited: true,
				reason: "primary rate limit, resets at " + reset.UTC().Format(time.RFC3339)}
		}
		if strings.Contains(strings.ToLower(string(body)), "secondary rate limit") ||
			resp.StatusCode == http.StatusTooManyRequests {
			return verdict{retry: true, wait: secondaryRateWait, rateLimited: true, reason: "secondary rate limit"}
		}
	}
	return verdict{}
}

// observe remembers an exhausted primary limit from an answer handed to
// go-github, and hides its reset time from go-github: otherwise go-github would
// refuse the next call locally instead of letting this transport wait for it.
func (t *retryTransport) observe(resp *http.Response) {
	remaining := resp.Header.Get("X-RateLimit-Remaining")
	if remaining == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if remaining != "0" {
		t.primaryReset = time.Time{}
		return
	}
	if reset, ok := t.resetTime(resp); ok {
		t.primaryReset = reset
		resp.Header.Del("X-RateLimit-Reset")
	}
}

func (t *retryTransport) untilPrimaryReset() (time.Time, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.primaryReset.IsZero() {
		return time.Time{}, 0
	}
	return t.primaryReset, t.primaryReset.Sub(t.now())
}

func (t *retryTransport) clearPrimaryReset(reset time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.primaryReset.Equal(reset) {
		t.primaryReset = time.Time{}
	}
}

// retryAfter reads Retry-After: seconds (what GitHub sends) or an HTTP date.
func (t *retryTransport) retryAfter(resp *http.Response) (time.Duration, bool) {
	v := strings.TrimSpace(resp.Header.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if when, err := http.ParseTime(v); err == nil {
		return when.Sub(t.now()), true
	}
	return 0, false
}

func (t *retryTransport) resetTime(resp *http.Response) (time.Time, bool) {
	s, err := strconv.ParseInt(strings.TrimSpace(resp.Header.Get("X-RateLimit-Reset")), 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(s, 0), true
}

func (t *retryTransport) apiPath(req *http.Request) string {
	p := req.URL.Path
	if t.basePath != "" && strings.HasPrefix(p, t.basePath+"/") {
		p = strings.TrimPrefix(p, t.basePath)
	}
	return p
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// peekBody reads the answer's body and puts it back for whoever reads next.
func peekBody(resp *http.Response) []byte {
	if resp.Body == nil {
		return nil
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBodyToRead))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return b
}

// discard drains and closes a body we will not use, so the connection is reused.
func discard(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBodyToRead))
	resp.Body.Close()
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
