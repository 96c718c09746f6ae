// Package health decides whether a deployment is healthy: every URL must
// answer 2xx, continuously, for a minimum time, within a deadline.
package health

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Options of a health check.
type Options struct {
	// MinHealthy is how long every URL must answer 2xx without a failure.
	MinHealthy time.Duration
	// Deadline bounds the whole check.
	Deadline time.Duration
	// Interval between rounds of requests; 0 means 2s.
	Interval time.Duration
	// Timeout of one request; 0 means 10s.
	Timeout time.Duration
	// Log receives progress lines.
	Log func(format string, args ...any)
	// Client is the HTTP client; nil means a default one.
	Client *http.Client
}

// Failure says which URL kept the deployment from being healthy and how.
type Failure struct {
	URL    string
	Last   string // the last answer: "503 Service Unavailable" or the error
	Checks int    // how many times the URL was checked
	Waited time.Duration
}

func (f *Failure) Error() string {
	return fmt.Sprintf("health check failed: %s did not stay healthy (last answer: %s, after %d checks in %s)",
		f.URL, f.Last, f.Checks, f.Waited.Round(time.Second))
}

// Check polls every URL until all have answered 2xx continuously for
// MinHealthy (nil), or the deadline passes (*Failure naming the URL that
// failed last). With no URLs it returns nil at once.
func Check(ctx context.Context, urls []string, o Options) error {
	if len(urls) == 0 {
		return nil
	}
	if o.Interval <= 0 {
		o.Interval = 2 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Log == nil {
		o.Log = func(string, ...any) {}
	}
	client := o.Client
	if client == nil {
		client = &http.Client{Timeout: o.Timeout}
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, o.Deadline)
	defer cancel()

	checks := map[string]int{}
	last := map[string]string{}
	var healthySince time.Time
	var lastBad string
	for {
		allOK := true
		for _, u := range urls {
			ok, answer := probe(ctx, client, u)
			if ctx.Err() != nil && last[u] != "" {
				break // cut short by the deadline: keep the last real answer
			}
			checks[u]++
			last[u] = answer
			if !ok {
				allOK = false
				lastBad = u
				o.Log("health: %s answered %s", u, answer)
			}
		}
		now := time.Now()
		switch {
		case !allOK:
			healthySince = time.Time{}
		case healthySince.IsZero():
			healthySince = now
			o.Log("health: all %d URL(s) answer 2xx; holding for %s", len(urls), o.MinHealthy)
		}
		if !healthySince.IsZero() && now.Sub(healthySince) >= o.MinHealthy {
			o.Log("health: healthy for %s", now.Sub(healthySince).Round(time.Millisecond))
			return nil
		}
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.Canceled) {
				return ctx.Err()
			}
			if lastBad == "" {
				lastBad = urls[0]
			}
			return &Failure{URL: lastBad, Last: last[lastBad], Checks: checks[lastBad], Waited: time.Since(start)}
		case <-time.After(o.Interval):
		}
	}
}

func probe(ctx context.Context, c *http.Client, u string) (bool, string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return false, err.Error()
	}
	req.Header.Set("User-Agent", "repave-health-check")
	resp, err := c.Do(req)
	if err != nil {
		msg := err.Error()
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return false, msg
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.StatusCode >= 200 && resp.StatusCode < 300, resp.Status
}
