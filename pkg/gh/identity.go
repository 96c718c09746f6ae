package gh

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/google/go-github/v60/github"
)

// ActionsBot is the login GitHub gives comments written with the Actions
// GITHUB_TOKEN.
const ActionsBot = "github-actions[bot]"

// Login returns the login whose comments are "ours": the sticky comment is
// looked for among them only, so a comment with a forged marker by anyone else
// is ignored. It does not depend on GET /user, which installation tokens may
// not call:
//
//   - Options.Identity, if set (use it for a GitHub App's installation token,
//     whose comments are written by "<app-slug>[bot]");
//   - otherwise, for an installation token (prefix "ghs_", which the Actions
//     GITHUB_TOKEN is), "github-actions[bot]", without any request;
//   - otherwise (personal access tokens: ghp_, github_pat_, gho_, and anything
//     else) the login from GET /user; if that answers 401 or 403, it falls back
//     to "github-actions[bot]" with no error.
//
// The answer is cached after the first success; errors other than 401/403 are
// returned and not cached. When a guess proves wrong (UpsertComment creates a
// comment and GitHub records another author), the recorded author replaces it.
func (c *Client) Login(ctx context.Context) (string, error) {
	c.loginMu.Lock()
	defer c.loginMu.Unlock()
	if c.login != "" {
		return c.login, nil
	}
	switch {
	case c.identity != "":
		c.login = c.identity
	case strings.HasPrefix(c.token, "ghs_"):
		c.login = ActionsBot
	default:
		u, _, err := c.GH.Users.Get(ctx, "")
		var er *github.ErrorResponse
		switch {
		case err == nil && u.GetLogin() != "":
			c.login = u.GetLogin()
		case errors.As(err, &er) && er.Response != nil &&
			(er.Response.StatusCode == http.StatusUnauthorized || er.Response.StatusCode == http.StatusForbidden):
			c.login = ActionsBot
		case err == nil:
			return "", errors.New("GitHub API: GET /user answered without a login")
		default:
			return "", c.wrap("find the token's user", subject{kind: "user"}, err)
		}
	}
	return c.login, nil
}

// learnLogin replaces a guessed login by the author GitHub recorded on a
// comment this client just created. An explicit Options.Identity is kept.
func (c *Client) learnLogin(login string) {
	if login == "" || c.identity != "" {
		return
	}
	c.loginMu.Lock()
	defer c.loginMu.Unlock()
	c.login = login
}

// sameLogin compares logins as GitHub does: case-insensitively.
func sameLogin(a, b string) bool { return strings.EqualFold(a, b) }
