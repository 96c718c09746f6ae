package ghtest

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Review is a pull request review to serve. State is GitHub's: APPROVED,
// CHANGES_REQUESTED, COMMENTED, DISMISSED (an approval or request for changes
// that was dismissed) or PENDING (a draft, listed to its author only).
type Review struct {
	User     string // login
	State    string
	CommitID string // the head the review was given on
	Body     string
}

type review struct {
	Review
	id        int64
	author    *user
	submitted time.Time
}

// AddReview adds a review of pull request number, after the ones already
// there (the list is chronological, as GitHub's), and returns its id.
func (s *Server) AddReview(owner, repo string, number int, r Review) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.reviews == nil {
		s.reviews = map[string][]*review{}
	}
	s.repoID(owner, repo)
	rv := &review{Review: r, id: s.newID(), author: s.user(r.User), submitted: s.now()}
	k := pullKey(owner, repo, number)
	s.reviews[k] = append(s.reviews[k], rv)
	return rv.id
}

// DismissReview dismisses review id as GitHub does: the review itself changes
// state to DISMISSED.
func (s *Server) DismissReview(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, list := range s.reviews {
		for _, r := range list {
			if r.id == id {
				r.State = "DISMISSED"
			}
		}
	}
}

// reviewJSON is GitHub's pull request review object.
type reviewJSON struct {
	ID                int64    `json:"id"`
	NodeID            string   `json:"node_id"`
	User              userJSON `json:"user"`
	Body              string   `json:"body"`
	State             string   `json:"state"`
	HTMLURL           string   `json:"html_url"`
	PullRequestURL    string   `json:"pull_request_url"`
	SubmittedAt       *string  `json:"submitted_at,omitempty"`
	CommitID          string   `json:"commit_id"`
	AuthorAssociation string   `json:"author_association"`
}

func (s *Server) reviewRoutes() {
	s.router.handle(http.MethodGet, "/repos/{owner}/{repo}/pulls/{number}/reviews", s.listReviews)
}

// listReviews serves GET /repos/{owner}/{repo}/pulls/{number}/reviews:
// chronological, paginated; drafts (PENDING) only for their author.
func (s *Server) listReviews(w http.ResponseWriter, r *http.Request, c *call) {
	n, ok := pathInt(w, c, "number")
	if !ok {
		return
	}
	owner, repo := c.params["owner"], c.params["repo"]
	if s.pulls[pullKey(owner, repo, int(n))] == nil {
		writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest/pulls/reviews#list-reviews-for-a-pull-request")
		return
	}
	var list []*review
	for _, rv := range s.reviews[pullKey(owner, repo, int(n))] {
		if rv.State == "PENDING" && !strings.EqualFold(rv.author.login, c.login) {
			continue
		}
		list = append(list, rv)
	}
	from, to := s.page(w, r, len(list))
	html := s.htmlIssueURL(owner, repo, int(n))
	out := make([]reviewJSON, 0, to-from)
	for _, rv := range list[from:to] {
		j := reviewJSON{
			ID: rv.id, NodeID: nodeID("PRR_", rv.id), User: s.userJSON(rv.author), Body: rv.Body, State: rv.State,
			HTMLURL:           fmt.Sprintf("%s#pullrequestreview-%d", html, rv.id),
			PullRequestURL:    fmt.Sprintf("%srepos/%s/%s/pulls/%d", s.URL, owner, repo, n),
			CommitID:          rv.CommitID,
			AuthorAssociation: association(owner, rv.author),
		}
		if rv.State != "PENDING" {
			t := stamp(rv.submitted)
			j.SubmittedAt = &t
		}
		out = append(out, j)
	}
	writeJSON(w, http.StatusOK, out)
}
