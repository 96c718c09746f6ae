package secrets

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/vault/api"
)

// Auth methods accepted by Config.Method.
const (
	MethodJWT     = "jwt"
	MethodAppRole = "approle"
	MethodToken   = "token"
)

// Config says which Vault to log in to, how, and what to read.
type Config struct {
	Address   string // e.g. https://vault.example.com:8200
	Namespace string // Vault Enterprise / HCP namespace; "" for none
	// CACert is a PEM bundle, or the path of one, to trust for Vault's TLS
	// certificate; "" uses the system roots.
	CACert string

	Method   string // MethodJWT (default), MethodAppRole or MethodToken
	AuthPath string // the auth mount; "" means the method's name
	Role     string // jwt: the role to log in as; approle: only named in errors

	JWT      func(ctx context.Context) (string, error) // jwt: the GitHub OIDC token
	RoleID   string                                    // approle
	SecretID string                                    // approle
	Token    string                                    // token: used as is and never revoked

	Requests []Request
	// Timeout bounds each request to Vault; 0 means 30s.
	Timeout time.Duration
	// OnToken, when set, is called with every credential as soon as it is
	// known (the OIDC token, the Vault token), before anything could print it.
	OnToken func(string)
}

// Session is what a run read from Vault. Its zero value (and nil) is a
// session with no secrets.
type Session struct {
	client  *api.Client
	revoke  bool // the token is ours (jwt, approle) and is revoked by Close
	env     map[string]string
	values  []string
	scrub   *Scrubber
	closed  bool
	timeout time.Duration
}

// Open logs in to Vault and reads every request. On any error the token it
// logged in with is already revoked.
func Open(ctx context.Context, c Config) (_ *Session, err error) {
	if len(c.Requests) == 0 {
		return &Session{}, nil
	}
	if c.Method == "" {
		c.Method = MethodJWT
	}
	if c.AuthPath == "" {
		c.AuthPath = c.Method
	}
	c.AuthPath = strings.Trim(c.AuthPath, "/")
	if c.Timeout == 0 {
		c.Timeout = 30 * time.Second
	}
	client, err := newClient(c)
	if err != nil {
		return nil, err
	}
	if err := checkHealth(ctx, client, c); err != nil {
		return nil, err
	}
	s := &Session{client: client, env: map[string]string{}, timeout: c.Timeout}
	if err := login(ctx, client, c, s); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			_ = s.Close(ctx)
		}
	}()
	cache := map[string]map[string]any{}
	for _, r := range c.Requests {
		data, ok := cache[r.Path]
		if !ok {
			if data, err = read(ctx, client, c, r); err != nil {
				return nil, err
			}
			cache[r.Path] = data
		}
		v, ok := data[r.Key]
		if !ok {
			return nil, &MissingKeyError{Request: r, Keys: keys(data)}
		}
		val := stringify(v)
		if utf8.RuneCountInString(strings.TrimSpace(val)) < MinScrubLen {
			return nil, &ShortValueError{Request: r}
		}
		s.env[r.Name] = val
		s.values = append(s.values, val)
	}
	s.scrub = NewScrubber(s.values)
	return s, nil
}

// Env is the environment to give the subprocess (terraform, packer): one
// entry per request. Nil for an empty session.
func (s *Session) Env() map[string]string {
	if s == nil || len(s.env) == 0 {
		return nil
	}
	out := make(map[string]string, len(s.env))
	for k, v := range s.env {
		out[k] = v
	}
	return out
}

// Values are the secret values read, for masking.
func (s *Session) Values() []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s.values...)
}

// Scrub replaces every value read, in every form (Forms), and every value
// added to its Scrubber since, in text with Redacted.
func (s *Session) Scrub(text string) string {
	if s == nil {
		return text
	}
	return s.scrub.Scrub(text)
}

// Scrubber is the session's scrubber, never nil for a non-nil session: the
// run adds the plan's sensitive values to it, so that every text scrubbed
// by the session hides those too.
func (s *Session) Scrubber() *Scrubber {
	if s == nil {
		return NewScrubber(nil)
	}
	if s.scrub == nil {
		s.scrub = NewScrubber(s.values)
	}
	return s.scrub
}

// Close revokes the Vault token the session logged in with (a token given
// with MethodToken is left alone: it is not ours). It runs even when ctx is
// already cancelled, bounded by the session's timeout, and is safe to call
// more than once.
func (s *Session) Close(ctx context.Context) error {
	if s == nil || s.client == nil || s.closed {
		return nil
	}
	s.closed = true
	if !s.revoke {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.timeout)
	defer cancel()
	if err := s.client.Auth().Token().RevokeSelfWithContext(ctx, ""); err != nil {
		return fmt.Errorf("revoking the Vault token failed (%s); it stays valid until its TTL ends", vaultMessage(err))
	}
	s.client.ClearToken()
	return nil
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
