// Package vaultinputs is the one place that reads the Vault inputs every
// action shares (vault-url, vault-method, vault-role, vault-auth-path,
// vault-namespace, vault-token, vault-role-id, vault-secret-id, jwt-audience,
// vault-ca-cert, secrets) from the runtime, and opens a secrets.Session
// whose values are masked and scrubbed from everything the runtime emits.
package vaultinputs

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/repave-dev/repave/pkg/runner"
	"github.com/repave-dev/repave/pkg/secrets"
)

// OIDCAttempts and OIDCBackoff bound the retries of the GitHub OIDC token
// request: 4 attempts over about 3.5 seconds.
var (
	OIDCAttempts = 4
	OIDCBackoff  = 500 * time.Millisecond
)

// Load reads the Vault inputs, logs in, reads every line of `secrets:`, masks
// each value (and each line of a multi-line value) and installs the
// session's scrubber on a, all before anything could print a value. Callers
// hand Env() to the subprocess and defer Close, which revokes the token:
//
//	s, err := vaultinputs.Load(ctx, a)
//	if err != nil {
//		return err
//	}
//	defer vaultinputs.Close(ctx, a, s)
//
// Without a `secrets:` input it returns an empty session and contacts no
// Vault.
func Load(ctx context.Context, a *runner.Runtime) (*secrets.Session, error) {
	// Untrimmed, so that error line numbers match the lines as written.
	text := a.Getenv("INPUT_SECRETS")
	if strings.TrimSpace(text) == "" {
		return &secrets.Session{}, nil
	}
	reqs, err := secrets.ParseRequests(text)
	if err != nil {
		var le *secrets.LineError
		if errors.As(err, &le) {
			return nil, &runner.InputError{Input: "secrets", Line: le.Line, Value: le.Text, Reason: le.Reason,
				Want: "one `path key | NAME` per line, e.g. `secret/data/prod/db password | TF_VAR_db_password`"}
		}
		return nil, err
	}
	cfg, err := config(a)
	if err != nil {
		return nil, err
	}
	cfg.Requests = reqs
	cfg.OnToken = a.Mask
	s, err := secrets.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	values := s.Values()
	for _, v := range values {
		a.Mask(v)
	}
	for _, v := range values { // and the forms a log shows it in (quoted, a number's spellings)
		Masker(a)([]any{v})
	}
	a.SetScrubber(s.Scrub)
	a.Infof("Read %d secret(s) from Vault at %s for the subprocess: %s", len(reqs), cfg.Address, names(reqs))
	return s, nil
}

// Close revokes the session's token and reports a failure to do so as a
// warning: the run's own result stands.
func Close(ctx context.Context, a *runner.Runtime, s *secrets.Session) {
	if err := s.Close(ctx); err != nil {
		a.Warningf("%v", err)
	}
}

func config(a *runner.Runtime) (secrets.Config, error) {
	method, err := a.Enum("vault-method", secrets.MethodJWT, secrets.MethodJWT, secrets.MethodAppRole, secrets.MethodToken)
	if err != nil {
		return secrets.Config{}, err
	}
	c := secrets.Config{
		Address:   a.String("vault-url", a.Getenv("VAULT_ADDR")),
		Namespace: a.String("vault-namespace", a.Getenv("VAULT_NAMESPACE")),
		CACert:    a.String("vault-ca-cert", ""),
		Method:    method,
		AuthPath:  a.String("vault-auth-path", method),
		Role:      a.String("vault-role", ""),
	}
	if c.Address == "" {
		return c, &runner.InputError{Input: "vault-url", Reason: "is required", Want: "set `vault-url:` (e.g. https://vault.example.com:8200) or VAULT_ADDR in the job's env when `secrets:` is given"}
	}
	switch method {
	case secrets.MethodJWT:
		c.JWT = runner.GitHubOIDC(a.Getenv, a.String("jwt-audience", ""), OIDCAttempts, OIDCBackoff)
	case secrets.MethodAppRole:
		c.RoleID = a.String("vault-role-id", "")
		c.SecretID = a.Secret("vault-secret-id")
		if c.RoleID == "" {
			return c, &runner.InputError{Input: "vault-role-id", Reason: "is required", Want: "set `vault-role-id:` when vault-method is approle"}
		}
		if c.SecretID == "" {
			return c, &runner.InputError{Input: "vault-secret-id", Reason: "is required", Want: "set `vault-secret-id:` from a secret when vault-method is approle"}
		}
	case secrets.MethodToken:
		c.Token = a.Secret("vault-token")
		if c.Token == "" {
			return c, &runner.InputError{Input: "vault-token", Reason: "is required", Want: "set `vault-token:` from a secret when vault-method is token"}
		}
	}
	return c, nil
}

func names(reqs []secrets.Request) string {
	out := ""
	for i, r := range reqs {
		if i > 0 {
			out += ", "
		}
		out += r.Name
	}
	return out
}
