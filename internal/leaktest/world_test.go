package leaktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/repave-dev/repave/internal/fixture"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/runner"
)

const (
	owner = "acme"
	repo  = "infra"
	token = "ghs_leakCorpusToken000000000000000000000"
	root  = "infra/app"
)

// write is one request that changed something on GitHub, with its body.
type write struct {
	what string // "POST /repos/acme/infra/issues"
	body string
}

// world is the user's repository, the action binaries, the GitHub stand-in
// behind a recorder of every write, and the runner's temp directory.
type world struct {
	t       *testing.T
	bin     string
	repo    string
	temp    string // RUNNER_TEMP, shared by the steps as on one runner
	state   string // Terraform state, outside the checkout (a remote backend)
	varFile string // the secrets, as a var file outside the checkout
	gh      *ghtest.Server
	apiURL  string
	vault   string // a stand-in Vault's address (token method, KV v2)

	mu     sync.Mutex
	writes []write
	steps  []*step
}

// step is what one action run left behind: its output paths.
type step struct {
	name             string
	code             int
	log              string
	outputs, summary string
	parsed           map[string]string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	base := t.TempDir()
	w := &world{t: t, bin: filepath.Join(base, "bin"), repo: filepath.Join(base, "repo"), temp: filepath.Join(base, "runner-temp"),
		state: filepath.Join(base, "state", "terraform.tfstate"), varFile: filepath.Join(base, "secrets", "secrets.tfvars")}
	build := exec.Command("go", "build", "-o", w.bin+"/", "./cmd/...")
	build.Dir = fixture.Repo(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	w.gh = ghtest.New(t)
	w.gh.AddToken(token, gh.ActionsBot)
	target, _ := url.Parse(w.gh.Origin)
	proxy := httputil.NewSingleHostReverseProxy(target)
	rec := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.mu.Lock()
			w.writes = append(w.writes, write{r.Method + " " + r.URL.Path, string(body)})
			w.mu.Unlock()
		}
		proxy.ServeHTTP(rw, r)
	}))
	t.Cleanup(rec.Close)
	w.apiURL = rec.URL + "/api/v3/"
	w.vault = fakeVault(t)
	for _, d := range []string{w.temp, filepath.Dir(w.state), filepath.Dir(w.varFile), filepath.Join(w.repo, root)} {
		must(t, os.MkdirAll(d, 0o755))
	}
	must(t, os.WriteFile(w.varFile, []byte(varFile), 0o600))
	w.git("init", "-q", "-b", "main")
	return w
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (w *world) git(args ...string) string {
	w.t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Dev", "-c", "user.email=dev@example.com"}, args...)...)
	cmd.Dir = w.repo
	out, err := cmd.CombinedOutput()
	if err != nil {
		w.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes the root's main.tf and commits it, returning the SHA.
func (w *world) commit(mainTF, msg string) string {
	w.t.Helper()
	must(w.t, os.WriteFile(filepath.Join(w.repo, root, "main.tf"), []byte(mainTF), 0o644))
	w.git("add", "-A")
	w.git("commit", "-qm", msg)
	return w.git("rev-parse", "HEAD")
}

func (w *world) event(v any) string {
	b, _ := json.Marshal(v)
	p := filepath.Join(w.t.TempDir(), "event.json")
	must(w.t, os.WriteFile(p, b, 0o644))
	return p
}

func repoJSON() map[string]any {
	return map[string]any{"name": repo, "full_name": owner + "/" + repo, "default_branch": "main", "owner": map[string]any{"login": owner}}
}

func (w *world) prEvent(number int, sha, ref string) string {
	return w.event(map[string]any{
		"action": "synchronize", "number": number, "repository": repoJSON(),
		"pull_request": map[string]any{"number": number, "head": map[string]any{"sha": sha, "ref": ref, "repo": repoJSON()},
			"base": map[string]any{"ref": "main", "repo": repoJSON()}},
	})
}

// run runs an action binary as a job step does and records its output paths.
func (w *world) run(action, event, payload string, inputs map[string]string) *step {
	w.t.Helper()
	dir := w.t.TempDir()
	s := &step{name: fmt.Sprintf("%02d-%s", len(w.steps)+1, action)}
	outFile, summaryFile := filepath.Join(dir, "output"), filepath.Join(dir, "summary.md")
	sha := w.git("rev-parse", "HEAD")
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"GOCACHE=" + os.Getenv("GOCACHE"), "GOPATH=" + os.Getenv("GOPATH"),
		"GITHUB_ACTIONS=true", "GITHUB_API_URL=" + w.apiURL, "GITHUB_SERVER_URL=" + w.gh.Origin,
		"GITHUB_REPOSITORY=" + owner + "/" + repo, "GITHUB_WORKSPACE=" + w.repo, "GITHUB_RUN_ID=" + fmt.Sprint(100+len(w.steps)),
		"GITHUB_EVENT_NAME=" + event, "GITHUB_EVENT_PATH=" + payload, "GITHUB_SHA=" + sha, "GITHUB_REF=refs/heads/main",
		"GITHUB_OUTPUT=" + outFile, "GITHUB_STEP_SUMMARY=" + summaryFile, "RUNNER_TEMP=" + w.temp,
	}
	for k, v := range inputs {
		env = append(env, "INPUT_"+strings.ToUpper(strings.ReplaceAll(k, "-", "_"))+"="+v)
	}
	cmd := exec.Command(filepath.Join(w.bin, action))
	cmd.Dir, cmd.Env = w.repo, env
	out, err := cmd.CombinedOutput()
	s.log = string(out)
	if ee, ok := err.(*exec.ExitError); ok {
		s.code = ee.ExitCode()
	} else if err != nil {
		w.t.Fatal(err)
	}
	b, _ := os.ReadFile(outFile)
	s.outputs = string(b)
	s.parsed, _ = runner.ParseOutputs(s.outputs)
	b, _ = os.ReadFile(summaryFile)
	s.summary = string(b)
	w.steps = append(w.steps, s)
	return s
}

// tfInputs are the Terraform inputs every step gives.
func (w *world) tfInputs(extra map[string]string) map[string]string {
	in := map[string]string{
		"working-directory": root, "var-files": w.varFile, "backend-config": "path=" + w.state,
		"github-token": token, "min-healthy-time": "0s",
	}
	for k, v := range w.vaultInputs() {
		in[k] = v
	}
	for k, v := range extra {
		in[k] = v
	}
	return in
}

// vaultInputs read the Vault values into variables Terraform does not mark
// sensitive: only the scrubber stands between them and every output path.
func (w *world) vaultInputs() map[string]string {
	return map[string]string{
		"vault-url": w.vault, "vault-method": "token", "vault-token": vaultToken,
		"secrets": "secret/data/corpus note | TF_VAR_vault_note\nsecret/data/corpus key | TF_VAR_vault_key",
	}
}

// fakeVault answers what a token-method session asks Vault: health, the
// token's lookup, and one KV v2 secret.
func fakeVault(t *testing.T) string {
	data, _ := json.Marshal(map[string]any{"data": map[string]any{"data": map[string]any{"note": vaultNote, "key": vaultKey}, "metadata": map[string]any{"version": 1}}})
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/v1/sys/health":
			rw.Write([]byte(`{"initialized":true,"sealed":false,"standby":false}`))
		case r.URL.Path == "/v1/auth/token/lookup-self" && r.Header.Get("X-Vault-Token") == vaultToken:
			rw.Write([]byte(`{"data":{"id":"corpus","policies":["default"]}}`))
		case r.URL.Path == "/v1/secret/data/corpus" && r.Header.Get("X-Vault-Token") == vaultToken:
			rw.Write(data)
		default:
			rw.WriteHeader(http.StatusForbidden)
			rw.Write([]byte(`{"errors":["permission denied"]}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
