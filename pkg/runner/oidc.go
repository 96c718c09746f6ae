package runner

import (
	"context"
	"fmt"
	"time"

	"github.com/sethvargo/go-githubactions"
)

// GitHubOIDC returns a source of the job's GitHub OIDC token, requested from
// ACTIONS_ID_TOKEN_REQUEST_URL with ACTIONS_ID_TOKEN_REQUEST_TOKEN (read
// through getenv) for audience ("" is GitHub's default, the URL of the
// repository owner). A failed request is retried attempts times in all,
// waiting backoff, then twice that, and so on. It is runner knowledge, so it
// lives here and is injected into pkg/secrets' Vault login (its JWT source).
func GitHubOIDC(getenv func(string) string, audience string, attempts int, backoff time.Duration) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		if getenv("ACTIONS_ID_TOKEN_REQUEST_URL") == "" || getenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN") == "" {
			return "", fmt.Errorf("the GitHub OIDC token is unavailable (ACTIONS_ID_TOKEN_REQUEST_URL is not set): the workflow or job needs `permissions: id-token: write` for vault-method jwt (pull requests from forks never get it; use approle there or skip the step)")
		}
		a := githubactions.New(githubactions.WithGetenv(getenv))
		var err error
		wait := backoff
		for i := 0; i < attempts; i++ {
			if i > 0 {
				select {
				case <-ctx.Done():
					return "", ctx.Err()
				case <-time.After(wait):
				}
				wait *= 2
			}
			var tok string
			if tok, err = a.GetIDToken(ctx, audience); err == nil {
				return tok, nil
			}
		}
		return "", fmt.Errorf("requesting the GitHub OIDC token failed after %d attempts: %v (check `permissions: id-token: write`, and GitHub's status if it persists)", attempts, err)
	}
}
