// Package ghtest is an httptest stand-in for GitHub's REST API: the endpoints
// repave uses, answering with payloads shaped like GitHub's (field names as
// GitHub returns them), with GitHub's validation, authentication by token,
// pagination, fault injection (5xx, rate limits) for testing retries, and a
// rendezvous (Rendezvous) that holds concurrent requests until all have
// arrived, for testing races.
//
// Routes are served both at the root and under the GHES prefix /api/v3/, over
// plain HTTP or TLS (WithTLS), so the same server backs unit tests, command
// tests and end-to-end runs under act with --github-instance.
//
// Each resource family lives in its own file (users.go, comments.go,
// pulls.go) and registers its routes in routes(); add new families the same
// way.
package ghtest

import (
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ghesPrefix is where GitHub Enterprise Server serves its REST API.
const ghesPrefix = "/api/v3"

// Server is a running stand-in for GitHub. All methods are safe for concurrent
// use.
type Server struct {
	// URL is the API base URL to give gh.Options.APIURL (GITHUB_API_URL), in the
	// GHES form: e.g. http://127.0.0.1:1234/api/v3/.
	URL string
	// Origin is the server's scheme and host, what GITHUB_SERVER_URL would be
	// (e.g. https://127.0.0.1:1234); html_url fields point there. The API is
	// also served at Origin + "/".
	Origin string

	srv    *httptest.Server
	tls    bool
	router router

	mu          sync.Mutex
	now         func() time.Time
	rendezvous  []*rendezvous // rendezvous.go
	nextID      int64
	tokens      map[string]string // token -> login
	users       map[string]*user  // lower-case login -> user
	repos       map[string]int64  // "owner/repo" -> repository id
	comments    commentStore
	pulls       map[string]*pull      // "owner/repo#n" -> pull request
	pullFiles   map[string][]PullFile // "owner/repo#n" -> its files: pullfiles.go
	issues      map[string]*issue     // "owner/repo#n" -> issue
	labels      map[string]*label     // "owner/repo:name" (lower case) -> label
	deployments []*deployment         // oldest first
	commitLag   map[string]int        // "owner/repo@sha" -> empty answers left: commits.go
	reviews     map[string][]*review  // "owner/repo#n" -> reviews, oldest first: reviews.go
	git         gitStore              // branches and commits: git.go
	faults      []*fault
	depFaults   []*fault // deployment status writes: deployments.go
	log         []Request
}

// Cleaner is the part of testing.TB that New needs.
type Cleaner interface {
	Helper()
	Cleanup(func())
}

// Option configures New.
type Option func(*config)

type config struct {
	tls bool
}

// WithTLS serves over HTTPS with httptest's certificate, which is valid for
// 127.0.0.1: use Client() in tests and CertPEM() for SSL_CERT_FILE in
// subprocesses.
func WithTLS() Option { return func(c *config) { c.tls = true } }

// New starts a server that is closed when t's test ends.
//
// t is a *testing.T in tests; the local loop passes its own Cleaner to run
// the stand-in outside a test.
func New(t Cleaner, opts ...Option) *Server {
	t.Helper()
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		tls:    cfg.tls,
		now:    time.Now,
		nextID: 1000,
		tokens: map[string]string{},
		users:  map[string]*user{},
		repos:  map[string]int64{},
		pulls:  map[string]*pull{},
		issues: map[string]*issue{},
		labels: map[string]*label{},
	}
	s.comments.init()
	s.routes()
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	if cfg.tls {
		s.srv.StartTLS()
	} else {
		s.srv.Start()
	}
	t.Cleanup(s.srv.Close)
	s.Origin = s.srv.URL
	s.URL = s.srv.URL + ghesPrefix + "/"
	return s
}

// routes registers every endpoint; each resource family adds its own.
func (s *Server) routes() {
	s.userRoutes()
	s.commentRoutes()
	s.pullRoutes()
	s.pullFileRoutes()
	s.commitRoutes()
	s.reviewRoutes()
	s.deploymentRoutes()
	s.issueRoutes()
	s.gitRoutes()
}

// Client returns an http.Client that trusts the server (over TLS too).
func (s *Server) Client() *http.Client { return s.srv.Client() }

// CertPEM returns the server's certificate in PEM form, to write to a file
// named by SSL_CERT_FILE; nil without WithTLS.
func (s *Server) CertPEM() []byte {
	if !s.tls {
		return nil
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.srv.Certificate().Raw})
}

// Request is one request the server answered.
type Request struct {
	Method string
	// Path is the API path without the GHES prefix, e.g. /repos/o/r/issues/1/comments.
	Path string
	// Query is the raw query string.
	Query string
	// Status is the HTTP status answered.
	Status int
	// Login is the token's user, "" when the token was missing or unknown.
	Login string
}

// Requests returns the log of answered requests, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// Count returns how many logged requests have method (any when "") and a path
// ending in pathSuffix.
func (s *Server) Count(method, pathSuffix string) int {
	n := 0
	for _, r := range s.Requests() {
		if (method == "" || r.Method == method) && strings.HasSuffix(r.Path, pathSuffix) {
			n++
		}
	}
	return n
}

// serve answers one request: log, faults, rendezvous, authentication, routing.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if rest, ok := strings.CutPrefix(path, ghesPrefix); ok && (rest == "" || rest[0] == '/') {
		path = rest
	}
	rec := &statusRecorder{ResponseWriter: w}
	entry := Request{Method: r.Method, Path: path, Query: r.URL.RawQuery}
	defer func() {
		s.mu.Lock()
		entry.Status = rec.status
		s.log = append(s.log, entry)
		s.mu.Unlock()
	}()

	s.mu.Lock()
	f := s.takeFault(r.Method, path)
	s.mu.Unlock()

	s.setCommonHeaders(rec)
	if f != nil {
		f.write(rec)
		return
	}
	s.meet(r.Method, path)

	s.mu.Lock()
	defer s.mu.Unlock()
	token := bearer(r.Header.Get("Authorization"))
	login, ok := s.tokens[token]
	if !ok {
		writeError(rec, http.StatusUnauthorized, "Bad credentials", "https://docs.github.com/rest")
		return
	}
	entry.Login = login
	h, params := s.router.match(r.Method, path)
	if h == nil {
		writeError(rec, http.StatusNotFound, "Not Found", "https://docs.github.com/rest")
		return
	}
	h(rec, r, &call{login: login, token: token, params: params})
}

// bearer takes the token from "token X" or "Bearer X".
func bearer(h string) string {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || (!strings.EqualFold(scheme, "token") && !strings.EqualFold(scheme, "bearer")) {
		return ""
	}
	return strings.TrimSpace(tok)
}

// setCommonHeaders sets what GitHub sends with every answer.
func (s *Server) setCommonHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	h.Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	h.Set("X-RateLimit-Limit", "5000")
	h.Set("X-RateLimit-Remaining", "4999")
	h.Set("X-RateLimit-Reset", strconv.FormatInt(s.now().Add(time.Hour).Unix(), 10))
	h.Set("X-RateLimit-Used", "1")
	h.Set("X-RateLimit-Resource", "core")
	h.Set("X-GitHub-Request-Id", fmt.Sprintf("GHTEST:%d", time.Now().UnixNano()))
}

// newID hands out ids for every resource, increasing like GitHub's.
func (s *Server) newID() int64 {
	s.nextID++
	return s.nextID
}

// repoID returns the id of owner/repo, creating the repository on first use.
func (s *Server) repoID(owner, repo string) int64 {
	key := owner + "/" + repo
	id, ok := s.repos[key]
	if !ok {
		id = s.newID()
		s.repos[key] = id
	}
	return id
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}
