package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/repave-dev/repave/internal/tree"
	"github.com/repave-dev/repave/pkg/gh"
	"github.com/repave-dev/repave/pkg/gh/ghtest"
	"github.com/repave-dev/repave/pkg/runner"
)

const (
	localWork = ".repave/local"
	owner     = "acme"
	name      = "infra"
	token     = "ghs_localLoopToken"
	root      = "infra/web"
)

// loop is the local world: a git repository of the example, the action
// binaries, a stand-in GitHub, and the example's web tier health endpoint.
type loop struct {
	dir      string // absolute work directory (.repave/local)
	repo     string // the user's repository (the job's checkout)
	bin      string
	state    string // Terraform state, outside the checkout as with a remote backend
	gh       *ghtest.Server
	web      *httptest.Server
	cleanups []func()
	once     sync.Once
	step     int
	pr       int
	// promotion is the promotion pull request, once planned.
	promotion *promotion
}

func (l *loop) Helper()          {}
func (l *loop) Cleanup(f func()) { l.cleanups = append(l.cleanups, f) }

func (l *loop) close() {
	l.once.Do(func() {
		for i := len(l.cleanups) - 1; i >= 0; i-- {
			l.cleanups[i]()
		}
	})
}

// newLoop builds the world in work (emptied first): .repave/local for a
// person, a temporary directory for the test.
func newLoop(ctx context.Context, work string) (*loop, error) {
	if _, err := os.Stat("testdata/example/terraform/main.tf"); err != nil {
		return nil, fmt.Errorf("run this from the repository root (testdata/example is not here)")
	}
	dir, _ := filepath.Abs(work)
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	l := &loop{dir: dir, repo: filepath.Join(dir, "repo"), bin: filepath.Join(dir, "bin"), state: filepath.Join(dir, "state", "terraform.tfstate")}
	fmt.Println("Building the action binaries and starting a stand-in GitHub and the example web tier…")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", l.bin+"/", "./cmd/...").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build: %v\n%s", err, out)
	}
	l.gh = ghtest.New(l)
	l.gh.AddToken(token, gh.ActionsBot)
	l.web = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "ok: %s\n", r.URL.Query().Get("image"))
	}))
	l.Cleanup(l.web.Close)
	if err := tree.Copy("testdata/example", l.repo); err != nil {
		return nil, err
	}
	os.MkdirAll(filepath.Dir(l.state), 0o755)
	// The example keeps its state outside the checkout, like a remote backend.
	backend := "terraform {\n  backend \"local\" {}\n}\n"
	if err := os.WriteFile(filepath.Join(l.repo, "terraform", "backend.tf"), []byte(backend), 0o644); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(filepath.Join(l.repo, root)), 0o755); err != nil {
		return nil, err
	}
	if err := os.Rename(filepath.Join(l.repo, "terraform"), filepath.Join(l.repo, root)); err != nil {
		return nil, err
	}
	if _, err := l.git("init", "-q", "-b", "main"); err != nil {
		return nil, err
	}
	if err := l.commit("Web tier on img-example-0001"); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *loop) git(args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-c", "user.name=Dev", "-c", "user.email=dev@example.com"}, args...)...)
	cmd.Dir = l.repo
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out)), nil
}

func (l *loop) commit(msg string) error {
	if _, err := l.git("add", "-A"); err != nil {
		return err
	}
	_, err := l.git("commit", "-qm", msg)
	return err
}

func (l *loop) head() string {
	sha, _ := l.git("rev-parse", "HEAD")
	return sha
}

// event writes a webhook payload for the next action run.
func (l *loop) event(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	p := filepath.Join(l.dir, "events", fmt.Sprintf("%02d.json", l.step))
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, b, 0o644)
	return p
}

// run runs an action binary as a job step would: in the checkout, with its
// inputs in INPUT_*, the runner's files in GITHUB_*, and the event. It
// returns the outputs and where the log and summary are.
func (l *loop) run(ctx context.Context, action, event, payload string, inputs map[string]string) (map[string]string, string, error) {
	l.step++
	stepDir := filepath.Join(l.dir, "steps", fmt.Sprintf("%02d-%s", l.step, action))
	os.MkdirAll(stepDir, 0o755)
	env := append(os.Environ(),
		"GITHUB_ACTIONS=true", "GITHUB_API_URL="+l.gh.URL, "GITHUB_SERVER_URL="+l.gh.Origin,
		"GITHUB_REPOSITORY="+owner+"/"+name, "GITHUB_WORKSPACE="+l.repo, "GITHUB_RUN_ID="+fmt.Sprint(100+l.step),
		"GITHUB_EVENT_NAME="+event, "GITHUB_EVENT_PATH="+payload, "GITHUB_SHA="+l.head(), "GITHUB_REF=refs/heads/main",
		"GITHUB_OUTPUT="+filepath.Join(stepDir, "output"), "GITHUB_STEP_SUMMARY="+filepath.Join(stepDir, "summary.md"),
		"RUNNER_TEMP="+filepath.Join(l.dir, "runner-temp"), "INPUT_GITHUB_TOKEN="+token,
	)
	for k, v := range inputs {
		env = append(env, "INPUT_"+strings.ToUpper(strings.ReplaceAll(k, "-", "_"))+"="+v)
	}
	logPath := filepath.Join(stepDir, "log.txt")
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, "", err
	}
	defer logf.Close()
	cmd := exec.CommandContext(ctx, filepath.Join(l.bin, action))
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = l.repo, env, logf, logf
	runErr := cmd.Run()
	b, _ := os.ReadFile(filepath.Join(stepDir, "output"))
	outs, _ := runner.ParseOutputs(string(b))
	if runErr != nil {
		log, _ := os.ReadFile(logPath)
		return outs, stepDir, fmt.Errorf("%s: %v\n%s", action, runErr, tail(string(log), 30))
	}
	return outs, stepDir, nil
}

// show prints an action's outputs and where its log and summary are.
func show(outs map[string]string, stepDir string) {
	names := make([]string, 0, len(outs))
	for n := range outs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Printf("    output %-14s %s\n", n+":", oneLine(outs[n]))
	}
	fmt.Printf("    log and job summary: %s\n", rel(stepDir))
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 100 {
		return s[:97] + "…"
	}
	return s
}

func rel(p string) string {
	wd, _ := os.Getwd()
	if r, err := filepath.Rel(wd, p); err == nil {
		return r
	}
	return p
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// stageLines renders the strategy-steps output one stage a line.
func stageLines(steps string) []string {
	var st []struct {
		Name    string
		Result  string
		Plan    string
		Seconds float64
	}
	if err := json.Unmarshal([]byte(steps), &st); err != nil {
		return []string{steps}
	}
	var out []string
	for i, s := range st {
		out = append(out, fmt.Sprintf("%d. %-60s %-8s %.1fs  (%s)", i+1, s.Name, s.Result, s.Seconds, s.Plan))
	}
	return out
}
