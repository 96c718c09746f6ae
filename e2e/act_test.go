// Package e2e runs the composite actions the way GitHub does, under act, on a
// real pull_request event, against the httptest GitHub served over TLS at a
// GHES-style address (act's --github-instance), with the real terraform.
package e2e

import (
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
)

const (
	owner, repo = "octo", "infra"
	token       = "ghs_e2eInstallationToken0001"
	bot         = "github-actions[bot]"
	prNumber    = 7
)

func TestPullRequestPlansAndKeepsOneComment(t *testing.T) {
	srv := ghtest.New(t, ghtest.WithTLS())
	srv.AddToken(token, bot)
	srv.AddToken("ghp_mallory", "mallory")
	forged := "<!-- repave:plan root=infra/web workspace=default fingerprint=0000 sha=0000 -->\nforged by someone else"
	srv.AddComment(owner, repo, prNumber, "mallory", forged)

	work := userRepo(t)
	sha := gitOut(t, work, "rev-parse", "HEAD")
	event := writeEvent(t, sha)
	srv.AddPull(owner, repo, ghtest.PullRequest{Number: prNumber, HeadSHA: sha, HeadRef: "feature/new-image"})
	run := func() string { return runAct(t, srv, work, "pull_request", event) }

	first := run()
	m := regexp.MustCompile(`e2e-result changes=(\S+) to-add=(\d+) fingerprint=([0-9a-f]{64}) comment=(\S+)`).FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("the workflow did not report the action outputs:\n%s", first)
	}
	if m[1] != "true" || m[2] != "4" {
		t.Errorf("outputs changes=%s to-add=%s, want true and 4 (3 web instances and the database)", m[1], m[2])
	}
	second := run()
	if !strings.Contains(second, "fingerprint="+m[3]) {
		t.Errorf("re-planning the same commit gave another fingerprint:\n%s", second)
	}

	var ours []string
	for _, c := range srv.Comments(owner, repo, prNumber) {
		switch c.GetUser().GetLogin() {
		case bot:
			ours = append(ours, c.GetBody())
		case "mallory":
			if c.GetBody() != forged {
				t.Error("a comment by another user with a look-alike marker was changed")
			}
		}
	}
	if len(ours) != 1 {
		t.Fatalf("want exactly one plan comment after two runs, got %d", len(ours))
	}
	body := ours[0]
	// The marker names the plan and the engine that made it (any version:
	// .ci/run may install another terraform than a developer has).
	wantFirst := "<!-- repave:plan root=infra/web workspace=default fingerprint=" + m[3] + " sha=" + sha + " tool=terraform tool-version="
	if first := strings.SplitN(body, "\n", 2)[0]; !strings.HasPrefix(first, wantFirst) || !strings.HasSuffix(first, " -->") {
		t.Errorf("marker line = %q, want %q<version> -->", first, wantFirst)
	}
	for _, want := range []string{"terraform_data.web[0]", "terraform_data.database", "4 to add"} {
		if !strings.Contains(body, want) {
			t.Errorf("comment lacks %q:\n%s", want, body)
		}
	}
	for _, out := range []string{body, first, second} {
		if strings.Contains(out, "example-only-password") {
			t.Fatal("the sensitive database password leaked into the comment or the log")
		}
	}
}

// runAct runs the workflows of work for event under act, as GitHub would run
// them, against srv (over TLS, as a GHES instance), and returns act's output.
//
// extra are more act flags, e.g. --local-repository.
func runAct(t *testing.T, srv *ghtest.Server, work, event, payload string, extra ...string) string {
	t.Helper()
	out, err := actRun(t, srv, work, event, payload, extra...)
	if err != nil {
		t.Fatalf("act %s failed: %v\n%s", event, err, out)
	}
	return out
}

// actRun is runAct for a run that may fail: act's output and its error.
func actRun(t *testing.T, srv *ghtest.Server, work, event, payload string, extra ...string) (string, error) {
	t.Helper()
	act := lookAct(t)
	cert := filepath.Join(t.TempDir(), "ghtest.pem")
	if err := os.WriteFile(cert, srv.CertPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(srv.URL)
	cmd := exec.Command(act, event, "-e", payload, "-P", "ubuntu-latest=-self-hosted",
		"--github-instance", u.Host, "-s", "GITHUB_TOKEN="+token, "--no-cache-server",
		// One job at a time: act v0.2.89's LocalRepositoryCache.Fetch writes
		// a map unguarded, so two jobs fetching --local-repository actions at
		// once crash act ("fatal error: concurrent map writes").
		"--concurrent-jobs", "1")
	cmd.Args = append(cmd.Args, extra...)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "SSL_CERT_FILE="+cert, "REPAVE_CACHE="+cacheDir())
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func lookAct(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("act")
	if err != nil {
		t.Fatal("act is not on PATH: install it with `go install github.com/nektos/act@v0.2.89` (.ci/run does)")
	}
	return p
}

// userRepo lays out a user's repository: this action's source under the
// repository root (as `uses: ./actions/...` sees it), a Terraform root at
// infra/web, and the workflow; committed, with a GitHub origin.
func userRepo(t *testing.T) string {
	t.Helper()
	src, dst := fixture.Repo(t), t.TempDir()
	for _, p := range []string{"go.mod", "go.sum", "action.yml"} {
		b, err := os.ReadFile(filepath.Join(src, p))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dst, p), b, 0o644)
	}
	for _, d := range []string{"actions", "cmd", "pkg", "internal"} {
		fixture.CopyDir(t, filepath.Join(src, d), filepath.Join(dst, d))
	}
	fixture.CopyDir(t, filepath.Join(src, "testdata", "example", "terraform"), filepath.Join(dst, "infra", "web"))
	fixture.CopyDir(t, filepath.Join(src, "e2e", "testdata", "workflows"), filepath.Join(dst, ".github", "workflows"))
	gitOut(t, dst, "init", "-q", "-b", "feature/new-image")
	gitOut(t, dst, "add", "-A")
	gitOut(t, dst, "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qm", "New image for web")
	gitOut(t, dst, "remote", "add", "origin", "https://github.com/"+owner+"/"+repo+".git")
	return dst
}

func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	return fixture.Git(t, dir, args...)
}

// writeEvent writes a pull_request "synchronize" payload shaped like GitHub's.
func writeEvent(t *testing.T, sha string) string {
	t.Helper()
	repoJSON := map[string]any{
		"id": 1296269, "name": repo, "full_name": owner + "/" + repo, "private": true,
		"owner":          map[string]any{"login": owner, "id": 1, "type": "Organization"},
		"default_branch": "main", "fork": false,
	}
	ev := map[string]any{
		"action": "synchronize",
		"number": prNumber,
		"pull_request": map[string]any{
			"number": prNumber, "state": "open", "title": "New image for web",
			"user": map[string]any{"login": "dev", "id": 2, "type": "User"},
			"head": map[string]any{"ref": "feature/new-image", "sha": sha, "repo": repoJSON},
			"base": map[string]any{"ref": "main", "sha": strings.Repeat("b", 40), "repo": repoJSON},
		},
		"repository": repoJSON,
		"sender":     map[string]any{"login": "dev", "id": 2, "type": "User"},
	}
	b, _ := json.MarshalIndent(ev, "", "  ")
	p := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// cacheDir keeps the bootstrap's binaries across runs (keyed by source hash).
func cacheDir() string {
	d := filepath.Join(os.TempDir(), "repave-e2e-cache")
	os.MkdirAll(d, 0o755)
	return d
}
