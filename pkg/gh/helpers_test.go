package gh_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

const (
	owner = "acme"
	repo  = "infra"
	// actionsToken is an installation token, as the Actions GITHUB_TOKEN is.
	actionsToken = "ghs_actionsTOKEN0123456789"
	// patToken is a personal access token of "alice".
	patToken = "ghp_aliceTOKEN0123456789"
)

// sleeper records the waits the client asks for and returns at once.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return ctx.Err()
}

func (s *sleeper) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

func (s *sleeper) total() time.Duration {
	var sum time.Duration
	for _, d := range s.all() {
		sum += d
	}
	return sum
}

// newServer starts a stand-in GitHub knowing the Actions token, alice's PAT,
// and bob's PAT.
func newServer(t *testing.T, opts ...ghtest.Option) *ghtest.Server {
	t.Helper()
	srv := ghtest.New(t, opts...)
	srv.AddToken(actionsToken, gh.ActionsBot)
	srv.AddToken(patToken, "alice")
	srv.AddToken("ghp_bob", "bob")
	return srv
}

// newClient returns a client of srv with token, a recording sleeper, and the
// options changed by edit.
func newClient(t *testing.T, srv *ghtest.Server, token string, edit ...func(*gh.Options)) (*gh.Client, *sleeper) {
	t.Helper()
	sl := &sleeper{}
	o := gh.Options{Token: token, APIURL: srv.URL, HTTPClient: srv.Client(), Sleep: sl.sleep}
	for _, e := range edit {
		e(&o)
	}
	c, err := gh.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c, sl
}

// marker returns a matcher for the sticky comment of root.
func marker(root string) (string, func(string) bool) {
	m := "<!-- repave:plan root=" + root + " "
	return m, func(body string) bool { return strings.HasPrefix(body, m) }
}

func sticky(root, text string) string {
	m, _ := marker(root)
	return m + "workspace=default fingerprint=abc sha=123 -->\n" + text
}

func equalWaits(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
