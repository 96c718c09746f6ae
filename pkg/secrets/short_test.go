package secrets_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/repave-dev/repave/pkg/secrets"
)

// fakeVault answers the three calls a token-method Open makes, with a KV v2
// secret holding one short value.
func fakeVault(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v1/sys/health":
			w.Write([]byte(`{"initialized":true,"sealed":false,"standby":false}`))
		case "/v1/auth/token/lookup-self":
			w.Write([]byte(`{"data":{"id":"x","policies":["default"]}}`))
		case "/v1/secret/data/ci":
			w.Write([]byte(`{"data":{"data":{"password":"long-enough-value","pin":"42x","flag":"1"},"metadata":{"version":1}}}`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// A value shorter than 4 characters cannot be scrubbed without shredding
// every text: it is refused, naming its line and path, never the value.
func TestOpenRefusesShortValues(t *testing.T) {
	t.Parallel()
	reqs, err := secrets.ParseRequests("secret/data/ci password | TF_VAR_password\n\nsecret/data/ci pin | TF_VAR_pin\n")
	if err != nil {
		t.Fatal(err)
	}
	_, err = secrets.Open(context.Background(), secrets.Config{Address: fakeVault(t), Method: secrets.MethodToken, Token: "hvs.test", Requests: reqs})
	var se *secrets.ShortValueError
	if !errors.As(err, &se) {
		t.Fatalf("Open = %v, want a ShortValueError", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "secrets line 3") || !strings.Contains(msg, "`secret/data/ci pin`") || strings.Contains(msg, "42x") {
		t.Errorf("the error must name line 3 and `secret/data/ci pin`, never the value: %s", msg)
	}
	s, err := secrets.Open(context.Background(), secrets.Config{Address: fakeVault(t), Method: secrets.MethodToken, Token: "hvs.test", Requests: reqs[:1]})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Scrub("a 1 in text and long-enough-value"); got != "a 1 in text and (sensitive)" {
		t.Errorf("Scrub = %q", got)
	}
}
