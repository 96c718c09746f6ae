package vault_test

import (
	"encoding/pem"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A Vault behind TLS with a private CA: trusted through vault-ca-cert given
// as PEM text or as a file path, and refused (with a hint) without it.
func TestVaultCACert(t *testing.T) {
	v := startVault(t)
	target, err := url.Parse(v.Addr)
	must(t, err)
	proxy := httptest.NewTLSServer(httputil.NewSingleHostReverseProxy(target))
	defer proxy.Close()
	certPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: proxy.Certificate().Raw}))
	certFile := filepath.Join(t.TempDir(), "vault-ca.pem")
	must(t, os.WriteFile(certFile, []byte(certPEM), 0o600))
	inputs := func(ca string) map[string]string {
		return map[string]string{"vault-url": proxy.URL, "vault-role": "infra-plan", "jwt-audience": audience,
			"vault-ca-cert": ca, "secrets": "kv/prod/deploy token | DEPLOY_TOKEN"}
	}
	for name, ca := range map[string]string{"PEM": certPEM, "file": certFile} {
		s, _, _, err := load(t, inputs(ca), v.oidcEnv())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if s.Env()["DEPLOY_TOKEN"] != v1Token {
			t.Errorf("%s: env = %v", name, s.Env())
		}
		must(t, s.Close(t.Context()))
	}
	_, _, _, err = load(t, inputs(""), v.oidcEnv())
	if err == nil || !strings.Contains(err.Error(), "unreachable") || !strings.Contains(err.Error(), "certificate") || !strings.Contains(err.Error(), "vault-ca-cert") {
		t.Errorf("without the CA: %v; want an unreachable error naming the certificate problem and vault-ca-cert", err)
	}
	_, _, _, err = load(t, inputs("/no/such/ca.pem"), v.oidcEnv())
	if err == nil || !strings.Contains(err.Error(), "vault-ca-cert") {
		t.Errorf("a missing CA file: %v", err)
	}
}
