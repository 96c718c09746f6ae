package ghtest

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/go-github/v60/github"
)

const (
	docsCreateIssue = "https://docs.github.com/rest/issues/issues#create-an-issue"
	docsUpdateIssue = "https://docs.github.com/rest/issues/issues#update-an-issue"
	docsGetIssue    = "https://docs.github.com/rest/issues/issues#get-an-issue"
)

// maxIssueBody is GitHub's limit on an issue body, in characters.
const maxIssueBody = 65536

type issue struct {
	id               int64
	owner, repo      string
	number           int
	title, body      string
	state            string // "open" or "closed"
	stateReason      string
	author           *user
	labels           []*label
	created, updated time.Time
	closed           *time.Time
}

type label struct {
	id          int64
	name, color string
}

// nextNumber is the next issue number of owner/repo: issues and pull requests
// share one sequence, as on GitHub. s.mu must be held.
func (s *Server) nextNumber(owner, repo string) int {
	n := 0
	for _, is := range s.issues {
		if strings.EqualFold(is.owner, owner) && strings.EqualFold(is.repo, repo) {
			n = max(n, is.number)
		}
	}
	for _, p := range s.pulls {
		if strings.EqualFold(p.owner, owner) && strings.EqualFold(p.repo, repo) {
			n = max(n, p.Number)
		}
	}
	return n + 1
}

// label returns the label name of owner/repo, creating it on first use (GitHub
// creates unknown labels given when an issue is created or updated by someone
// with push access). s.mu must be held.
func (s *Server) label(owner, repo, name string) *label {
	key := strings.ToLower(owner + "/" + repo + ":" + name)
	if l, ok := s.labels[key]; ok {
		return l
	}
	l := &label{id: s.newID(), name: name, color: "ededed"}
	s.labels[key] = l
	return l
}

// AddIssue seeds an issue by login (e.g. a look-alike written by a human) and
// returns its number.
func (s *Server) AddIssue(owner, repo, login, title, body string, labels ...string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.createIssue(owner, repo, s.user(login), title, body, labels).number
}

// Issues returns a snapshot of the issues of owner/repo, ordered by number, as
// go-github decodes them from this server's JSON.
func (s *Server) Issues(owner, repo string) []*github.Issue {
	s.mu.Lock()
	var views []issueJSON
	for _, is := range s.issueList(owner, repo) {
		views = append(views, s.issueJSON(is))
	}
	s.mu.Unlock()
	return asClient[[]*github.Issue](views)
}

// issueList returns the issues of owner/repo by number. s.mu must be held.
func (s *Server) issueList(owner, repo string) []*issue {
	var list []*issue
	for _, is := range s.issues {
		if strings.EqualFold(is.owner, owner) && strings.EqualFold(is.repo, repo) {
			list = append(list, is)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].number < list[j].number })
	return list
}

func (s *Server) createIssue(owner, repo string, author *user, title, body string, labels []string) *issue {
	s.repoID(owner, repo)
	now := s.now()
	is := &issue{id: s.newID(), owner: owner, repo: repo, number: s.nextNumber(owner, repo),
		title: title, body: body, state: "open", author: author, created: now, updated: now}
	for _, l := range labels {
		is.labels = append(is.labels, s.label(owner, repo, l))
	}
	s.issues[issueKey(owner, repo, is.number)] = is
	return is
}

// issueJSON is GitHub's issue object.
type issueJSON struct {
	URL               string        `json:"url"`
	RepositoryURL     string        `json:"repository_url"`
	LabelsURL         string        `json:"labels_url"`
	CommentsURL       string        `json:"comments_url"`
	EventsURL         string        `json:"events_url"`
	HTMLURL           string        `json:"html_url"`
	ID                int64         `json:"id"`
	NodeID            string        `json:"node_id"`
	Number            int           `json:"number"`
	Title             string        `json:"title"`
	User              userJSON      `json:"user"`
	Labels            []labelJSON   `json:"labels"`
	State             string        `json:"state"`
	StateReason       *string       `json:"state_reason"`
	Locked            bool          `json:"locked"`
	Assignee          *userJSON     `json:"assignee"`
	Assignees         []userJSON    `json:"assignees"`
	Milestone         *struct{}     `json:"milestone"`
	Comments          int           `json:"comments"`
	CreatedAt         string        `json:"created_at"`
	UpdatedAt         string        `json:"updated_at"`
	ClosedAt          *string       `json:"closed_at"`
	AuthorAssociation string        `json:"author_association"`
	ActiveLockReason  *string       `json:"active_lock_reason"`
	Body              *string       `json:"body"`
	Reactions         reactionsJSON `json:"reactions"`
	TimelineURL       string        `json:"timeline_url"`
}

// labelJSON is GitHub's label object.
type labelJSON struct {
	ID          int64   `json:"id"`
	NodeID      string  `json:"node_id"`
	URL         string  `json:"url"`
	Name        string  `json:"name"`
	Color       string  `json:"color"`
	Default     bool    `json:"default"`
	Description *string `json:"description"`
}

func (s *Server) issueJSON(is *issue) issueJSON {
	repoAPI := s.URL + "repos/" + is.owner + "/" + is.repo
	url := fmt.Sprintf("%s/issues/%d", repoAPI, is.number)
	v := issueJSON{
		URL: url, RepositoryURL: repoAPI, LabelsURL: url + "/labels{/name}", CommentsURL: url + "/comments",
		EventsURL: url + "/events", HTMLURL: s.htmlIssueURL(is.owner, is.repo, is.number),
		ID: is.id, NodeID: nodeID("I_", is.id), Number: is.number, Title: is.title,
		User: s.userJSON(is.author), Labels: []labelJSON{}, State: is.state, Assignees: []userJSON{},
		Comments:  len(s.comments.byIssue[issueKey(is.owner, is.repo, is.number)]),
		CreatedAt: stamp(is.created), UpdatedAt: stamp(is.updated),
		AuthorAssociation: association(is.owner, is.author),
		Reactions:         reactionsJSON{URL: url + "/reactions"}, TimelineURL: url + "/timeline",
	}
	if is.body != "" {
		b := is.body
		v.Body = &b
	}
	if is.stateReason != "" {
		r := is.stateReason
		v.StateReason = &r
	}
	if is.closed != nil {
		c := stamp(*is.closed)
		v.ClosedAt = &c
	}
	for _, l := range is.labels {
		v.Labels = append(v.Labels, labelJSON{ID: l.id, NodeID: nodeID("LA_", l.id),
			URL: repoAPI + "/labels/" + l.name, Name: l.name, Color: l.color})
	}
	return v
}

func (s *Server) issueRoutes() {
	const list = "/repos/{owner}/{repo}/issues"
	const one = "/repos/{owner}/{repo}/issues/{number}"
	s.router.handle(http.MethodGet, list, s.listIssues)
	s.router.handle(http.MethodPost, list, s.postIssue)
	s.router.handle(http.MethodGet, one, s.getIssue)
	s.router.handle(http.MethodPatch, one, s.patchIssue)
}

// listIssues serves GET /repos/{owner}/{repo}/issues with GitHub's filters
// state (open by default, closed, all), creator and labels (all of a
// comma-separated list), newest first by default, paginated.
func (s *Server) listIssues(w http.ResponseWriter, r *http.Request, c *call) {
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	var want []string
	if l := q.Get("labels"); l != "" {
		want = strings.Split(l, ",")
	}
	var list []*issue
	for _, is := range s.issueList(c.params["owner"], c.params["repo"]) {
		if state != "all" && is.state != state {
			continue
		}
		if cr := q.Get("creator"); cr != "" && !strings.EqualFold(cr, is.author.login) {
			continue
		}
		if !hasLabels(is, want) {
			continue
		}
		list = append(list, is)
	}
	if q.Get("direction") != "asc" {
		for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
			list[i], list[j] = list[j], list[i]
		}
	}
	from, to := s.page(w, r, len(list))
	out := make([]issueJSON, 0, to-from)
	for _, is := range list[from:to] {
		out = append(out, s.issueJSON(is))
	}
	writeJSON(w, http.StatusOK, out)
}

func hasLabels(is *issue, want []string) bool {
	for _, w := range want {
		found := false
		for _, l := range is.labels {
			found = found || strings.EqualFold(l.name, strings.TrimSpace(w))
		}
		if !found {
			return false
		}
	}
	return true
}

type issueInput struct {
	Title       *string   `json:"title"`
	Body        *string   `json:"body"`
	State       *string   `json:"state"`
	StateReason *string   `json:"state_reason"`
	Labels      *[]string `json:"labels"`
}

func validIssue(w http.ResponseWriter, in issueInput, create bool, docURL string) bool {
	if create && (in.Title == nil || strings.TrimSpace(*in.Title) == "") {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed", docURL,
			fieldError{Resource: "Issue", Code: "missing_field", Field: "title"})
		return false
	}
	if in.Body != nil && utf8.RuneCountInString(*in.Body) > maxIssueBody {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed", docURL,
			fieldError{Resource: "Issue", Code: "custom", Field: "body",
				Message: fmt.Sprintf("body is too long (maximum is %d characters)", maxIssueBody)})
		return false
	}
	if in.State != nil && *in.State != "open" && *in.State != "closed" {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed", docURL,
			fieldError{Resource: "Issue", Code: "invalid", Field: "state"})
		return false
	}
	return true
}

// postIssue serves POST /repos/{owner}/{repo}/issues.
func (s *Server) postIssue(w http.ResponseWriter, r *http.Request, c *call) {
	var in issueInput
	if !decodeBody(w, r, &in, docsCreateIssue) || !validIssue(w, in, true, docsCreateIssue) {
		return
	}
	var body string
	if in.Body != nil {
		body = *in.Body
	}
	var labels []string
	if in.Labels != nil {
		labels = *in.Labels
	}
	is := s.createIssue(c.params["owner"], c.params["repo"], s.user(c.login), *in.Title, body, labels)
	v := s.issueJSON(is)
	w.Header().Set("Location", v.URL)
	writeJSON(w, http.StatusCreated, v)
}

func (s *Server) issueFor(w http.ResponseWriter, c *call, docURL string) (*issue, bool) {
	n, ok := pathInt(w, c, "number")
	if !ok {
		return nil, false
	}
	is := s.issues[issueKey(c.params["owner"], c.params["repo"], int(n))]
	if is == nil {
		writeError(w, http.StatusNotFound, "Not Found", docURL)
		return nil, false
	}
	return is, true
}

// getIssue serves GET /repos/{owner}/{repo}/issues/{number}.
func (s *Server) getIssue(w http.ResponseWriter, r *http.Request, c *call) {
	if is, ok := s.issueFor(w, c, docsGetIssue); ok {
		writeJSON(w, http.StatusOK, s.issueJSON(is))
	}
}

// patchIssue serves PATCH /repos/{owner}/{repo}/issues/{number}: title, body,
// state (with state_reason) and labels (replacing the set).
func (s *Server) patchIssue(w http.ResponseWriter, r *http.Request, c *call) {
	is, ok := s.issueFor(w, c, docsUpdateIssue)
	if !ok {
		return
	}
	var in issueInput
	if !decodeBody(w, r, &in, docsUpdateIssue) || !validIssue(w, in, false, docsUpdateIssue) {
		return
	}
	now := s.now()
	if in.Title != nil {
		is.title = *in.Title
	}
	if in.Body != nil {
		is.body = *in.Body
	}
	if in.Labels != nil {
		is.labels = nil
		for _, l := range *in.Labels {
			is.labels = append(is.labels, s.label(is.owner, is.repo, l))
		}
	}
	if in.State != nil && *in.State != is.state {
		is.state = *in.State
		switch is.state {
		case "closed":
			is.closed = &now
			is.stateReason = "completed"
			if in.StateReason != nil {
				is.stateReason = *in.StateReason
			}
		case "open":
			is.closed = nil
			is.stateReason = "reopened"
		}
	}
	is.updated = now
	writeJSON(w, http.StatusOK, s.issueJSON(is))
}
