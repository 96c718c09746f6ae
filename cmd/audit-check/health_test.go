package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// consul stands in for a Consul agent's /v1/agent/health/service/name/web:
// 200 when every check of the service passes, 429 on a warning, 503 when
// critical (the status is set by the test).
func consul(t *testing.T, status *atomic.Int32) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/agent/health/service/name/web" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(int(status.Load()))
		w.Write([]byte(`[{"AggregatedStatus":"..."}]`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/v1/agent/health/service/name/web"
}

// Between deploys: a failing health check (Consul's 429 warning, then 503
// critical) is a finding in the root's issue; healthy again, the issue closes.
// Serial: it shortens the package's healthOptions and runs the command in its checkout (t.Chdir).
func TestAuditCheckReportsFailingHealthChecksInTheRootsIssue(t *testing.T) {
	if testing.Short() {
		t.Skip("audits with real terraform")
	}
	old := healthOptions
	healthOptions.Deadline, healthOptions.Interval = 300*time.Millisecond, 50*time.Millisecond
	t.Cleanup(func() { healthOptions = old })
	var status atomic.Int32
	status.Store(http.StatusOK)
	url := consul(t, &status)

	e := newEnv(t)
	e.apply(e.work, "db_password="+pipelinePassword)
	r := e.run(map[string]string{"health-checks": url})
	if r.Code != 0 || r.Outputs["findings"] != "0" || len(e.srv.Issues("acme", "infra")) != 0 {
		t.Fatalf("healthy: exit %d outputs %v issues %d\n%s", r.Code, r.Outputs, len(e.srv.Issues("acme", "infra")), r.Log)
	}

	status.Store(http.StatusTooManyRequests) // a Consul check in warning
	r = e.run(map[string]string{"health-checks": url})
	if r.Code != 1 || r.Outputs["findings"] != "1" {
		t.Fatalf("warning: exit %d outputs %v\n%s", r.Code, r.Outputs, r.Log)
	}
	issues := e.srv.Issues("acme", "infra")
	if len(issues) != 1 || issues[0].GetState() != "open" {
		t.Fatalf("issues: %v", issues)
	}
	body := issues[0].GetBody()
	for _, want := range []string{"#### Health checks failing", url, "429 Too Many Requests", "1 failing health check"} {
		if !strings.Contains(body, want) {
			t.Errorf("issue body lacks %q:\n%s", want, body)
		}
	}
	if !strings.Contains(r.Log, "::warning::health check failing between deploys: "+url) && !strings.Contains(r.Log, "health check failing between deploys") {
		t.Errorf("the log should warn:\n%s", r.Log)
	}

	// Still failing, now critical: the same URL fails, so the issue is left alone.
	status.Store(http.StatusServiceUnavailable)
	writes := e.srv.Count("POST", "") + e.srv.Count("PATCH", "")
	if r = e.run(map[string]string{"health-checks": url, "fail-on": "never"}); r.Code != 0 {
		t.Fatalf("fail-on never: exit %d\n%s", r.Code, r.Log)
	}
	if got := e.srv.Count("POST", "") + e.srv.Count("PATCH", ""); got != writes {
		t.Errorf("a still-failing check rewrote the issue (%d writes)", got-writes)
	}

	status.Store(http.StatusOK)
	if r = e.run(map[string]string{"health-checks": url}); r.Code != 0 {
		t.Fatalf("healthy again: exit %d\n%s", r.Code, r.Log)
	}
	if issues = e.srv.Issues("acme", "infra"); issues[0].GetState() != "closed" {
		t.Errorf("healthy again: the issue is %s, want closed", issues[0].GetState())
	}
}

func TestAuditCheckRejectsABadHealthCheckURL(t *testing.T) {
	e := newEnv(t)
	r := e.run(map[string]string{"health-checks": "https://ok.example.com/healthz\nconsul:8500/v1/agent/health"})
	if !r.OneError(`input "health-checks" line 2: "consul:8500/v1/agent/health" is not an http(s) URL`) {
		t.Errorf("exit %d:\n%s", r.Code, r.Log)
	}
}
