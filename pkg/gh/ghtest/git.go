package ghtest

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"
)

// gitStore holds the repositories' branches and commits: enough of git for
// the refs and contents endpoints (a commit is a full snapshot of the files).
type gitStore struct {
	refs    map[string]string     // "owner/repo refs/heads/main" -> commit sha
	commits map[string]*gitCommit // commit sha -> commit
}

type gitCommit struct {
	sha, parent, message, author string
	date                         time.Time
	files                        map[string][]byte
}

// Commit is a commit as tests see it.
type Commit struct {
	SHA, Parent, Message, Author string
}

func (s *Server) gitInit() {
	if s.git.refs == nil {
		s.git.refs = map[string]string{}
		s.git.commits = map[string]*gitCommit{}
	}
}

func refKey(owner, repo, ref string) string {
	return strings.ToLower(owner+"/"+repo) + " " + ref
}

// commitFiles records a commit on branch (created when missing) whose files
// are the parent's with changes applied; it returns the new commit.
func (s *Server) commitFiles(owner, repo, branch, message, author string, changes map[string][]byte) *gitCommit {
	s.gitInit()
	key := refKey(owner, repo, "refs/heads/"+branch)
	parent := s.git.refs[key]
	files := map[string][]byte{}
	if p := s.git.commits[parent]; p != nil {
		for k, v := range p.files {
			files[k] = v
		}
	}
	for k, v := range changes {
		files[k] = append([]byte(nil), v...)
	}
	c := &gitCommit{parent: parent, message: message, author: author, date: s.now(), files: files}
	h := sha1.Sum([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%d", parent, message, author, s.now().UnixNano(), s.newID())))
	c.sha = hex.EncodeToString(h[:])
	s.git.commits[c.sha] = c
	s.setRef(owner, repo, "refs/heads/"+branch, c.sha)
	return c
}

// setRef points ref at sha and moves the head of open pull requests from it.
func (s *Server) setRef(owner, repo, ref, sha string) {
	s.git.refs[refKey(owner, repo, ref)] = sha
	branch := strings.TrimPrefix(ref, "refs/heads/")
	for _, p := range s.pulls {
		if strings.EqualFold(p.owner, owner) && strings.EqualFold(p.repo, repo) && p.HeadRef == branch && p.State == "open" {
			p.HeadSHA = sha
			p.updated = s.now()
		}
	}
}

// SetFile commits content at path on branch of owner/repo (creating the
// branch), as a push would; it returns the commit's sha.
func (s *Server) SetFile(owner, repo, branch, path string, content []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repoID(owner, repo)
	return s.commitFiles(owner, repo, branch, "Add "+path, "octocat", map[string][]byte{path: content}).sha
}

// File returns the content of path on branch of owner/repo.
func (s *Server) File(owner, repo, branch, path string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gitInit()
	c := s.git.commits[s.git.refs[refKey(owner, repo, "refs/heads/"+branch)]]
	if c == nil {
		return nil, false
	}
	b, ok := c.files[path]
	return b, ok
}

// Branch returns the head commit sha of branch, "" when it does not exist.
func (s *Server) Branch(owner, repo, branch string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gitInit()
	return s.git.refs[refKey(owner, repo, "refs/heads/"+branch)]
}

// Commits returns the commits of branch, newest first.
func (s *Server) Commits(owner, repo, branch string) []Commit {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gitInit()
	var out []Commit
	for c := s.git.commits[s.git.refs[refKey(owner, repo, "refs/heads/"+branch)]]; c != nil; c = s.git.commits[c.parent] {
		out = append(out, Commit{SHA: c.sha, Parent: c.parent, Message: c.message, Author: c.author})
	}
	return out
}

// blobSHA is git's object id of a blob, what the contents API calls sha.
func blobSHA(b []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(b))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// rest joins the wildcard segments p0..p5 that matched: refs and paths hold
// slashes, and the router matches one segment per wildcard.
func rest(c *call) string {
	var parts []string
	for i := 0; i < maxDepth; i++ {
		if v, ok := c.params[fmt.Sprintf("p%d", i)]; ok {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, "/")
}

const maxDepth = 6

// handleDeep registers pattern + "/{p0}/.../{pN}" for 1..maxDepth segments.
func (s *Server) handleDeep(method, pattern string, h handlerFunc) {
	p := pattern
	for i := 0; i < maxDepth; i++ {
		p += fmt.Sprintf("/{p%d}", i)
		s.router.handle(method, p, h)
	}
}

func (s *Server) gitRoutes() {
	s.handleDeep(http.MethodGet, "/repos/{owner}/{repo}/git/ref", s.getRef)
	s.router.handle(http.MethodPost, "/repos/{owner}/{repo}/git/refs", s.createRef)
	s.handleDeep(http.MethodPatch, "/repos/{owner}/{repo}/git/refs", s.updateRef)
	s.handleDeep(http.MethodGet, "/repos/{owner}/{repo}/contents", s.getContents)
	s.handleDeep(http.MethodPut, "/repos/{owner}/{repo}/contents", s.putContents)
	s.pullWriteRoutes()
}

// refJSON is GitHub's git reference object.
type refJSON struct {
	Ref    string `json:"ref"`
	NodeID string `json:"node_id"`
	URL    string `json:"url"`
	Object struct {
		Type string `json:"type"`
		SHA  string `json:"sha"`
		URL  string `json:"url"`
	} `json:"object"`
}

func (s *Server) refJSON(owner, repo, ref, sha string) refJSON {
	api := s.URL + "repos/" + owner + "/" + repo
	r := refJSON{Ref: ref, NodeID: "REF_" + base64.RawStdEncoding.EncodeToString([]byte(ref)), URL: api + "/git/" + ref}
	r.Object.Type, r.Object.SHA, r.Object.URL = "commit", sha, api+"/git/commits/"+sha
	return r
}

const refDocs = "https://docs.github.com/rest/git/refs"

// getRef serves GET /repos/{owner}/{repo}/git/ref/{ref}.
func (s *Server) getRef(w http.ResponseWriter, r *http.Request, c *call) {
	s.gitInit()
	ref := "refs/" + rest(c)
	sha, ok := s.git.refs[refKey(c.params["owner"], c.params["repo"], ref)]
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found", refDocs+"#get-a-reference")
		return
	}
	writeJSON(w, http.StatusOK, s.refJSON(c.params["owner"], c.params["repo"], ref, sha))
}

// createRef serves POST /repos/{owner}/{repo}/git/refs.
func (s *Server) createRef(w http.ResponseWriter, r *http.Request, c *call) {
	s.gitInit()
	var body struct{ Ref, SHA string }
	if !decodeBody(w, r, &body, refDocs+"#create-a-reference") {
		return
	}
	owner, repo := c.params["owner"], c.params["repo"]
	switch {
	case !strings.HasPrefix(body.Ref, "refs/") || strings.Count(body.Ref, "/") < 2:
		writeError(w, http.StatusUnprocessableEntity, "Reference name must start with 'refs/' and have at least two slashes.", refDocs+"#create-a-reference")
	case s.git.commits[body.SHA] == nil:
		writeError(w, http.StatusUnprocessableEntity, "Object does not exist", refDocs+"#create-a-reference")
	case s.git.refs[refKey(owner, repo, body.Ref)] != "":
		writeError(w, http.StatusUnprocessableEntity, "Reference already exists", refDocs+"#create-a-reference")
	default:
		s.setRef(owner, repo, body.Ref, body.SHA)
		writeJSON(w, http.StatusCreated, s.refJSON(owner, repo, body.Ref, body.SHA))
	}
}

// updateRef serves PATCH /repos/{owner}/{repo}/git/refs/{ref}.
func (s *Server) updateRef(w http.ResponseWriter, r *http.Request, c *call) {
	s.gitInit()
	var body struct {
		SHA   string `json:"sha"`
		Force bool   `json:"force"`
	}
	if !decodeBody(w, r, &body, refDocs+"#update-a-reference") {
		return
	}
	owner, repo, ref := c.params["owner"], c.params["repo"], "refs/"+rest(c)
	cur, ok := s.git.refs[refKey(owner, repo, ref)]
	switch {
	case !ok:
		writeError(w, http.StatusUnprocessableEntity, "Reference does not exist", refDocs+"#update-a-reference")
	case s.git.commits[body.SHA] == nil:
		writeError(w, http.StatusUnprocessableEntity, "Object does not exist", refDocs+"#update-a-reference")
	case !body.Force && !s.ancestor(cur, body.SHA):
		writeError(w, http.StatusUnprocessableEntity, "Update is not a fast forward", refDocs+"#update-a-reference")
	default:
		s.setRef(owner, repo, ref, body.SHA)
		writeJSON(w, http.StatusOK, s.refJSON(owner, repo, ref, body.SHA))
	}
}

// ancestor reports whether commit a is b or one of b's ancestors.
func (s *Server) ancestor(a, b string) bool {
	for c := s.git.commits[b]; c != nil; c = s.git.commits[c.parent] {
		if c.sha == a {
			return true
		}
	}
	return false
}

const contentsDocs = "https://docs.github.com/rest/repos/contents"

// contentJSON is GitHub's file content object.
type contentJSON struct {
	Type        string            `json:"type"`
	Encoding    string            `json:"encoding,omitempty"`
	Size        int               `json:"size"`
	Name        string            `json:"name"`
	Path        string            `json:"path"`
	Content     string            `json:"content,omitempty"`
	SHA         string            `json:"sha"`
	URL         string            `json:"url"`
	GitURL      string            `json:"git_url"`
	HTMLURL     string            `json:"html_url"`
	DownloadURL string            `json:"download_url"`
	Links       map[string]string `json:"_links"`
}

func (s *Server) contentJSON(owner, repo, branch, p string, b []byte, withContent bool) contentJSON {
	api := s.URL + "repos/" + owner + "/" + repo
	sha := blobSHA(b)
	html := s.Origin + "/" + owner + "/" + repo + "/blob/" + branch + "/" + p
	out := contentJSON{Type: "file", Size: len(b), Name: path.Base(p), Path: p, SHA: sha,
		URL: api + "/contents/" + p + "?ref=" + branch, GitURL: api + "/git/blobs/" + sha, HTMLURL: html,
		DownloadURL: s.Origin + "/raw/" + owner + "/" + repo + "/" + branch + "/" + p}
	out.Links = map[string]string{"self": out.URL, "git": out.GitURL, "html": html}
	if withContent {
		// GitHub wraps the base64 at 60 characters.
		enc := base64.StdEncoding.EncodeToString(b)
		var lines []string
		for len(enc) > 60 {
			lines, enc = append(lines, enc[:60]), enc[60:]
		}
		out.Encoding, out.Content = "base64", strings.Join(append(lines, enc), "\n")+"\n"
	}
	return out
}

// branchOf is the ?ref= or body branch, defaulting to the default branch.
func branchOf(ref string) string {
	ref = strings.TrimPrefix(ref, "refs/heads/")
	if ref == "" {
		return "main"
	}
	return ref
}

// getContents serves GET /repos/{owner}/{repo}/contents/{path}?ref=.
func (s *Server) getContents(w http.ResponseWriter, r *http.Request, c *call) {
	s.gitInit()
	owner, repo, p := c.params["owner"], c.params["repo"], rest(c)
	branch := branchOf(r.URL.Query().Get("ref"))
	commit := s.git.commits[s.git.refs[refKey(owner, repo, "refs/heads/"+branch)]]
	if commit == nil {
		commit = s.git.commits[r.URL.Query().Get("ref")] // a commit sha
	}
	if commit == nil {
		writeError(w, http.StatusNotFound, "No commit found for the ref "+branch, contentsDocs+"#get-repository-content")
		return
	}
	b, ok := commit.files[p]
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found", contentsDocs+"#get-repository-content")
		return
	}
	writeJSON(w, http.StatusOK, s.contentJSON(owner, repo, branch, p, b, true))
}

// putContents serves PUT /repos/{owner}/{repo}/contents/{path}: create or
// update one file with a commit.
func (s *Server) putContents(w http.ResponseWriter, r *http.Request, c *call) {
	s.gitInit()
	doc := contentsDocs + "#create-or-update-file-contents"
	var body struct {
		Message string `json:"message"`
		Content string `json:"content"`
		SHA     string `json:"sha"`
		Branch  string `json:"branch"`
	}
	if !decodeBody(w, r, &body, doc) {
		return
	}
	owner, repo, p := c.params["owner"], c.params["repo"], rest(c)
	branch := branchOf(body.Branch)
	content, err := base64.StdEncoding.DecodeString(body.Content)
	switch {
	case body.Message == "":
		writeError(w, http.StatusUnprocessableEntity, "Invalid request.\n\n\"message\" wasn't supplied.", doc)
		return
	case err != nil:
		writeError(w, http.StatusUnprocessableEntity, "content is not valid Base64", doc)
		return
	}
	head := s.git.commits[s.git.refs[refKey(owner, repo, "refs/heads/"+branch)]]
	if head == nil {
		writeError(w, http.StatusNotFound, "Branch "+branch+" not found", doc)
		return
	}
	old, exists := head.files[p]
	switch {
	case exists && body.SHA == "":
		writeError(w, http.StatusUnprocessableEntity, "Invalid request.\n\n\"sha\" wasn't supplied.", doc)
		return
	case exists && body.SHA != blobSHA(old), !exists && body.SHA != "":
		writeError(w, http.StatusConflict, p+" does not match "+body.SHA, doc)
		return
	}
	commit := s.commitFiles(owner, repo, branch, body.Message, c.login, map[string][]byte{p: content})
	api := s.URL + "repos/" + owner + "/" + repo
	status := http.StatusOK
	if !exists {
		status = http.StatusCreated
	}
	writeJSON(w, status, map[string]any{
		"content": s.contentJSON(owner, repo, branch, p, content, false),
		"commit": map[string]any{
			"sha": commit.sha, "node_id": nodeID("C_", s.newID()), "url": api + "/git/commits/" + commit.sha,
			"html_url": s.Origin + "/" + owner + "/" + repo + "/commit/" + commit.sha, "message": body.Message,
			"author":    map[string]string{"name": c.login, "email": c.login + "@users.noreply.github.com", "date": stamp(commit.date)},
			"committer": map[string]string{"name": c.login, "email": c.login + "@users.noreply.github.com", "date": stamp(commit.date)},
			"parents":   []map[string]string{{"sha": commit.parent, "url": api + "/git/commits/" + commit.parent}},
		},
	})
}
