package ghtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// timeFormat is how GitHub writes timestamps: ISO 8601, UTC, seconds.
const timeFormat = "2006-01-02T15:04:05Z"

func stamp(t time.Time) string { return t.UTC().Format(timeFormat) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("ghtest: marshal %T: %v", v, err))
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// asClient turns the server's JSON views into go-github's types, the way a
// client reads them, so snapshots for tests carry exactly what the API sends.
func asClient[T any](views any) T {
	b, err := json.Marshal(views)
	if err != nil {
		panic(fmt.Sprintf("ghtest: marshal %T: %v", views, err))
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		panic(fmt.Sprintf("ghtest: %T as %T: %v", views, out, err))
	}
	return out
}

// apiError is GitHub's error body.
type apiError struct {
	Message          string       `json:"message"`
	Errors           []fieldError `json:"errors,omitempty"`
	DocumentationURL string       `json:"documentation_url"`
	Status           string       `json:"status"`
}

// fieldError is one entry of a 422's "errors".
type fieldError struct {
	Resource string `json:"resource"`
	Code     string `json:"code"`
	Field    string `json:"field"`
	Message  string `json:"message,omitempty"`
}

func writeError(w http.ResponseWriter, status int, message, docURL string, errs ...fieldError) {
	writeJSON(w, status, apiError{Message: message, Errors: errs, DocumentationURL: docURL, Status: strconv.Itoa(status)})
}

// decodeBody reads a JSON request body into v; on failure it answers 400 like
// GitHub and returns false.
func decodeBody(w http.ResponseWriter, r *http.Request, v any, docURL string) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "Problems parsing JSON", docURL)
		return false
	}
	return true
}

// page selects the items of this page from n items, GitHub style: page from 1,
// per_page 30 by default and at most 100. It sets a Link header with next,
// last, first and prev as GitHub does.
func (s *Server) page(w http.ResponseWriter, r *http.Request, n int) (from, to int) {
	q := r.URL.Query()
	pg, err := strconv.Atoi(q.Get("page"))
	if err != nil || pg < 1 {
		pg = 1
	}
	per, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || per < 1 {
		per = 30
	}
	per = min(per, 100)
	last := max(1, (n+per-1)/per)

	link := func(p int, rel string) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(p))
		q.Set("per_page", strconv.Itoa(per))
		u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		return fmt.Sprintf("<%s%s>; rel=%q", s.Origin, u.String(), rel)
	}
	var links []string
	if pg < last {
		links = append(links, link(pg+1, "next"), link(last, "last"))
	}
	if pg > 1 {
		links = append(links, link(1, "first"), link(min(pg-1, last), "prev"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	from = min((pg-1)*per, n)
	return from, min(from+per, n)
}

// pathInt parses a numeric path wildcard; on failure it answers 404 like GitHub.
func pathInt(w http.ResponseWriter, c *call, name string) (int64, bool) {
	n, err := strconv.ParseInt(c.params[name], 10, 64)
	if err != nil || n <= 0 {
		writeError(w, http.StatusNotFound, "Not Found", "https://docs.github.com/rest")
		return 0, false
	}
	return n, true
}
