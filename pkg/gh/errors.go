package gh

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/google/go-github/v60/github"
)

// MaxCommentBody is GitHub's limit on an issue or pull request comment, in
// characters (runes).
const MaxCommentBody = 65536

// BodyTooLongError is returned (wrapped; use errors.As) when GitHub answers 422
// because a comment body is too long. Callers can render a smaller body and try
// again.
type BodyTooLongError struct {
	// Max is the limit GitHub stated, in characters (65536 for comments).
	Max int
	// Message is GitHub's own words, e.g. "body is too long (maximum is 65536 characters)".
	Message string
}

// Error quotes GitHub and states the limit.
func (e *BodyTooLongError) Error() string {
	return fmt.Sprintf("GitHub refused the body as too long (%s): it must stay within %d characters", e.Message, e.Max)
}

// APIError is a failed GitHub call with what repave was doing and, where the
// cause is a usual one, what the user can do about it.
type APIError struct {
	// Op says what was being done, e.g. "update comment 42 on o/r#3".
	Op string
	// Status is the HTTP status GitHub answered, 0 when there was no answer.
	Status int
	// Hint is the advice added to the message, if any.
	Hint string
	// Err is the underlying error: *github.ErrorResponse, *BodyTooLongError,
	// *RetryError, or a connection error.
	Err error

	path string // the API path of a GitHub answer, without the GHES prefix
}

// Error reads "could not <op>: <what GitHub answered>; <hint>".
func (e *APIError) Error() string {
	s := "could not " + e.Op + ": " + e.detail()
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}

// Unwrap returns the underlying error.
func (e *APIError) Unwrap() error { return e.Err }

func (e *APIError) detail() string {
	var er *github.ErrorResponse
	if errors.As(e.Err, &er) && e.path != "" {
		return fmt.Sprintf("GitHub API: %s %s answered %d %s", er.Response.Request.Method,
			e.path, er.Response.StatusCode, er.Message)
	}
	var re *RetryError
	if errors.As(e.Err, &re) {
		return re.Error()
	}
	return e.Err.Error()
}

// subject names what a call was about, for hints: a pull request, an issue or
// pull request, or a comment.
type subject struct {
	kind        string // "pull request", "issue or pull request", "comment"
	owner, repo string
	number      int64
	write       bool
	perm        string // the job permission that grants the call, e.g. "deployments"; "" for pull requests and issues
}

func (s subject) String() string {
	if s.owner == "" {
		return s.kind
	}
	if s.kind == "comment" {
		return fmt.Sprintf("comment %d in %s/%s", s.number, s.owner, s.repo)
	}
	return fmt.Sprintf("%s #%d in %s/%s", s.kind, s.number, s.owner, s.repo)
}

var tooLongRE = regexp.MustCompile(`(?i)too long(?:.*maximum is (\d+))?`)

// wrap turns an error from go-github into an *APIError with a hint. It never
// includes the token: go-github's errors carry the method, URL and GitHub's
// message only.
func (c *Client) wrap(op string, s subject, err error) error {
	if err == nil {
		return nil
	}
	e := &APIError{Op: op, Err: err}
	var ue *url.Error
	if errors.As(err, &ue) {
		var re *RetryError
		if errors.As(err, &re) {
			e.Err = re // the URL is in the RetryError already, without the noise
		}
	}
	var er *github.ErrorResponse
	if !errors.As(err, &er) || er.Response == nil || er.Response.Request == nil {
		return e
	}
	e.path = c.apiPath(er.Response.Request.URL.Path)
	e.Status = er.Response.StatusCode
	switch e.Status {
	case http.StatusUnauthorized:
		e.Hint = "GitHub rejected the token (expired, revoked or mistyped): check the `github-token` input"
	case http.StatusForbidden:
		access := "read"
		if s.write {
			access = "write"
		}
		if strings.Contains(er.Message, "Resource not accessible by integration") && s.perm != "" {
			e.Hint = fmt.Sprintf("the workflow's token lacks a permission: add `permissions: %s: %s` to the job", s.perm, access)
		} else if strings.Contains(er.Message, "Resource not accessible by integration") {
			e.Hint = fmt.Sprintf("the workflow's token lacks a permission: add `permissions: pull-requests: %s` (or issues: %s) to the job", access, access)
		} else {
			e.Hint = fmt.Sprintf("the token may not %s %s: check its scopes "+
				"(a fine-grained token needs Pull requests and Issues: Read and write) and its access to %s/%s",
				access, s, s.owner, s.repo)
		}
	case http.StatusNotFound:
		e.Hint = fmt.Sprintf("%s was not found: check the number, and that the token can see %s/%s "+
			"(a private repository answers 404 to a token without access)", s, s.owner, s.repo)
	case http.StatusUnprocessableEntity:
		if tl := bodyTooLong(er); tl != nil {
			e.Err = tl
			e.Hint = "render a shorter body"
		}
	}
	return e
}

// bodyTooLong recognises GitHub's 422 for an over-long body, in the top-level
// message or in one of the field errors.
func bodyTooLong(er *github.ErrorResponse) *BodyTooLongError {
	msgs := []string{er.Message}
	for _, fe := range er.Errors {
		msgs = append(msgs, fe.Message)
	}
	for _, m := range msgs {
		sub := tooLongRE.FindStringSubmatch(m)
		if sub == nil {
			continue
		}
		max := MaxCommentBody
		if n, err := strconv.Atoi(sub[1]); err == nil {
			max = n
		}
		return &BodyTooLongError{Max: max, Message: m}
	}
	return nil
}

// apiPath shows an API path without the GHES prefix, as GitHub's docs name it.
func (c *Client) apiPath(p string) string {
	if rest, ok := strings.CutPrefix(p, c.basePath); ok && c.basePath != "" && strings.HasPrefix(rest, "/") {
		return rest
	}
	return p
}
