package main

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
)

// tokenService stands in for the runner's OIDC token service; the job's
// token carries claims.
func tokenService(t *testing.T, claims string) map[string]string {
	jwt := "e30." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + ".sig"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"value":%q}`, jwt)
	}))
	t.Cleanup(srv.Close)
	return map[string]string{"ACTIONS_ID_TOKEN_REQUEST_URL": srv.URL + "/t?api-version=2.0", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "req"}
}

// A break-glass dispatch behind the environment applies only the target,
// and the deployment and the summary record it.
func TestBreakGlassTargetAppliesOnlyThatResourceAndRecordsIt(t *testing.T) {
	srv := newServer(t)
	r := runActionEnv(t, srv, "workflow_dispatch",
		map[string]string{"target": "terraform_data.database", "min-healthy-time": "0s", "environment": "production"},
		tokenService(t, `{"environment":"production"}`))
	if r.Code != 0 {
		t.Fatalf("exit %d:\n%s", r.Code, r.Log)
	}
	out, err := exec.Command("terraform", "-chdir=infra/web", "state", "list").Output()
	if err != nil || strings.TrimSpace(string(out)) != "terraform_data.database" {
		t.Errorf("state after a -target apply: %s (%v), want only terraform_data.database", out, err)
	}
	deps := srv.Deployments("acme", "infra")
	if len(deps) != 1 || deps[0].State() != "success" {
		t.Fatalf("deployments = %+v", deps)
	}
	if got := fmt.Sprint(deps[0].Payload["targets"]); got != "[terraform_data.database]" {
		t.Errorf("deployment payload targets = %s (payload %v)", got, deps[0].Payload)
	}
	if !strings.Contains(r.Summary, "### Break-glass apply") || !strings.Contains(r.Summary, "`-target=terraform_data.database`") {
		t.Errorf("summary does not record the break-glass flags:\n%s", r.Summary)
	}
}

// Outside a gated dispatch, target and replace are one clear error and no
// deployment.
func TestBreakGlassIsRefusedOutsideTheGate(t *testing.T) {
	for _, tc := range []struct {
		name, event string
		inputs      map[string]string
		env         func(t *testing.T) map[string]string
		want        string
	}{
		{"push", "push", map[string]string{"target": "terraform_data.database", "require-reviewed-plan": "false"}, nil, `not for "push" events`},
		{"no OIDC token", "workflow_dispatch", map[string]string{"replace": "terraform_data.database"}, nil, "permissions: id-token: write"},
		{"job without environment", "workflow_dispatch", map[string]string{"target": "terraform_data.database"},
			func(t *testing.T) map[string]string { return tokenService(t, `{"event_name":"workflow_dispatch"}`) }, "runs behind no GitHub environment"},
		{"other environment", "workflow_dispatch", map[string]string{"target": "terraform_data.database", "environment": "production"},
			func(t *testing.T) map[string]string { return tokenService(t, `{"environment":"dev"}`) }, `behind environment "dev", not "production"`},
		{"not an address", "workflow_dispatch", map[string]string{"target": "-destroy"}, nil, `::error title=Invalid input::input "target"`},
		{"with canary", "workflow_dispatch", map[string]string{"target": "terraform_data.database", "strategy": "canary"},
			func(t *testing.T) map[string]string { return tokenService(t, `{"environment":"production"}`) }, `input "strategy": "canary" cannot be used with target or replace`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var env map[string]string
			if tc.env != nil {
				env = tc.env(t)
			}
			srv := newServer(t)
			r := runActionEnv(t, srv, tc.event, tc.inputs, env)
			if !r.OneError(tc.want) {
				t.Errorf("exit %d, want one error with %q:\n%s", r.Code, tc.want, r.Log)
			}
			if deps := srv.Deployments("acme", "infra"); len(deps) != 0 {
				t.Errorf("a refused break-glass recorded deployments: %+v", deps)
			}
		})
	}
}
