// Package gh is repave's GitHub client. It knows GitHub, not Terraform: callers
// hand it rendered text, and it keeps one comment per marker on a pull request,
// finds pull requests, syncs issues, records deployments and their statuses, and
// opens the image registry's promotion pull requests.
//
// Every request made through Client.GH goes through a retrying transport (see
// retry.go), so rate limits and transient 5xx answers are absorbed in one place.
package gh

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/google/go-github/v60/github"
)

// DefaultAPIURL is GitHub.com's REST API, used when Options.APIURL is empty.
const DefaultAPIURL = "https://api.github.com/"

// DefaultMaxWait bounds the time one request may spend waiting between retries.
const DefaultMaxWait = 2 * time.Minute

// Options configure New.
type Options struct {
	// Token authenticates every request. Required. It is never logged nor put
	// into an error.
	Token string
	// APIURL is GITHUB_API_URL. "" or https://api.github.com means GitHub.com;
	// anything else is used as the base URL as given (GHES style, such as
	// https://ghe.example.com/api/v3), http:// included.
	APIURL string
	// HTTPClient provides the base transport (tests pass httptest's TLS client).
	// Its Transport is wrapped, never modified.
	HTTPClient *http.Client
	// MaxWait bounds the total time a single request spends waiting between
	// retries (backoff and rate limits). Default DefaultMaxWait.
	MaxWait time.Duration
	// Sleep waits for d or until ctx is done. Injectable for tests; the default
	// is a real timer that honours ctx.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock used to interpret X-RateLimit-Reset. Default time.Now.
	Now func() time.Time
	// Identity is the login whose comments count as ours, when it is known
	// up front (e.g. "my-app[bot]" for a GitHub App's installation token).
	Identity string
	// UserAgent is sent with every request. Default "repave".
	UserAgent string
}

// Client talks to GitHub's REST API. It is safe for concurrent use.
type Client struct {
	// GH is the underlying go-github client, for calls this package does not
	// wrap yet. It shares the retrying transport.
	GH *github.Client

	token    string
	identity string
	basePath string // "/api/v3" on GHES, "" on GitHub.com

	loginMu sync.Mutex
	login   string

	sleep func(ctx context.Context, d time.Duration) error // Options.Sleep, also for polling
}

// New builds a Client from o. It makes no request.
func New(o Options) (*Client, error) {
	if strings.TrimSpace(o.Token) == "" {
		return nil, errors.New("github-token is empty: pass `github-token: ${{ github.token }}` " +
			"(or a token with pull-requests: write and issues: write) to the action")
	}
	base, upload, err := apiURLs(o.APIURL)
	if err != nil {
		return nil, err
	}
	var baseRT http.RoundTripper = http.DefaultTransport
	httpClient := &http.Client{}
	if o.HTTPClient != nil {
		*httpClient = *o.HTTPClient
		if o.HTTPClient.Transport != nil {
			baseRT = o.HTTPClient.Transport
		}
	}
	rt := &retryTransport{
		next:     &authTransport{token: o.Token, next: baseRT},
		maxWait:  o.MaxWait,
		sleep:    o.Sleep,
		now:      o.Now,
		basePath: strings.TrimSuffix(base.Path, "/"),
	}
	if rt.maxWait <= 0 {
		rt.maxWait = DefaultMaxWait
	}
	if rt.sleep == nil {
		rt.sleep = sleepCtx
	}
	if rt.now == nil {
		rt.now = time.Now
	}
	httpClient.Transport = rt

	g := github.NewClient(httpClient)
	g.BaseURL = base
	g.UploadURL = upload
	g.UserAgent = "repave"
	if o.UserAgent != "" {
		g.UserAgent = o.UserAgent
	}
	return &Client{GH: g, token: o.Token, identity: o.Identity, basePath: rt.basePath, sleep: rt.sleep}, nil
}

// apiURLs turns GITHUB_API_URL into go-github's base and upload URLs.
func apiURLs(apiURL string) (base, upload *url.URL, err error) {
	raw := strings.TrimSpace(apiURL)
	if raw == "" || strings.TrimSuffix(raw, "/") == strings.TrimSuffix(DefaultAPIURL, "/") {
		raw = DefaultAPIURL
	}
	base, err = url.Parse(raw)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, nil, fmt.Errorf("GITHUB_API_URL %q is not an http(s) URL such as https://api.github.com or https://ghe.example.com/api/v3", apiURL)
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	u := *base
	upload = &u
	switch {
	case base.String() == DefaultAPIURL:
		upload, _ = url.Parse("https://uploads.github.com/")
	case strings.HasSuffix(base.Path, "/api/v3/"):
		// GHES serves uploads beside the API: /api/v3/ -> /api/uploads/.
		upload.Path = strings.TrimSuffix(base.Path, "v3/") + "uploads/"
	case strings.HasPrefix(base.Host, "api."):
		// GHE.com (data residency): api.<sub>.ghe.com -> uploads.<sub>.ghe.com.
		upload.Host = "uploads." + strings.TrimPrefix(base.Host, "api.")
	}
	return base, upload, nil
}

// authTransport adds the token to each request, on a copy of the request.
type authTransport struct {
	token string
	next  http.RoundTripper
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+t.token)
	return t.next.RoundTrip(r)
}
