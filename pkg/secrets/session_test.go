package secrets_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/secrets"
)

func TestOpenWithoutRequestsContactsNoVault(t *testing.T) {
	t.Parallel()
	s, err := secrets.Open(context.Background(), secrets.Config{Address: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Env() != nil || s.Scrub("x") != "x" || s.Close(context.Background()) != nil {
		t.Error("an empty session should have no env, scrub nothing and close cleanly")
	}
}

func TestOpenUnreachableVault(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("waits for connection retries to an unreachable Vault")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there now
	start := time.Now()
	_, err = secrets.Open(context.Background(), secrets.Config{
		Address: addr, Method: secrets.MethodToken, Token: "t",
		Requests: []secrets.Request{{Line: 1, Path: "secret/data/x", Key: "k", Name: "K"}},
	})
	if err == nil || !strings.Contains(err.Error(), "Vault at "+addr+" is unreachable") || !strings.Contains(err.Error(), "vault-url") {
		t.Fatalf("err = %v, want it to say Vault is unreachable and name vault-url", err)
	}
	t.Logf("unreachable reported after %s: %v", time.Since(start).Round(time.Millisecond), err)
}

func TestOpenRejectsABadAddress(t *testing.T) {
	t.Parallel()
	_, err := secrets.Open(context.Background(), secrets.Config{
		Address:  "vault.example.com",
		Requests: []secrets.Request{{Line: 1, Path: "secret/data/x", Key: "k", Name: "K"}},
	})
	if err == nil || !strings.Contains(err.Error(), "not an http(s) URL") {
		t.Fatalf("err = %v", err)
	}
}
