package vault_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/vault/api"
	"github.com/repave-dev/repave/internal/vaultinputs"
	"github.com/repave-dev/repave/pkg/runner"
	"github.com/repave-dev/repave/pkg/secrets"
)

// load runs vaultinputs.Load as an action step would, with inputs (by
// action.yml name) and the runner's variables in env.
func load(t *testing.T, inputs, env map[string]string) (*secrets.Session, *runner.Runtime, *strings.Builder, error) {
	t.Helper()
	all := map[string]string{}
	for k, v := range env {
		all[k] = v
	}
	for k, v := range inputs {
		all["INPUT_"+strings.ToUpper(strings.ReplaceAll(k, "-", "_"))] = v
	}
	var log strings.Builder
	a := runner.New(runner.WithGetenv(func(k string) string { return all[k] }), runner.WithStdout(&log))
	s, err := vaultinputs.Load(context.Background(), a)
	return s, a, &log, err
}

func (v *testVault) oidcEnv() map[string]string {
	return map[string]string{"ACTIONS_ID_TOKEN_REQUEST_URL": v.Issuer.URL, "ACTIONS_ID_TOKEN_REQUEST_TOKEN": v.Issuer.RequestToken}
}

const allSecrets = `secret/data/prod/db password | TF_VAR_db_password
secret/data/prod/db port | DB_PORT
secret/data/prod/app tls_key | TLS_KEY
kv/prod/deploy token | DEPLOY_TOKEN`

func TestJWTLoginReadsKVv2AndKVv1AndRevokesTheToken(t *testing.T) {
	v := startVault(t)
	before := v.Tokens(t)
	start := time.Now()
	s, a, log, err := load(t, map[string]string{
		"vault-url": v.Addr, "vault-role": "infra-plan", "jwt-audience": audience, "secrets": allSecrets,
	}, v.oidcEnv())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("OIDC token, jwt login, 4 secrets read from 3 paths (KV v2 and v1) and masking took %s", time.Since(start).Round(time.Millisecond))
	want := map[string]string{"TF_VAR_db_password": dbPassword, "DB_PORT": "5432", "TLS_KEY": tlsKey, "DEPLOY_TOKEN": v1Token}
	got := s.Env()
	for k, w := range want {
		if got[k] != w {
			t.Errorf("env %s = %q, want %q", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("env has %d entries, want %d", len(got), len(want))
	}
	if v.Tokens(t) != before+1 {
		t.Errorf("an open session should hold one Vault token")
	}
	// Every value, and each line of the multi-line one, is masked; so are the JWT and the Vault token.
	masks := maskedValues(log.String())
	for _, m := range append([]string{dbPassword, v1Token, tlsKey}, strings.Split(tlsKey, "\n")...) {
		if !masks[m] {
			t.Errorf("%q was not masked", m)
		}
	}
	if len(masks) < 2+len(want)+4 {
		t.Errorf("expected the OIDC token and the Vault token masked too; masks: %d", len(masks))
	}
	// The runtime scrubs what it emits from now on.
	must(t, a.SetOutput("leak", "db="+dbPassword))
	a.Infof("line: %s", strings.Split(tlsKey, "\n")[1])
	if strings.Contains(withoutMasks(log.String()), dbPassword) || strings.Contains(withoutMasks(log.String()), "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC") {
		t.Errorf("a value escaped the scrubber:\n%s", log)
	}
	if !strings.Contains(log.String(), "Read 4 secret(s) from Vault") || !strings.Contains(log.String(), "TF_VAR_db_password, DB_PORT") {
		t.Errorf("the log should name the variables read (not their values):\n%s", log)
	}
	must(t, s.Close(context.Background()))
	if n := v.Tokens(t); n != before {
		t.Errorf("after Close %d tokens are live, want %d: the session token was not revoked", n, before)
	}
	must(t, s.Close(context.Background())) // a second Close is harmless
}

func TestAppRoleLogin(t *testing.T) {
	v := startVault(t)
	before := v.Tokens(t)
	s, _, log, err := load(t, map[string]string{
		"vault-url": v.Addr, "vault-method": "approle", "vault-role-id": v.RoleID, "vault-secret-id": v.SecretID,
		"secrets": "secret/data/prod/db password | TF_VAR_db_password",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Env()["TF_VAR_db_password"] != dbPassword {
		t.Errorf("env = %v", s.Env())
	}
	if !maskedValues(log.String())[v.SecretID] {
		t.Error("vault-secret-id was not masked")
	}
	must(t, s.Close(context.Background()))
	if v.Tokens(t) != before {
		t.Error("the approle token was not revoked")
	}
}

func TestTokenMethodLeavesTheGivenTokenAlive(t *testing.T) {
	v := startVault(t)
	tok, err := v.Root.Auth().Token().Create(&api.TokenCreateRequest{Policies: []string{"prod-read"}})
	must(t, err)
	s, _, _, err := load(t, map[string]string{
		"vault-url": v.Addr, "vault-method": "token", "vault-token": tok.Auth.ClientToken,
		"secrets": "kv/prod/deploy token | DEPLOY_TOKEN",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Env()["DEPLOY_TOKEN"] != v1Token {
		t.Errorf("env = %v", s.Env())
	}
	must(t, s.Close(context.Background()))
	if _, err := v.Root.Auth().Token().Lookup(tok.Auth.ClientToken); err != nil {
		t.Errorf("a token given by the user must not be revoked: %v", err)
	}
}

func TestNoSecretsInputContactsNoVault(t *testing.T) {
	s, _, log, err := load(t, map[string]string{"vault-url": "http://127.0.0.1:1"}, nil)
	if err != nil || s.Env() != nil || log.Len() != 0 {
		t.Fatalf("without secrets: err %v, env %v, log %q", err, s.Env(), log)
	}
}
