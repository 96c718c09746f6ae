package secrets

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hashicorp/vault/api"
)

// login authenticates client as c.Method says and records in s whether the
// token must be revoked at the end.
func login(ctx context.Context, client *api.Client, c Config, s *Session) error {
	var body map[string]any
	switch c.Method {
	case MethodToken:
		if c.Token == "" {
			return errors.New("vault-method is token but vault-token is empty: set `vault-token:` (e.g. from a secret), or use vault-method jwt")
		}
		client.SetToken(c.Token)
		if _, err := client.Auth().Token().LookupSelfWithContext(ctx); err != nil {
			return authError(c, err)
		}
		return nil
	case MethodJWT:
		if c.JWT == nil {
			return errors.New("vault-method is jwt but no OIDC token source is configured")
		}
		jwt, err := c.JWT(ctx)
		if err != nil {
			return err
		}
		if c.OnToken != nil {
			c.OnToken(jwt)
		}
		body = map[string]any{"jwt": jwt}
		if c.Role != "" {
			body["role"] = c.Role
		}
	case MethodAppRole:
		if c.RoleID == "" || c.SecretID == "" {
			return errors.New("vault-method is approle but vault-role-id or vault-secret-id is empty: set both (vault-secret-id from a secret)")
		}
		body = map[string]any{"role_id": c.RoleID, "secret_id": c.SecretID}
	default:
		return fmt.Errorf("vault-method %q is not supported; use jwt, approle or token", c.Method)
	}
	sec, err := client.Logical().WriteWithContext(ctx, "auth/"+c.AuthPath+"/login", body)
	if err != nil {
		return authError(c, err)
	}
	if sec == nil || sec.Auth == nil || sec.Auth.ClientToken == "" {
		return fmt.Errorf("Vault login at auth/%s/login returned no token", c.AuthPath)
	}
	if c.OnToken != nil {
		c.OnToken(sec.Auth.ClientToken)
	}
	client.SetToken(sec.Auth.ClientToken)
	s.revoke = true
	return nil
}

// authError explains a failed login: which method, mount and role, and what
// usually fixes it. Vault's own messages never hold the credential.
func authError(c Config, err error) error {
	if unreachable(err) {
		return unreachableError(c, err)
	}
	msg := vaultMessage(err)
	var re *api.ResponseError
	status := 0
	if errors.As(err, &re) {
		status = re.StatusCode
	}
	switch c.Method {
	case MethodToken:
		return fmt.Errorf("Vault rejected vault-token (%s): the token is invalid or expired; give a valid token", msg)
	case MethodAppRole:
		return fmt.Errorf("Vault approle login at auth/%s/login failed (%s): check vault-role-id, vault-secret-id (not expired, not used up) and vault-auth-path", c.AuthPath, msg)
	}
	hint := "check vault-auth-path (the jwt auth mount, see `vault auth list`), vault-role, and that the role's bound_audiences match jwt-audience and its bound_claims (repository, ref, environment) match this workflow run"
	if status == http.StatusBadRequest && c.Role == "" {
		hint = "set vault-role (the mount has no default_role), " + hint
	}
	return fmt.Errorf("Vault jwt login at auth/%s/login as role %q failed (%s): %s", c.AuthPath, c.Role, msg, hint)
}

// vaultMessage is Vault's error text without the request URL.
func vaultMessage(err error) string {
	var re *api.ResponseError
	if errors.As(err, &re) {
		if len(re.Errors) > 0 {
			return fmt.Sprintf("%d: %s", re.StatusCode, joinErrs(re.Errors))
		}
		return fmt.Sprintf("%d", re.StatusCode)
	}
	return err.Error()
}

func joinErrs(errs []string) string {
	out := ""
	for i, e := range errs {
		if i > 0 {
			out += "; "
		}
		out += e
	}
	return out
}
