package breakglass

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/runner"
)

func runtime(env map[string]string) *runner.Runtime {
	return runner.New(runner.WithGetenv(func(k string) string { return env[k] }))
}

func TestReadAddresses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		target, replace string
		want            []string
		bad             string // input named in the error
	}{
		{target: "", replace: "", want: nil},
		{target: "aws_instance.web\n\n module.app.aws_instance.db[0] \nmodule.app", want: []string{"-target=aws_instance.web", "-target=module.app.aws_instance.db[0]", "-target=module.app"}},
		{replace: `aws_instance.web["blue"]`, want: []string{`-replace=aws_instance.web["blue"]`}},
		{target: "data.aws_ami.base", replace: "aws_instance.web", want: []string{"-target=data.aws_ami.base", "-replace=aws_instance.web"}},
		{target: "-lock=false", bad: "target"},
		{target: "aws_instance.web -destroy", bad: "target"},
		{replace: "web", bad: "replace"},
		{replace: `aws_instance.web["a"b"]`, bad: "replace"},
	} {
		r, err := Read(runtime(map[string]string{"INPUT_TARGET": tc.target, "INPUT_REPLACE": tc.replace}))
		if tc.bad != "" {
			var ie *runner.InputError
			if !errors.As(err, &ie) || ie.Input != tc.bad || !strings.Contains(err.Error(), "is not a resource address") {
				t.Errorf("%q/%q: got %v, want an error for input %s", tc.target, tc.replace, err, tc.bad)
			}
			continue
		}
		if err != nil || strings.Join(r.Flags(), " ") != strings.Join(tc.want, " ") || r.Empty() != (len(tc.want) == 0) {
			t.Errorf("%q/%q: flags %v, %v; want %v", tc.target, tc.replace, r.Flags(), err, tc.want)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add("aws_instance.web\nmodule.a[0].b.c", `x.y["k"]`)
	f.Fuzz(func(t *testing.T, target, replace string) {
		r, err := Read(runtime(map[string]string{"INPUT_TARGET": target, "INPUT_REPLACE": replace}))
		if err != nil {
			return
		}
		for _, a := range append(r.Targets, r.Replaces...) {
			if strings.ContainsAny(a, " \t\n") || strings.HasPrefix(a, "-") {
				t.Fatalf("accepted %q", a)
			}
		}
	})
}

// oidc stands in for the runner's token service, handing out a JWT whose
// payload is claims.
func oidc(t *testing.T, claims string) map[string]string {
	jwt := "e30." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + ".sig"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer req" || r.URL.Query().Get("audience") != "repave-break-glass" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		w.Write([]byte(`{"value":"` + jwt + `"}`))
	}))
	t.Cleanup(srv.Close)
	return map[string]string{"ACTIONS_ID_TOKEN_REQUEST_URL": srv.URL + "/t?api-version=2.0", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "req"}
}

func TestCheckRefusesBreakGlassOutsideTheGate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := Request{Targets: []string{"aws_instance.web"}}
	gated := oidc(t, `{"environment":"Production","event_name":"workflow_dispatch"}`)
	ungated := oidc(t, `{"event_name":"workflow_dispatch"}`)
	other := oidc(t, `{"environment":"staging"}`)
	for _, tc := range []struct {
		name, event, env string
		getenv           map[string]string
		want             string // "" = allowed
	}{
		{"gated dispatch", "workflow_dispatch", "production", gated, ""},
		{"push", "push", "production", gated, `not for "push" events`},
		{"schedule", "schedule", "production", gated, `not for "schedule" events`},
		{"no environment input", "workflow_dispatch", "", gated, `input "environment"`},
		{"no id-token", "workflow_dispatch", "production", map[string]string{}, "permissions: id-token: write"},
		{"job without environment", "workflow_dispatch", "production", ungated, "runs behind no GitHub environment"},
		{"another environment", "workflow_dispatch", "production", other, `behind environment "staging", not "production"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := Check(ctx, r, tc.event, tc.env, func(k string) string { return tc.getenv[k] })
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a refusal with %q", err, tc.want)
			}
		})
	}
	if err := Check(ctx, Request{}, "push", "", func(string) string { return "" }); err != nil {
		t.Errorf("an ordinary run (no target, no replace) is refused: %v", err)
	}
}
