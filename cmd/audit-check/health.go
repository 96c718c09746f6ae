package main

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/repave-dev/repave/pkg/audit"
	"github.com/repave-dev/repave/pkg/health"
	"github.com/repave-dev/repave/pkg/runner"
)

// healthOptions bound each URL's check on the audit's schedule: healthy at
// its first 2xx, failing when none came within the deadline (retried every
// 2s). A variable so tests can shorten it.
var healthOptions = health.Options{MinHealthy: 0, Deadline: 30 * time.Second, Interval: 2 * time.Second}

// healthURLs reads `health-checks` (one URL per line, as apply-on-merge's).
func healthURLs(a *runner.Runtime) ([]string, error) {
	urls := a.List("health-checks")
	for i, u := range urls {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			return nil, &runner.InputError{Input: "health-checks", Line: i + 1, Value: u, Reason: "is not an http(s) URL",
				Want: "one URL per line, e.g. https://www.example.com/healthz or a Consul agent's http://127.0.0.1:8500/v1/agent/health/service/name/web"}
		}
	}
	return urls, nil
}

// checkHealth checks every health URL once per audit with pkg/health (the
// check apply-on-merge runs after an apply) and adds the failing ones as
// findings to every root the audit could check: the URLs are the
// deployment's, as apply-on-merge checks them after any root's apply. A
// root's issue then opens, and closes once they are healthy again. The
// repository's pseudo-root deploys nothing, so it gets none.
func checkHealth(ctx context.Context, a *runner.Runtime, urls []string, out *audit.Result) error {
	if len(urls) == 0 {
		return nil
	}
	var failing []audit.HealthFinding
	for _, u := range urls {
		o := healthOptions
		o.Log = a.Infof
		err := health.Check(ctx, []string{u}, o)
		var f *health.Failure
		switch {
		case errors.As(err, &f):
			failing = append(failing, audit.HealthFinding{URL: f.URL, Answer: f.Last, Checks: f.Checks})
			a.Warningf("health check failing between deploys: %s (last answer: %s)", f.URL, f.Last)
		case err != nil:
			return err
		default:
			a.Infof("health check healthy: %s", u)
		}
	}
	for i := range out.Report.Roots {
		if r := out.Report.Roots[i]; r.Error == "" && r.Root != audit.RepositoryRoot {
			out.Report.Roots[i].Health = failing
		}
	}
	return nil
}
