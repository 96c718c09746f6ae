package vaultinputs_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/vaultinputs"
	"github.com/repave-dev/repave/pkg/runner"
)

// The real logins and reads run against a real Vault in the test/vault
// module; these cover what is decided before Vault is contacted.
func load(inputs map[string]string) (string, error) {
	env := map[string]string{}
	for k, v := range inputs {
		env["INPUT_"+strings.ToUpper(strings.ReplaceAll(k, "-", "_"))] = v
	}
	var log strings.Builder
	a := runner.New(runner.WithGetenv(func(k string) string { return env[k] }), runner.WithStdout(&log))
	s, err := vaultinputs.Load(context.Background(), a)
	if err == nil && s.Env() != nil {
		return log.String(), errors.New("unexpected env")
	}
	return log.String(), err
}

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		inputs map[string]string
		input  string // the input the *InputError names; "" for no error
		line   int
		want   string
	}{
		{"no secrets: no Vault, no error", map[string]string{"vault-url": "http://127.0.0.1:1", "vault-method": "approle"}, "", 0, ""},
		{"malformed line", map[string]string{"secrets": "secret/data/a k | A\nsecret/data/b"}, "secrets", 2, "path key | NAME"},
		{"line numbers count leading blank lines", map[string]string{"secrets": "\n\nsecret/data/a"}, "secrets", 3, "no key"},
		{"no address", map[string]string{"secrets": "secret/data/a k | A"}, "vault-url", 0, "VAULT_ADDR"},
		{"unknown method", map[string]string{"secrets": "secret/data/a k | A", "vault-url": "http://127.0.0.1:1", "vault-method": "oidc"}, "vault-method", 0, "approle"},
		{"approle without role id", map[string]string{"secrets": "secret/data/a k | A", "vault-url": "http://127.0.0.1:1", "vault-method": "approle", "vault-secret-id": "s3cr3t-id"}, "vault-role-id", 0, "approle"},
		{"approle without secret id", map[string]string{"secrets": "secret/data/a k | A", "vault-url": "http://127.0.0.1:1", "vault-method": "approle", "vault-role-id": "r"}, "vault-secret-id", 0, "secret"},
		{"token without token", map[string]string{"secrets": "secret/data/a k | A", "vault-url": "http://127.0.0.1:1", "vault-method": "token"}, "vault-token", 0, "vault-token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			log, err := load(tt.inputs)
			if tt.input == "" {
				if err != nil || log != "" {
					t.Fatalf("err %v, log %q", err, log)
				}
				return
			}
			var ie *runner.InputError
			if !errors.As(err, &ie) || ie.Input != tt.input || ie.Line != tt.line || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want an input error on %q line %d mentioning %q", err, tt.input, tt.line, tt.want)
			}
		})
	}
}
