package ghtest

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

const pullDocs = "https://docs.github.com/rest/pulls/pulls"

func (s *Server) pullWriteRoutes() {
	s.router.handle(http.MethodGet, "/repos/{owner}/{repo}/pulls", s.listPulls)
	s.router.handle(http.MethodPost, "/repos/{owner}/{repo}/pulls", s.createPull)
	s.router.handle(http.MethodPatch, "/repos/{owner}/{repo}/pulls/{number}", s.updatePull)
}

// Pulls returns the pull requests of owner/repo, by number.
func (s *Server) Pulls(owner, repo string) []PullRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []PullRequest
	for _, p := range s.repoPulls(owner, repo) {
		out = append(out, p.PullRequest)
	}
	return out
}

// SetPullHead moves pull request number's head to sha, as a push to its
// branch does; it reports false when there is no such pull request.
func (s *Server) SetPullHead(owner, repo string, number int, sha string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pulls[pullKey(owner, repo, number)]
	if p == nil {
		return false
	}
	p.HeadSHA, p.updated = sha, s.now()
	return true
}

func (s *Server) repoPulls(owner, repo string) []*pull {
	var out []*pull
	for _, p := range s.pulls {
		if strings.EqualFold(p.owner, owner) && strings.EqualFold(p.repo, repo) {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

// listPulls serves GET /repos/{owner}/{repo}/pulls with state, head
// ("owner:branch") and base filters, newest first like GitHub, as "simple"
// pull requests (no merged field).
func (s *Server) listPulls(w http.ResponseWriter, r *http.Request, c *call) {
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	var match []pullSimpleJSON
	all := s.repoPulls(c.params["owner"], c.params["repo"])
	for i := len(all) - 1; i >= 0; i-- {
		p := all[i]
		if state != "all" && p.State != state {
			continue
		}
		if h := q.Get("head"); h != "" && !strings.EqualFold(h, p.owner+":"+p.HeadRef) {
			continue
		}
		if b := q.Get("base"); b != "" && b != p.BaseRef {
			continue
		}
		match = append(match, s.pullSimpleJSON(p))
	}
	from, to := s.page(w, r, len(match))
	writeJSON(w, http.StatusOK, append([]pullSimpleJSON{}, match[from:to]...))
}

// createPull serves POST /repos/{owner}/{repo}/pulls with GitHub's checks:
// both branches exist, they differ, and no open pull request has this head.
func (s *Server) createPull(w http.ResponseWriter, r *http.Request, c *call) {
	s.gitInit()
	var body struct {
		Title, Head, Base, Body string
		Draft                   bool
	}
	if !decodeBody(w, r, &body, pullDocs+"#create-a-pull-request") {
		return
	}
	owner, repo := c.params["owner"], c.params["repo"]
	head := body.Head
	if o, b, ok := strings.Cut(head, ":"); ok {
		if !strings.EqualFold(o, owner) {
			writeError(w, http.StatusUnprocessableEntity, "Validation Failed", pullDocs, fieldError{Resource: "PullRequest", Field: "head", Code: "invalid"})
			return
		}
		head = b
	}
	headSHA := s.git.refs[refKey(owner, repo, "refs/heads/"+head)]
	baseSHA := s.git.refs[refKey(owner, repo, "refs/heads/"+body.Base)]
	invalid := func(f fieldError) {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed", pullDocs+"#create-a-pull-request", f)
	}
	switch {
	case body.Title == "":
		invalid(fieldError{Resource: "PullRequest", Field: "title", Code: "missing_field"})
		return
	case headSHA == "":
		invalid(fieldError{Resource: "PullRequest", Field: "head", Code: "invalid"})
		return
	case baseSHA == "":
		invalid(fieldError{Resource: "PullRequest", Field: "base", Code: "invalid"})
		return
	case headSHA == baseSHA:
		invalid(fieldError{Resource: "PullRequest", Code: "custom", Message: fmt.Sprintf("No commits between %s and %s", body.Base, head)})
		return
	}
	for _, p := range s.repoPulls(owner, repo) {
		if p.State == "open" && p.HeadRef == head {
			invalid(fieldError{Resource: "PullRequest", Code: "custom", Message: fmt.Sprintf("A pull request already exists for %s:%s.", owner, head)})
			return
		}
	}
	n := s.nextNumber(owner, repo)
	now := s.now()
	p := &pull{PullRequest: PullRequest{Number: n, Title: body.Title, Body: body.Body, State: "open", Draft: body.Draft,
		HeadSHA: headSHA, HeadRef: head, BaseSHA: baseSHA, BaseRef: body.Base, Author: c.login},
		owner: owner, repo: repo, id: s.newID(), author: s.user(c.login), created: now, updated: now}
	s.pulls[pullKey(owner, repo, n)] = p
	writeJSON(w, http.StatusCreated, s.pullJSON(p))
}

// updatePull serves PATCH /repos/{owner}/{repo}/pulls/{number}.
func (s *Server) updatePull(w http.ResponseWriter, r *http.Request, c *call) {
	n, ok := pathInt(w, c, "number")
	if !ok {
		return
	}
	p := s.pulls[pullKey(c.params["owner"], c.params["repo"], int(n))]
	if p == nil {
		writeError(w, http.StatusNotFound, "Not Found", pullDocs+"#update-a-pull-request")
		return
	}
	var body struct {
		Title, Body, State, Base *string
	}
	if !decodeBody(w, r, &body, pullDocs+"#update-a-pull-request") {
		return
	}
	if body.Title != nil {
		p.Title = *body.Title
	}
	if body.Body != nil {
		p.Body = *body.Body
	}
	if body.State != nil && (*body.State == "open" || *body.State == "closed") {
		p.State = *body.State
	}
	if body.Base != nil {
		p.BaseRef = *body.Base
	}
	p.updated = s.now()
	writeJSON(w, http.StatusOK, s.pullJSON(p))
}
