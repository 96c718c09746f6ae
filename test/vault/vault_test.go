// Package vault_test runs repave's Vault integration against a real Vault
// core (github.com/hashicorp/vault v1.21.4) served over HTTP on 127.0.0.1,
// with real jwt and approle auth methods and KV v1 and v2 mounts. It is a
// module of its own so that Vault's large dependency graph never reaches the
// product's go.mod.
package vault_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	jwtauth "github.com/hashicorp/vault-plugin-auth-jwt"
	kv "github.com/hashicorp/vault-plugin-secrets-kv"
	"github.com/hashicorp/vault/api"
	"github.com/hashicorp/vault/builtin/credential/approle"
	vaulthttp "github.com/hashicorp/vault/http"
	"github.com/hashicorp/vault/sdk/logical"
	"github.com/hashicorp/vault/vault"
)

func TestMain(m *testing.M) {
	// Vault's test logger writes TRACE lines to stderr unless given a directory.
	if os.Getenv("VAULT_TEST_LOG_DIR") == "" {
		dir, err := os.MkdirTemp("", "repave-vault-logs-")
		if err == nil {
			os.Setenv("VAULT_TEST_LOG_DIR", dir)
			defer os.RemoveAll(dir)
		}
	}
	code := m.Run()
	os.Exit(code)
}

// Values stored in Vault by every test server. None may ever leave the
// subprocess environment.
const (
	dbPassword = "pg-Pa55w0rd-7f3c91"
	apiKey     = "ak-live-5d2e8b0c44a1"
	tlsKey     = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQDa1x9Qx7v3kZ\n-----END PRIVATE KEY-----"
	v1Token    = "v1-deploy-token-93ab"
	repository = "acme/infra"
	ref        = "refs/heads/main"
	audience   = "https://vault.acme.test"
)

// testVault is a real Vault with GitHub-style jwt auth, approle, KV v2 at
// secret/ and KV v1 at kv/.
type testVault struct {
	Addr   string
	Root   *api.Client
	Core   *vault.Core
	RoleID string
	// SecretID is a fresh approle secret id.
	SecretID string
	// Issuer stands in for GitHub's OIDC token endpoint.
	Issuer *issuer
}

func startVault(t *testing.T) *testVault {
	t.Helper()
	core, _, rootToken := vault.TestCoreUnsealedWithConfig(t, &vault.CoreConfig{
		LogicalBackends:    map[string]logical.Factory{"kv": kv.Factory},
		CredentialBackends: map[string]logical.Factory{"approle": approle.Factory, "jwt": jwtauth.Factory},
	})
	ln, addr := vaulthttp.TestServer(t, core)
	t.Cleanup(func() { ln.Close() })
	cfg := api.DefaultConfig()
	cfg.Address = addr
	root, err := api.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	root.SetToken(rootToken)
	v := &testVault{Addr: addr, Root: root, Core: core, Issuer: newIssuer(t)}
	sys := root.Sys()
	must(t, sys.Unmount("secret"))
	must(t, sys.Mount("secret", &api.MountInput{Type: "kv", Options: map[string]string{"version": "2"}}))
	must(t, sys.Mount("kv", &api.MountInput{Type: "kv", Options: map[string]string{"version": "1"}}))
	// A fresh KV v2 mount needs a moment to finish its upgrade before writes.
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := root.KVv2("secret").Put(context.Background(), "prod/db", map[string]any{"password": dbPassword, "user": "app", "port": 5432})
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	_, err = root.KVv2("secret").Put(context.Background(), "prod/app", map[string]any{"api_key": apiKey, "tls_key": tlsKey})
	must(t, err)
	_, err = root.KVv2("secret").Put(context.Background(), "staging/db", map[string]any{"password": "staging-only"})
	must(t, err)
	_, err = root.KVv2("secret").Put(context.Background(), "prod/short", map[string]any{"pin": "7x1"})
	must(t, err)
	_, err = root.Logical().Write("kv/prod/deploy", map[string]any{"token": v1Token})
	must(t, err)
	must(t, sys.PutPolicy("prod-read", `
path "secret/data/prod/*" { capabilities = ["read"] }
path "kv/prod/*" { capabilities = ["read"] }
`))

	// jwt auth as GitHub's OIDC is configured: a public key we hold the private half of,
	// GitHub's issuer, a role bound to the audience, repository and ref claims.
	must(t, sys.EnableAuthWithOptions("jwt", &api.EnableAuthOptions{Type: "jwt"}))
	_, err = root.Logical().Write("auth/jwt/config", map[string]any{
		"jwt_validation_pubkeys": []string{v.Issuer.PublicPEM},
		"bound_issuer":           "https://token.actions.githubusercontent.com",
	})
	must(t, err)
	_, err = root.Logical().Write("auth/jwt/role/infra-plan", map[string]any{
		"role_type":       "jwt",
		"user_claim":      "repository",
		"bound_audiences": []string{audience},
		"bound_claims":    map[string]any{"repository": repository, "ref": ref},
		"token_policies":  []string{"prod-read"},
		"token_ttl":       "10m",
	})
	must(t, err)

	must(t, sys.EnableAuthWithOptions("approle", &api.EnableAuthOptions{Type: "approle"}))
	_, err = root.Logical().Write("auth/approle/role/ci", map[string]any{"token_policies": []string{"prod-read"}, "token_ttl": "10m"})
	must(t, err)
	s, err := root.Logical().Read("auth/approle/role/ci/role-id")
	must(t, err)
	v.RoleID = s.Data["role_id"].(string)
	s, err = root.Logical().Write("auth/approle/role/ci/secret-id", nil)
	must(t, err)
	v.SecretID = s.Data["secret_id"].(string)
	return v
}

// Tokens are the accessors of every live token but root's: a session's
// token is among them while it is open and gone once it is revoked.
func (v *testVault) Tokens(t *testing.T) int {
	t.Helper()
	s, err := v.Root.Logical().List("auth/token/accessors")
	must(t, err)
	return len(s.Data["keys"].([]any)) - 1
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// issuer is an httptest stand-in for the runner's OIDC token endpoint
// (ACTIONS_ID_TOKEN_REQUEST_URL): it returns a JWT shaped like GitHub's,
// signed with a key the test holds.
type issuer struct {
	URL, RequestToken, PublicPEM string
	// Claims overrides or adds claims of the next tokens.
	Claims map[string]any
	// Requests counts token requests.
	Requests int
	key      *rsa.PrivateKey
}

func newIssuer(t *testing.T) *issuer {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	must(t, err)
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	must(t, err)
	is := &issuer{RequestToken: "runner-request-token-1f2e", key: key,
		PublicPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}
	srv := httptest.NewServer(http.HandlerFunc(is.serve))
	t.Cleanup(srv.Close)
	is.URL = srv.URL + "/_apis/distributedtask/hubs/build/plans/1/jobs/2/idtoken?api-version=2.0"
	return is
}

func (is *issuer) serve(w http.ResponseWriter, r *http.Request) {
	is.Requests++
	if r.Header.Get("Authorization") != "Bearer "+is.RequestToken {
		http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
		return
	}
	aud := r.URL.Query().Get("audience")
	if aud == "" {
		aud = "https://github.com/acme"
	}
	now := time.Now()
	claims := map[string]any{
		"iss": "https://token.actions.githubusercontent.com", "aud": aud,
		"sub":        "repo:" + repository + ":ref:" + ref,
		"repository": repository, "repository_owner": "acme", "ref": ref,
		"event_name": "pull_request", "workflow": "plan", "actor": "octocat",
		"iat": now.Unix(), "nbf": now.Add(-5 * time.Second).Unix(), "exp": now.Add(5 * time.Minute).Unix(),
		"jti": "c3b1f0a7",
	}
	for k, v := range is.Claims {
		claims[k] = v
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: is.key}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	tok, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	json.NewEncoder(w).Encode(map[string]string{"value": tok})
}

// repoRoot is the repave checkout this module lives in.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	must(t, err)
	return dir
}
