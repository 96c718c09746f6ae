package secrets

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"

	"github.com/hashicorp/vault/api"
)

// newClient builds a Vault client for c without a token: VAULT_TOKEN from
// the process environment is never used implicitly.
func newClient(c Config) (*api.Client, error) {
	if c.Address == "" {
		return nil, errors.New("no Vault address: set `vault-url:` (or VAULT_ADDR in the job's env)")
	}
	u, err := url.Parse(c.Address)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("vault-url %q is not an http(s) URL; use e.g. https://vault.example.com:8200", c.Address)
	}
	cfg := api.DefaultConfig()
	if cfg.Error != nil {
		return nil, fmt.Errorf("configuring the Vault client: %w", cfg.Error)
	}
	cfg.Address = c.Address
	cfg.Timeout = c.Timeout
	if c.CACert != "" {
		t := &api.TLSConfig{}
		if strings.Contains(c.CACert, "-----BEGIN") {
			t.CACertBytes = []byte(c.CACert)
		} else if _, err := os.Stat(c.CACert); err != nil {
			return nil, fmt.Errorf("vault-ca-cert: %q is neither a PEM certificate nor a readable file: give the PEM text or its path", c.CACert)
		} else {
			t.CACert = c.CACert
		}
		if err := cfg.ConfigureTLS(t); err != nil {
			return nil, fmt.Errorf("vault-ca-cert: %v; give a PEM certificate (-----BEGIN CERTIFICATE-----) or its path", err)
		}
	}
	client, err := api.NewClient(cfg)
	if err != nil {
		return nil, fmt.Errorf("configuring the Vault client: %w", err)
	}
	client.ClearToken()
	client.SetNamespace(c.Namespace)
	return client, nil
}

// checkHealth turns an unreachable or sealed Vault into an error that says
// so, before any login is attempted. Other health answers do not block.
func checkHealth(ctx context.Context, client *api.Client, c Config) error {
	h, err := client.WithNamespace("").Sys().HealthWithContext(ctx)
	if err != nil {
		if unreachable(err) {
			return unreachableError(c, err)
		}
		return nil // sys/health may be filtered by a proxy; let login speak
	}
	if !h.Initialized {
		return fmt.Errorf("Vault at %s is not initialized: run `vault operator init` on it, or point vault-url at the right server", c.Address)
	}
	if h.Sealed {
		return fmt.Errorf("Vault at %s is sealed: an operator must unseal it (`vault operator unseal`) before this job can read secrets", c.Address)
	}
	return nil
}

// unreachable reports whether err is a transport failure, not an answer.
func unreachable(err error) bool {
	var re *api.ResponseError
	if errors.As(err, &re) {
		return false
	}
	var ue *url.Error
	var ne net.Error
	return errors.As(err, &ue) || errors.As(err, &ne)
}

func unreachableError(c Config, err error) error {
	cause := err.Error()
	var ue *url.Error
	if errors.As(err, &ue) {
		cause = ue.Err.Error()
	}
	return fmt.Errorf("Vault at %s is unreachable (%s): check vault-url, that the runner can reach that host and port (self-hosted runner network, firewall), and for TLS errors set vault-ca-cert", c.Address, cause)
}
