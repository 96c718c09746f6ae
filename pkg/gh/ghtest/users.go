package ghtest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// actionsBotID is the real id of github-actions[bot].
const actionsBotID = 41898282

type user struct {
	login   string
	id      int64
	created time.Time
}

func (u *user) bot() bool { return strings.HasSuffix(u.login, "[bot]") }

// AddToken makes token authenticate as login. Tokens starting with "ghs_" are
// installation tokens (like the Actions GITHUB_TOKEN): GET /user answers them
// 403 "Resource not accessible by integration". Requests with a missing or
// unknown token get 401 "Bad credentials".
func (s *Server) AddToken(token, login string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[token] = login
	s.user(login)
}

// user returns the user named login, creating it on first use. s.mu must be
// held.
func (s *Server) user(login string) *user {
	key := strings.ToLower(login)
	if u, ok := s.users[key]; ok {
		return u
	}
	u := &user{login: login, id: s.newID(), created: s.now().Add(-24 * time.Hour)}
	if key == "github-actions[bot]" {
		u.id = actionsBotID
	}
	s.users[key] = u
	return u
}

// userJSON is GitHub's "simple user" object, as embedded in comments and pull
// requests.
type userJSON struct {
	Login             string `json:"login"`
	ID                int64  `json:"id"`
	NodeID            string `json:"node_id"`
	AvatarURL         string `json:"avatar_url"`
	GravatarID        string `json:"gravatar_id"`
	URL               string `json:"url"`
	HTMLURL           string `json:"html_url"`
	FollowersURL      string `json:"followers_url"`
	FollowingURL      string `json:"following_url"`
	GistsURL          string `json:"gists_url"`
	StarredURL        string `json:"starred_url"`
	SubscriptionsURL  string `json:"subscriptions_url"`
	OrganizationsURL  string `json:"organizations_url"`
	ReposURL          string `json:"repos_url"`
	EventsURL         string `json:"events_url"`
	ReceivedEventsURL string `json:"received_events_url"`
	Type              string `json:"type"`
	SiteAdmin         bool   `json:"site_admin"`
}

// privateUserJSON is what GET /user returns: the simple user and more.
type privateUserJSON struct {
	userJSON
	Name        *string `json:"name"`
	Company     *string `json:"company"`
	Blog        string  `json:"blog"`
	Location    *string `json:"location"`
	Email       *string `json:"email"`
	Bio         *string `json:"bio"`
	PublicRepos int     `json:"public_repos"`
	PublicGists int     `json:"public_gists"`
	Followers   int     `json:"followers"`
	Following   int     `json:"following"`
	CreatedAt   string  `json:"created_at"`
	UpdatedAt   string  `json:"updated_at"`
}

func (s *Server) userJSON(u *user) userJSON {
	api := s.URL + "users/" + u.login
	typ, prefix := "User", "U_"
	if u.bot() {
		typ, prefix = "Bot", "BOT_"
	}
	return userJSON{
		Login:             u.login,
		ID:                u.id,
		NodeID:            nodeID(prefix, u.id),
		AvatarURL:         fmt.Sprintf("%s/avatars/u/%d?v=4", s.Origin, u.id),
		URL:               api,
		HTMLURL:           s.Origin + "/" + u.login,
		FollowersURL:      api + "/followers",
		FollowingURL:      api + "/following{/other_user}",
		GistsURL:          api + "/gists{/gist_id}",
		StarredURL:        api + "/starred{/owner}{/repo}",
		SubscriptionsURL:  api + "/subscriptions",
		OrganizationsURL:  api + "/orgs",
		ReposURL:          api + "/repos",
		EventsURL:         api + "/events{/privacy}",
		ReceivedEventsURL: api + "/received_events",
		Type:              typ,
	}
}

// nodeID makes a GraphQL-style global id, opaque like GitHub's.
func nodeID(prefix string, id int64) string {
	return prefix + base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "ghtest:%d", id))
}

func (s *Server) userRoutes() {
	s.router.handle(http.MethodGet, "/user", s.getAuthenticatedUser)
}

// getAuthenticatedUser serves GET /user.
func (s *Server) getAuthenticatedUser(w http.ResponseWriter, r *http.Request, c *call) {
	if c.installation() {
		writeError(w, http.StatusForbidden, "Resource not accessible by integration",
			"https://docs.github.com/rest/users/users#get-the-authenticated-user")
		return
	}
	u := s.user(c.login)
	writeJSON(w, http.StatusOK, privateUserJSON{
		userJSON:  s.userJSON(u),
		CreatedAt: stamp(u.created),
		UpdatedAt: stamp(u.created),
	})
}
