package ghtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault is an answer injected in place of the real one.
type Fault struct {
	// Status is the HTTP status, e.g. 503.
	Status int
	// Header is added to (or overrides) the usual headers.
	Header map[string]string
	// Body is sent as is; "" sends {"message": <status text>}.
	Body string
}

type fault struct {
	method, suffix string
	left           int
	f              Fault
}

// FailNext makes the next n requests with method (any when "") whose API path
// ends with pathSuffix (any when "") answer f instead. Faults are answered
// before authentication, as GitHub's edge answers outages and rate limits.
func (s *Server) FailNext(method, pathSuffix string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{method: method, suffix: pathSuffix, left: n, f: f})
}

// takeFault consumes one matching fault, if any. s.mu must be held.
func (s *Server) takeFault(method, path string) *Fault {
	for i, ft := range s.faults {
		if (ft.method != "" && ft.method != method) || !strings.HasSuffix(path, ft.suffix) {
			continue
		}
		ft.left--
		if ft.left <= 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		f := ft.f
		return &f
	}
	return nil
}

func (f *Fault) write(w http.ResponseWriter) {
	for k, v := range f.Header {
		w.Header().Set(k, v)
	}
	body := f.Body
	if body == "" {
		b, _ := json.Marshal(map[string]string{"message": http.StatusText(f.Status)})
		body = string(b)
	}
	w.WriteHeader(f.Status)
	_, _ = w.Write([]byte(body))
}

// SecondaryRateLimit is GitHub's answer when a secondary rate limit is hit:
// 403 with Retry-After when retryAfter > 0.
func SecondaryRateLimit(retryAfter time.Duration) Fault {
	f := Fault{
		Status: http.StatusForbidden,
		Body: `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ` +
			`If you reach out to GitHub Support for help, please include the request ID.",` +
			`"documentation_url":"https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits","status":"403"}`,
	}
	if retryAfter > 0 {
		f.Header = map[string]string{"Retry-After": strconv.Itoa(int(retryAfter / time.Second))}
	}
	return f
}

// PrimaryRateLimit is GitHub's answer when the hourly (primary) rate limit is
// used up until reset.
func PrimaryRateLimit(reset time.Time) Fault {
	return Fault{
		Status: http.StatusForbidden,
		Header: map[string]string{
			"X-RateLimit-Limit":     "5000",
			"X-RateLimit-Remaining": "0",
			"X-RateLimit-Used":      "5000",
			"X-RateLimit-Reset":     strconv.FormatInt(reset.Unix(), 10),
		},
		Body: `{"message":"API rate limit exceeded for installation ID 1.",` +
			`"documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api","status":"403"}`,
	}
}

// ServerError is a bare 5xx answer such as GitHub's edge gives in an outage.
func ServerError(status int) Fault {
	return Fault{Status: status, Body: `{"message":"Server Error"}`}
}
