package ghtest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

// do sends one request with token and returns the status, headers and body.
func do(t *testing.T, s *ghtest.Server, method, url, token, body string) (int, http.Header, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return m
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	s := ghtest.New(t)
	s.AddToken("ghp_alice", "alice")
	s.AddToken("ghs_actions", "github-actions[bot]")

	for _, auth := range []string{"token ghp_alice", "Bearer ghp_alice", "bearer ghp_alice"} {
		status, _, b := do(t, s, "GET", s.URL+"user", auth, "")
		if status != 200 || decode(t, b)["login"] != "alice" {
			t.Errorf("%s: %d %s", auth, status, b)
		}
	}
	status, _, b := do(t, s, "GET", s.URL+"user", "token ghs_actions", "")
	if m := decode(t, b); status != 403 || m["message"] != "Resource not accessible by integration" || m["documentation_url"] == nil {
		t.Errorf("installation token: %d %s", status, b)
	}
	for _, auth := range []string{"", "token nope", "Basic abc"} {
		status, _, b := do(t, s, "GET", s.URL+"user", auth, "")
		if status != 401 || decode(t, b)["message"] != "Bad credentials" {
			t.Errorf("%q: %d %s", auth, status, b)
		}
	}
}

func TestServedAtRootAndUnderGHESPrefix(t *testing.T) {
	t.Parallel()
	s := ghtest.New(t, ghtest.WithTLS())
	s.AddToken("ghp_alice", "alice")
	for _, base := range []string{s.URL, s.Origin + "/"} {
		status, _, b := do(t, s, "GET", base+"user", "token ghp_alice", "")
		if status != 200 {
			t.Errorf("%suser: %d %s", base, status, b)
		}
	}
	if pem := string(s.CertPEM()); !strings.HasPrefix(pem, "-----BEGIN CERTIFICATE-----") {
		t.Errorf("CertPEM = %q", pem)
	}
	if got := s.Requests(); len(got) != 2 || got[0].Path != "/user" || got[1].Path != "/user" || got[0].Login != "alice" {
		t.Errorf("Requests = %+v", got)
	}
	status, _, _ := do(t, s, "GET", s.URL+"no/such/route", "token ghp_alice", "")
	if status != 404 {
		t.Errorf("unknown route: %d", status)
	}
}

func TestCommentPayloadIsShapedLikeGitHubs(t *testing.T) {
	t.Parallel()
	s := ghtest.New(t)
	s.AddToken("ghs_actions", "github-actions[bot]")
	s.AddPull("acme", "infra", ghtest.PullRequest{Number: 5})

	status, h, b := do(t, s, "POST", s.URL+"repos/acme/infra/issues/5/comments", "token ghs_actions", `{"body":"hello"}`)
	if status != 201 {
		t.Fatalf("POST: %d %s", status, b)
	}
	m := decode(t, b)
	for _, k := range []string{"id", "node_id", "url", "html_url", "issue_url", "body", "user", "created_at",
		"updated_at", "author_association", "reactions", "performed_via_github_app"} {
		if _, ok := m[k]; !ok {
			t.Errorf("comment has no %q: %s", k, b)
		}
	}
	id := int64(m["id"].(float64))
	user := m["user"].(map[string]any)
	if user["login"] != "github-actions[bot]" || user["type"] != "Bot" || user["id"] != float64(41898282) {
		t.Errorf("user = %v", user)
	}
	if want := fmt.Sprintf("%s/acme/infra/pull/5#issuecomment-%d", s.Origin, id); m["html_url"] != want {
		t.Errorf("html_url = %v, want %s", m["html_url"], want)
	}
	if want := fmt.Sprintf("%srepos/acme/infra/issues/comments/%d", s.URL, id); m["url"] != want || h.Get("Location") != want {
		t.Errorf("url = %v, Location = %q, want %s", m["url"], h.Get("Location"), want)
	}
	if ts, _ := m["created_at"].(string); len(ts) != len("2006-01-02T15:04:05Z") || !strings.HasSuffix(ts, "Z") {
		t.Errorf("created_at = %q", ts)
	}

	status, _, b = do(t, s, "GET", fmt.Sprintf("%srepos/acme/infra/issues/comments/%d", s.URL, id), "token ghs_actions", "")
	if status != 200 || decode(t, b)["body"] != "hello" {
		t.Errorf("GET by id: %d %s", status, b)
	}
	status, _, _ = do(t, s, "GET", fmt.Sprintf("%srepos/acme/other/issues/comments/%d", s.URL, id), "token ghs_actions", "")
	if status != 404 {
		t.Errorf("comment read through another repository: %d", status)
	}
}

func TestCommentValidation(t *testing.T) {
	t.Parallel()
	s := ghtest.New(t)
	s.AddToken("ghp_alice", "alice")
	url := s.URL + "repos/acme/infra/issues/1/comments"

	status, _, b := do(t, s, "POST", url, "token ghp_alice", fmt.Sprintf(`{"body":%q}`, strings.Repeat("é", 65537)))
	m := decode(t, b)
	errs, _ := m["errors"].([]any)
	if status != 422 || m["message"] != "Validation Failed" || len(errs) != 1 {
		t.Fatalf("over-long body: %d %s", status, b)
	}
	fe := errs[0].(map[string]any)
	if fe["resource"] != "IssueComment" || fe["code"] != "custom" || fe["field"] != "body" ||
		fe["message"] != "body is too long (maximum is 65536 characters)" {
		t.Errorf("field error = %v", fe)
	}
	if status, _, b := do(t, s, "POST", url, "token ghp_alice", fmt.Sprintf(`{"body":%q}`, strings.Repeat("é", 65536))); status != 201 {
		t.Errorf("65,536 characters: %d %.200s", status, b)
	}
	for _, body := range []string{`{"body":""}`, `{}`, `{"body":"  "}`} {
		if status, _, b := do(t, s, "POST", url, "token ghp_alice", body); status != 422 {
			t.Errorf("%s: %d %s", body, status, b)
		}
	}
	if status, _, _ := do(t, s, "POST", url, "token ghp_alice", `not json`); status != 400 {
		t.Errorf("invalid JSON: %d", status)
	}
}

// Like GitHub: anyone with write access edits or deletes any comment, and the
// author stays the one who wrote it.
func TestAnyCollaboratorEditsOrDeletes(t *testing.T) {
	t.Parallel()
	s := ghtest.New(t)
	s.AddToken("ghp_alice", "alice")
	s.AddToken("ghs_actions", "github-actions[bot]")
	id := s.AddComment("acme", "infra", 1, "github-actions[bot]", "the bot's")
	url := fmt.Sprintf("%srepos/acme/infra/issues/comments/%d", s.URL, id)

	status, _, b := do(t, s, "PATCH", url, "token ghp_alice", `{"body":"edited by alice"}`)
	if m := decode(t, b); status != 200 || m["body"] != "edited by alice" || m["user"].(map[string]any)["login"] != "github-actions[bot]" {
		t.Errorf("PATCH by another: %d %s", status, b)
	}
	if status, _, b := do(t, s, "PATCH", url, "token ghs_actions", `{"body":"edited"}`); status != 200 || decode(t, b)["body"] != "edited" {
		t.Errorf("PATCH by the author: %d %s", status, b)
	}
	if status, _, _ := do(t, s, "DELETE", url, "token ghp_alice", ""); status != 204 {
		t.Errorf("DELETE by another: %d", status)
	}
	if status, _, _ := do(t, s, "DELETE", url, "token ghp_alice", ""); status != 404 {
		t.Errorf("DELETE again: %d", status)
	}
}

func TestPagination(t *testing.T) {
	t.Parallel()
	s := ghtest.New(t)
	s.AddToken("ghp_alice", "alice")
	for i := range 250 {
		s.AddComment("acme", "infra", 1, "bob", fmt.Sprint(i))
	}
	url := s.URL + "repos/acme/infra/issues/1/comments"

	status, h, b := do(t, s, "GET", url+"?per_page=100", "token ghp_alice", "")
	var page []map[string]any
	if err := json.Unmarshal(b, &page); err != nil || status != 200 || len(page) != 100 || page[0]["body"] != "0" {
		t.Fatalf("page 1: %d, %d items, %v", status, len(page), err)
	}
	link := h.Get("Link")
	for _, want := range []string{`page=2&per_page=100>; rel="next"`, `page=3&per_page=100>; rel="last"`, "<" + s.URL} {
		if !strings.Contains(link, want) {
			t.Errorf("Link %q lacks %q", link, want)
		}
	}
	_, h, b = do(t, s, "GET", url+"?per_page=100&page=3", "token ghp_alice", "")
	if err := json.Unmarshal(b, &page); err != nil || len(page) != 50 || page[49]["body"] != "249" {
		t.Errorf("page 3: %d items", len(page))
	}
	if link := h.Get("Link"); strings.Contains(link, `rel="next"`) || !strings.Contains(link, `rel="prev"`) {
		t.Errorf("last page Link = %q", link)
	}
	_, h, b = do(t, s, "GET", url, "token ghp_alice", "")
	if err := json.Unmarshal(b, &page); err != nil || len(page) != 30 || !strings.Contains(h.Get("Link"), `page=9&per_page=30>; rel="last"`) {
		t.Errorf("default page: %d items, Link %q", len(page), h.Get("Link"))
	}
}

func TestFaultsAndLog(t *testing.T) {
	t.Parallel()
	s := ghtest.New(t)
	s.AddToken("ghp_alice", "alice")
	s.FailNext("GET", "/user", 2, ghtest.Fault{Status: 502, Header: map[string]string{"Retry-After": "3"}})
	for i, want := range []int{502, 502, 200} {
		status, h, _ := do(t, s, "GET", s.URL+"user", "token ghp_alice", "")
		if status != want {
			t.Errorf("request %d: %d, want %d", i, status, want)
		}
		if want == 502 && h.Get("Retry-After") != "3" {
			t.Errorf("request %d: Retry-After %q", i, h.Get("Retry-After"))
		}
	}
	got := s.Requests()
	if len(got) != 3 || got[0].Status != 502 || got[2].Status != 200 || got[2].Method != "GET" {
		t.Errorf("Requests = %+v", got)
	}
}

func TestPullRequestPayload(t *testing.T) {
	t.Parallel()
	s := ghtest.New(t)
	s.AddToken("ghp_alice", "alice")
	s.AddPull("acme", "infra", ghtest.PullRequest{Number: 8, HeadSHA: "aaa", HeadRef: "feat", BaseSHA: "bbb"})
	status, _, b := do(t, s, "GET", s.URL+"repos/acme/infra/pulls/8", "token ghp_alice", "")
	m := decode(t, b)
	head, _ := m["head"].(map[string]any)
	base, _ := m["base"].(map[string]any)
	if status != 200 || m["number"] != float64(8) || m["state"] != "open" || m["merged"] != false ||
		m["merge_commit_sha"] != nil || head["sha"] != "aaa" || head["ref"] != "feat" || base["ref"] != "main" ||
		base["repo"].(map[string]any)["full_name"] != "acme/infra" {
		t.Errorf("pull: %d %s", status, b)
	}
	if status, _, _ := do(t, s, "GET", s.URL+"repos/acme/infra/pulls/9", "token ghp_alice", ""); status != 404 {
		t.Errorf("unknown pull: %d", status)
	}
}

// Twenty writers at once, all inside the server together (a rendezvous
// holds each create until all twenty have arrived): under -race, any state
// the server touches without its lock shows up.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	s := ghtest.New(t)
	s.AddToken("ghp_alice", "alice")
	met := s.Rendezvous("POST", "/issues/1/comments", 20)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", s.URL+"repos/acme/infra/issues/1/comments", strings.NewReader(fmt.Sprintf(`{"body":"%d"}`, i)))
			req.Header.Set("Authorization", "token ghp_alice")
			resp, err := s.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			s.Comments("acme", "infra", 1)
			s.Requests()
		}()
	}
	wg.Wait()
	if !met() {
		t.Error("the twenty creates were never in the server together")
	}
	got := s.Comments("acme", "infra", 1)
	if len(got) != 20 {
		t.Fatalf("%d comments", len(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i].GetID() <= got[i-1].GetID() {
			t.Errorf("Comments not ordered by id")
		}
	}
}
