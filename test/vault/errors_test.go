package vault_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/vaultinputs"
	"github.com/repave-dev/repave/pkg/runner"
)

func TestErrorsNameWhatToFix(t *testing.T) {
	v := startVault(t)
	jwt := func(secrets string) map[string]string {
		return map[string]string{"vault-url": v.Addr, "vault-role": "infra-plan", "jwt-audience": audience, "secrets": secrets}
	}
	tests := []struct {
		name   string
		inputs map[string]string
		env    map[string]string
		want   []string
		never  []string
	}{
		{"403 names the path and the role", jwt("secret/data/prod/db password | A\nsecret/data/staging/db password | B"), v.oidcEnv(),
			[]string{"line 2", `"secret/data/staging/db"`, "403", `role "infra-plan"`, "capabilities"}, []string{"staging-only"}},
		{"missing key names the keys present, not the values", jwt("secret/data/prod/db passwd | A"), v.oidcEnv(),
			[]string{`no key "passwd"`, "its keys are: password, port, user"}, []string{dbPassword, "5432"}},
		{"missing secret", jwt("secret/data/prod/nope password | A"), v.oidcEnv(),
			[]string{`no secret at "secret/data/prod/nope"`}, nil},
		{"kv2 path without data/", jwt("secret/prod/db password | A"), v.oidcEnv(),
			[]string{"secret/prod/db", "<mount>/data/<path>"}, nil},
		{"OIDC token unavailable", jwt("kv/prod/deploy token | T"), nil,
			[]string{"permissions: id-token: write"}, nil},
		{"jwt claims do not match the role", map[string]string{"vault-url": v.Addr, "vault-role": "infra-plan", "jwt-audience": "https://wrong.example", "secrets": "kv/prod/deploy token | T"}, v.oidcEnv(),
			[]string{"jwt login at auth/jwt/login", `role "infra-plan"`, "bound_audiences"}, nil},
		{"wrong auth mount", map[string]string{"vault-url": v.Addr, "vault-role": "infra-plan", "vault-auth-path": "github", "jwt-audience": audience, "secrets": "kv/prod/deploy token | T"}, v.oidcEnv(),
			[]string{"auth/github/login", "vault-auth-path"}, nil},
		{"bad approle secret id", map[string]string{"vault-url": v.Addr, "vault-method": "approle", "vault-role-id": v.RoleID, "vault-secret-id": "not-the-secret-id", "secrets": "kv/prod/deploy token | T"}, nil,
			[]string{"approle login", "vault-secret-id"}, []string{"not-the-secret-id"}},
		{"a value under 4 characters is refused by its line, never shown", jwt("secret/data/prod/db password | A\n\nsecret/data/prod/short pin | B"), v.oidcEnv(),
			[]string{"secrets line 3", "`secret/data/prod/short pin`", "shorter than 4 characters"}, []string{"7x1"}},
		{"malformed secrets line", jwt("secret/data/prod/db password | A\n\nsecret/data/prod/db"), v.oidcEnv(),
			[]string{`input "secrets" line 3`, "path key | NAME"}, nil},
		{"no vault-url", map[string]string{"secrets": "kv/prod/deploy token | T"}, nil,
			[]string{`input "vault-url" is required`}, nil},
		{"unknown method", map[string]string{"vault-url": v.Addr, "vault-method": "github", "secrets": "kv/prod/deploy token | T"}, nil,
			[]string{`input "vault-method"`, "jwt", "approle", "token"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := v.Tokens(t)
			_, _, log, err := load(t, tt.inputs, tt.env)
			if err == nil {
				t.Fatal("expected an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			for _, n := range tt.never {
				if strings.Contains(err.Error(), n) || strings.Contains(withoutMasks(log.String()), n) {
					t.Errorf("error or log shows %q: %v\n%s", n, err, log)
				}
			}
			if v.Tokens(t) != before {
				t.Errorf("a failed load left its Vault token alive")
			}
			var ie *runner.InputError
			if strings.HasPrefix(tt.name, "malformed") && !errors.As(err, &ie) {
				t.Errorf("a malformed line should be an input error, got %T", err)
			}
		})
	}
}

func TestSealedVault(t *testing.T) {
	v := startVault(t)
	must(t, v.Root.Sys().Seal())
	_, _, _, err := load(t, map[string]string{"vault-url": v.Addr, "vault-role": "infra-plan", "jwt-audience": audience, "secrets": "kv/prod/deploy token | T"}, v.oidcEnv())
	if err == nil || !strings.Contains(err.Error(), "is sealed") || !strings.Contains(err.Error(), "unseal") {
		t.Fatalf("err = %v, want it to say Vault is sealed", err)
	}
	if v.Issuer.Requests != 0 {
		t.Error("no OIDC token should be requested from a sealed Vault's job")
	}
}

func TestOIDCRequestIsRetried(t *testing.T) {
	v := startVault(t)
	defer func(d time.Duration) { vaultinputs.OIDCBackoff = d }(vaultinputs.OIDCBackoff)
	vaultinputs.OIDCBackoff = 10 * time.Millisecond
	env := v.oidcEnv()
	env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "wrong"
	_, _, _, err := load(t, map[string]string{"vault-url": v.Addr, "vault-role": "infra-plan", "jwt-audience": audience, "secrets": "kv/prod/deploy token | T"}, env)
	if err == nil || v.Issuer.Requests != 4 || !strings.Contains(err.Error(), "after 4 attempts") {
		t.Fatalf("err %v after %d requests; want a bounded 4 attempts", err, v.Issuer.Requests)
	}
}
