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

// maxCommentBody is GitHub's limit on a comment body, in characters.
const maxCommentBody = 65536

const (
	docsCreateComment = "https://docs.github.com/rest/issues/comments#create-an-issue-comment"
	docsUpdateComment = "https://docs.github.com/rest/issues/comments#update-an-issue-comment"
	docsDeleteComment = "https://docs.github.com/rest/issues/comments#delete-an-issue-comment"
	docsGetComment    = "https://docs.github.com/rest/issues/comments#get-an-issue-comment"
)

type comment struct {
	id               int64
	owner, repo      string
	number           int
	author           *user
	body             string
	created, updated time.Time
}

type commentStore struct {
	byID    map[int64]*comment
	byIssue map[string][]*comment // issueKey -> comments, oldest first
}

func (cs *commentStore) init() {
	cs.byID = map[int64]*comment{}
	cs.byIssue = map[string][]*comment{}
}

func issueKey(owner, repo string, number int) string {
	return strings.ToLower(owner+"/"+repo) + fmt.Sprintf("#%d", number)
}

func (cs *commentStore) add(c *comment) {
	cs.byID[c.id] = c
	k := issueKey(c.owner, c.repo, c.number)
	cs.byIssue[k] = append(cs.byIssue[k], c)
}

func (cs *commentStore) remove(c *comment) {
	delete(cs.byID, c.id)
	k := issueKey(c.owner, c.repo, c.number)
	list := cs.byIssue[k]
	for i, x := range list {
		if x.id == c.id {
			cs.byIssue[k] = append(list[:i:i], list[i+1:]...)
			break
		}
	}
}

// find returns comment id if it belongs to owner/repo.
func (cs *commentStore) find(owner, repo string, id int64) *comment {
	c := cs.byID[id]
	if c == nil || !strings.EqualFold(c.owner, owner) || !strings.EqualFold(c.repo, repo) {
		return nil
	}
	return c
}

// AddComment seeds a comment by login (anyone, e.g. a forged marker by
// another user) on issue or pull request number, and returns its id.
func (s *Server) AddComment(owner, repo string, number int, login, body string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.createComment(owner, repo, number, s.user(login), body).id
}

// Comments returns a snapshot of the comments of issue or pull request number,
// ordered by id, as go-github decodes them from this server's JSON.
func (s *Server) Comments(owner, repo string, number int) []*github.IssueComment {
	s.mu.Lock()
	list := append([]*comment(nil), s.comments.byIssue[issueKey(owner, repo, number)]...)
	sort.Slice(list, func(i, j int) bool { return list[i].id < list[j].id })
	views := make([]commentJSON, len(list))
	for i, c := range list {
		views[i] = s.commentJSON(c)
	}
	s.mu.Unlock()
	return asClient[[]*github.IssueComment](views)
}

func (s *Server) createComment(owner, repo string, number int, author *user, body string) *comment {
	s.repoID(owner, repo)
	now := s.now()
	c := &comment{id: s.newID(), owner: owner, repo: repo, number: number, author: author,
		body: body, created: now, updated: now}
	s.comments.add(c)
	return c
}

// commentJSON is GitHub's issue comment object.
type commentJSON struct {
	URL                   string        `json:"url"`
	HTMLURL               string        `json:"html_url"`
	IssueURL              string        `json:"issue_url"`
	ID                    int64         `json:"id"`
	NodeID                string        `json:"node_id"`
	User                  userJSON      `json:"user"`
	CreatedAt             string        `json:"created_at"`
	UpdatedAt             string        `json:"updated_at"`
	AuthorAssociation     string        `json:"author_association"`
	Body                  string        `json:"body"`
	Reactions             reactionsJSON `json:"reactions"`
	PerformedViaGithubApp *struct{}     `json:"performed_via_github_app"`
}

type reactionsJSON struct {
	URL        string `json:"url"`
	TotalCount int    `json:"total_count"`
	PlusOne    int    `json:"+1"`
	MinusOne   int    `json:"-1"`
	Laugh      int    `json:"laugh"`
	Hooray     int    `json:"hooray"`
	Confused   int    `json:"confused"`
	Heart      int    `json:"heart"`
	Rocket     int    `json:"rocket"`
	Eyes       int    `json:"eyes"`
}

func (s *Server) commentJSON(c *comment) commentJSON {
	repoAPI := s.URL + "repos/" + c.owner + "/" + c.repo
	url := fmt.Sprintf("%s/issues/comments/%d", repoAPI, c.id)
	return commentJSON{
		URL:               url,
		HTMLURL:           fmt.Sprintf("%s#issuecomment-%d", s.htmlIssueURL(c.owner, c.repo, c.number), c.id),
		IssueURL:          fmt.Sprintf("%s/issues/%d", repoAPI, c.number),
		ID:                c.id,
		NodeID:            nodeID("IC_", c.id),
		User:              s.userJSON(c.author),
		CreatedAt:         stamp(c.created),
		UpdatedAt:         stamp(c.updated),
		AuthorAssociation: association(c.owner, c.author),
		Body:              c.body,
		Reactions:         reactionsJSON{URL: url + "/reactions"},
	}
}

// htmlIssueURL is the web page of issue or pull request number.
func (s *Server) htmlIssueURL(owner, repo string, number int) string {
	kind := "issues"
	if _, ok := s.pulls[pullKey(owner, repo, number)]; ok {
		kind = "pull"
	}
	return fmt.Sprintf("%s/%s/%s/%s/%d", s.Origin, owner, repo, kind, number)
}

// association is author_association: the repository's owner is OWNER, bots
// NONE, other token users COLLABORATOR.
func association(owner string, u *user) string {
	switch {
	case strings.EqualFold(owner, u.login):
		return "OWNER"
	case u.bot():
		return "NONE"
	}
	return "COLLABORATOR"
}

// validCommentBody answers 422 like GitHub for an empty or over-long body.
func validCommentBody(w http.ResponseWriter, body *string, docURL string) bool {
	if body == nil || strings.TrimSpace(*body) == "" {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed", docURL,
			fieldError{Resource: "IssueComment", Code: "missing_field", Field: "body"})
		return false
	}
	if utf8.RuneCountInString(*body) > maxCommentBody {
		writeError(w, http.StatusUnprocessableEntity, "Validation Failed", docURL,
			fieldError{Resource: "IssueComment", Code: "custom", Field: "body",
				Message: fmt.Sprintf("body is too long (maximum is %d characters)", maxCommentBody)})
		return false
	}
	return true
}

func (s *Server) commentRoutes() {
	const issue = "/repos/{owner}/{repo}/issues/{number}/comments"
	const byID = "/repos/{owner}/{repo}/issues/comments/{id}"
	s.router.handle(http.MethodGet, issue, s.listComments)
	s.router.handle(http.MethodPost, issue, s.postComment)
	s.router.handle(http.MethodGet, byID, s.getComment)
	s.router.handle(http.MethodPatch, byID, s.patchComment)
	s.router.handle(http.MethodDelete, byID, s.deleteComment)
}

// listComments serves GET /repos/{owner}/{repo}/issues/{number}/comments,
// oldest first, paginated.
func (s *Server) listComments(w http.ResponseWriter, r *http.Request, c *call) {
	n, ok := pathInt(w, c, "number")
	if !ok {
		return
	}
	list := s.comments.byIssue[issueKey(c.params["owner"], c.params["repo"], int(n))]
	from, to := s.page(w, r, len(list))
	out := make([]commentJSON, 0, to-from)
	for _, cm := range list[from:to] {
		out = append(out, s.commentJSON(cm))
	}
	writeJSON(w, http.StatusOK, out)
}

// postComment serves POST /repos/{owner}/{repo}/issues/{number}/comments.
func (s *Server) postComment(w http.ResponseWriter, r *http.Request, c *call) {
	n, ok := pathInt(w, c, "number")
	if !ok {
		return
	}
	var in struct {
		Body *string `json:"body"`
	}
	if !decodeBody(w, r, &in, docsCreateComment) || !validCommentBody(w, in.Body, docsCreateComment) {
		return
	}
	cm := s.createComment(c.params["owner"], c.params["repo"], int(n), s.user(c.login), *in.Body)
	w.Header().Set("Location", s.commentJSON(cm).URL)
	writeJSON(w, http.StatusCreated, s.commentJSON(cm))
}

// getComment serves GET /repos/{owner}/{repo}/issues/comments/{id}.
func (s *Server) getComment(w http.ResponseWriter, r *http.Request, c *call) {
	cm, ok := s.commentFor(w, c, docsGetComment)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, s.commentJSON(cm))
}

// patchComment serves PATCH /repos/{owner}/{repo}/issues/comments/{id}. Like
// GitHub, it lets anyone with write access edit any comment: the author stays
// who wrote it, whoever edits it (and every workflow of a repository writes
// as github-actions[bot]), so repave must never trust a body for its author.
func (s *Server) patchComment(w http.ResponseWriter, r *http.Request, c *call) {
	cm, ok := s.commentFor(w, c, docsUpdateComment)
	if !ok {
		return
	}
	var in struct {
		Body *string `json:"body"`
	}
	if !decodeBody(w, r, &in, docsUpdateComment) || !validCommentBody(w, in.Body, docsUpdateComment) {
		return
	}
	cm.body = *in.Body
	cm.updated = s.now()
	writeJSON(w, http.StatusOK, s.commentJSON(cm))
}

// deleteComment serves DELETE /repos/{owner}/{repo}/issues/comments/{id};
// like GitHub, anyone with write access may delete any comment.
func (s *Server) deleteComment(w http.ResponseWriter, r *http.Request, c *call) {
	cm, ok := s.commentFor(w, c, docsDeleteComment)
	if !ok {
		return
	}
	s.comments.remove(cm)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) commentFor(w http.ResponseWriter, c *call, docURL string) (*comment, bool) {
	id, ok := pathInt(w, c, "id")
	if !ok {
		return nil, false
	}
	cm := s.comments.find(c.params["owner"], c.params["repo"], id)
	if cm == nil {
		writeError(w, http.StatusNotFound, "Not Found", docURL)
		return nil, false
	}
	return cm, true
}
