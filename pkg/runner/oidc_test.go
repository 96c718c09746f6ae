package runner_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/runner"
)

func TestGitHubOIDCRetriesThenSucceeds(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer req-token" || r.URL.Query().Get("audience") != "vault" {
			t.Errorf("request %s with %q", r.URL, r.Header.Get("Authorization"))
		}
		if calls.Add(1) < 3 {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{"value":"the-jwt"}`))
	}))
	defer srv.Close()
	env := map[string]string{"ACTIONS_ID_TOKEN_REQUEST_URL": srv.URL + "/token?api-version=2.0", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "req-token"}
	tok, err := runner.GitHubOIDC(func(k string) string { return env[k] }, "vault", 4, time.Millisecond)(context.Background())
	if err != nil || tok != "the-jwt" || calls.Load() != 3 {
		t.Fatalf("token %q, err %v after %d calls; want the-jwt after 3", tok, err, calls.Load())
	}
}

func TestGitHubOIDCGivesUpAfterBoundedAttempts(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, "boom", http.StatusInternalServerError)
	}))
	defer srv.Close()
	env := map[string]string{"ACTIONS_ID_TOKEN_REQUEST_URL": srv.URL, "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "req-token"}
	_, err := runner.GitHubOIDC(func(k string) string { return env[k] }, "", 3, time.Millisecond)(context.Background())
	if err == nil || calls.Load() != 3 || !strings.Contains(err.Error(), "after 3 attempts") {
		t.Fatalf("err %v after %d calls; want a failure after exactly 3", err, calls.Load())
	}
}

func TestGitHubOIDCUnavailableNamesThePermission(t *testing.T) {
	t.Parallel()
	_, err := runner.GitHubOIDC(func(string) string { return "" }, "", 3, time.Millisecond)(context.Background())
	if err == nil || !strings.Contains(err.Error(), "permissions: id-token: write") {
		t.Fatalf("err = %v, want it to name `permissions: id-token: write`", err)
	}
}
