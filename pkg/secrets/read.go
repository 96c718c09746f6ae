package secrets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/vault/api"
)

// read returns the key/value data of the secret at r.Path, from KV v2 (the
// response nests it under data, next to metadata) or KV v1.
func read(ctx context.Context, client *api.Client, c Config, r Request) (map[string]any, error) {
	sec, err := client.Logical().ReadWithContext(ctx, r.Path)
	if err != nil {
		return nil, readError(c, r, err)
	}
	if sec == nil || sec.Data == nil {
		hint := "check the path"
		if !strings.Contains(r.Path, "/data/") {
			hint += "; a KV v2 secret is read as <mount>/data/<path>, e.g. secret/data/prod/db"
		}
		return nil, fmt.Errorf("secrets line %d: no secret at %q in Vault (%s)", r.Line, r.Path, hint)
	}
	data := sec.Data
	if inner, ok := data["data"].(map[string]any); ok {
		if _, v2 := data["metadata"]; v2 {
			data = inner
		}
	} else if data["data"] == nil {
		if _, v2 := data["metadata"]; v2 {
			return nil, fmt.Errorf("secrets line %d: the secret at %q is deleted or destroyed in its latest version; write a new version", r.Line, r.Path)
		}
	}
	return data, nil
}

func readError(c Config, r Request, err error) error {
	if unreachable(err) {
		return unreachableError(c, err)
	}
	var re *api.ResponseError
	if errors.As(err, &re) && re.StatusCode == http.StatusForbidden {
		who := fmt.Sprintf("the %s role %q", c.Method, c.Role)
		switch {
		case c.Method == MethodToken:
			who = "the policies of vault-token"
		case c.Method == MethodAppRole && c.Role == "":
			who = "the approle of vault-role-id"
		case c.Role == "":
			who = fmt.Sprintf("the default role of auth/%s", c.AuthPath)
		}
		hint := ""
		if !strings.Contains(r.Path, "/data/") {
			hint = " (on a KV v2 mount the path is <mount>/data/<path>, e.g. secret/data/prod/db)"
		}
		return fmt.Errorf("secrets line %d: Vault denied reading %q (403 permission denied) to %s: add `path %q { capabilities = [\"read\"] }` to a policy of that role, or fix the path%s", r.Line, r.Path, who, r.Path, hint)
	}
	if errors.As(err, &re) && re.StatusCode == http.StatusServiceUnavailable && strings.Contains(strings.Join(re.Errors, " "), "sealed") {
		return fmt.Errorf("Vault at %s is sealed: an operator must unseal it before this job can read secrets", c.Address)
	}
	return fmt.Errorf("secrets line %d: reading %q from Vault failed (%s)", r.Line, r.Path, vaultMessage(err))
}

// MissingKeyError is a secret that exists but lacks the requested key. It
// names the keys present, never their values.
type MissingKeyError struct {
	Request Request
	Keys    []string
}

func (e *MissingKeyError) Error() string {
	present := "it has no keys"
	if len(e.Keys) > 0 {
		present = "its keys are: " + strings.Join(e.Keys, ", ")
	}
	return fmt.Sprintf("secrets line %d: the secret at %q has no key %q (%s); fix the key in `secrets:`", e.Request.Line, e.Request.Path, e.Request.Key, present)
}

// ShortValueError is a secret whose value is shorter than MinScrubLen: it
// cannot be scrubbed from text without shredding every text ("1" is in most
// lines), so it is refused. It names the line, never the value.
type ShortValueError struct {
	Request Request
}

func (e *ShortValueError) Error() string {
	return fmt.Sprintf("secrets line %d (`%s %s`): the value is shorter than %d characters, too short to be hidden in logs and comments; store a longer value, or pass a value that is not secret as a plain variable (`vars:`)", e.Request.Line, e.Request.Path, e.Request.Key, MinScrubLen)
}

// stringify renders a KV value as the environment gets it: strings as they
// are, anything else (numbers, booleans, objects) as JSON.
func stringify(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
