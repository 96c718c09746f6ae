package actions_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/repave-dev/repave/internal/fixture"
)

const (
	releaseVersion = "v9.9.9"
	releaseRepo    = "octo/repave"
	builtLine      = "plan-infra built from source"
	releaseLine    = "plan-infra release binary ran"
)

// hostAsset is the release asset name run.sh looks for on this machine.
var hostAsset = "plan-infra_" + runtime.GOOS + "_" + runtime.GOARCH

// releaseTree is an action checkout whose plan-infra is a tiny Go program (so
// the build-from-source fallback is real and quick), with actions/run.sh.
type releaseTree struct {
	dir, cache string
}

func newReleaseTree(t *testing.T) *releaseTree {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/repave\n\ngo 1.22\n", 0o644)
	write(t, filepath.Join(dir, "go.sum"), "", 0o644)
	write(t, filepath.Join(dir, "cmd", "plan-infra", "main.go"),
		"package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\""+builtLine+"\") }\n", 0o644)
	b, err := os.ReadFile("run.sh")
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "actions", "run.sh"), string(b), 0o755)
	return &releaseTree{dir: dir, cache: t.TempDir()}
}

func write(t testing.TB, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

// sourceHash asks run.sh for the tree's source hash, as scripts/release.sh does.
func (r *releaseTree) sourceHash(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("bash", filepath.Join(r.dir, "actions", "run.sh"), "--source-hash").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// vouch writes actions/checksums.txt as the release workflow does, for a
// release binary with the given content.
func (r *releaseTree) vouch(t *testing.T, binary, source string) {
	t.Helper()
	sum := sha256.Sum256([]byte(binary))
	write(t, filepath.Join(r.dir, "actions", "checksums.txt"), fmt.Sprintf(
		"# release binaries\n# version: %s\n# repository: %s\n# source: %s\n%s  %s\n",
		releaseVersion, releaseRepo, source, hex.EncodeToString(sum[:]), hostAsset), 0o644)
}

// start runs plan-infra through the bootstrap with release downloads from
// base and returns its output (the callers check what ran).
func (r *releaseTree) start(t testing.TB, base string, env ...string) string {
	t.Helper()
	cmd := exec.Command("bash", filepath.Join(r.dir, "actions", "run.sh"), "plan-infra")
	cmd.Env = append(os.Environ(), append([]string{"REPAVE_CACHE=" + r.cache, "REPAVE_RELEASE_URL=" + base}, env...)...)
	out, _ := cmd.CombinedOutput()
	return string(out)
}

// releases stands in for GitHub's release downloads
// (/<owner>/<repo>/releases/download/<tag>/<asset>): it serves assets by
// "<tag>/<asset>" and records what was asked for.
type releases struct {
	*httptest.Server
	mu     sync.Mutex
	assets map[string]string
	asked  []string
}

func newReleases(t testing.TB, assets map[string]string) *releases {
	r := &releases{assets: assets}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.asked = append(r.asked, req.URL.Path)
		body, ok := r.assets[strings.TrimPrefix(req.URL.Path, "/")]
		r.mu.Unlock()
		if !ok {
			http.NotFound(w, req)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *releases) requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.asked...)
}

var goodBinary = "#!/bin/sh\necho '" + releaseLine + "'\n"

func TestBootstrapRunsVerifiedReleaseBinaryThenStartsFromCache(t *testing.T) {
	t.Parallel()
	tree := newReleaseTree(t)
	tree.vouch(t, goodBinary, tree.sourceHash(t))
	srv := newReleases(t, map[string]string{releaseVersion + "/" + hostAsset: goodBinary})

	first := tree.start(t, srv.URL)
	if !strings.Contains(first, releaseLine) || strings.Contains(first, "Building") {
		t.Fatalf("want the verified release binary to run without a build:\n%s", first)
	}
	if got := srv.requests(); len(got) != 1 || got[0] != "/"+releaseVersion+"/"+hostAsset {
		t.Errorf("downloads = %v, want one of /%s/%s", got, releaseVersion, hostAsset)
	}

	t0 := time.Now()
	second := tree.start(t, srv.URL)
	took := time.Since(t0)
	if !strings.Contains(second, releaseLine) || len(srv.requests()) != 1 {
		t.Fatalf("second start should run the cached binary without downloading (downloads %v):\n%s", srv.requests(), second)
	}
	t.Logf("start with a cached, re-verified release binary: %v", took)
}

func TestBootstrapRefusesTamperedReleaseBinary(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds from source")
	}
	tree := newReleaseTree(t)
	tree.vouch(t, goodBinary, tree.sourceHash(t))
	pwned := filepath.Join(t.TempDir(), "pwned")
	tampered := "#!/bin/sh\ntouch '" + pwned + "'\necho tampered\n"
	srv := newReleases(t, map[string]string{releaseVersion + "/" + hostAsset: tampered})

	out := tree.start(t, srv.URL)
	if _, err := os.Stat(pwned); err == nil {
		t.Fatal("the tampered download was executed")
	}
	sum := sha256.Sum256([]byte(tampered))
	want := "::warning title=repave binary refused::" + srv.URL + "/" + releaseVersion + "/" + hostAsset +
		" has SHA-256 " + hex.EncodeToString(sum[:]) + ", but actions/checksums.txt says "
	if !strings.Contains(out, want) || !strings.Contains(out, "the download was deleted without running it; building from source instead") {
		t.Errorf("want a refusal naming the URL and both checksums, got:\n%s", out)
	}
	if !strings.Contains(out, builtLine) || strings.Contains(out, "tampered") {
		t.Errorf("want the fallback build to run instead:\n%s", out)
	}
	left, _ := filepath.Glob(filepath.Join(tree.cache, "release", "*", "*"))
	hidden, _ := filepath.Glob(filepath.Join(tree.cache, "release", "*", ".*"))
	if len(left)+len(hidden) != 0 {
		t.Errorf("the refused download is still in the cache: %v %v", left, hidden)
	}
}

func TestBootstrapReverifiesTheCachedReleaseBinary(t *testing.T) {
	t.Parallel()
	tree := newReleaseTree(t)
	tree.vouch(t, goodBinary, tree.sourceHash(t))
	srv := newReleases(t, map[string]string{releaseVersion + "/" + hostAsset: goodBinary})
	tree.start(t, srv.URL)
	cached, _ := filepath.Glob(filepath.Join(tree.cache, "release", "*", "plan-infra"))
	if len(cached) != 1 {
		t.Fatalf("want one cached release binary, got %v", cached)
	}
	pwned := filepath.Join(t.TempDir(), "pwned")
	write(t, cached[0], "#!/bin/sh\ntouch '"+pwned+"'\n", 0o755)

	out := tree.start(t, srv.URL)
	if _, err := os.Stat(pwned); err == nil {
		t.Fatal("a cached binary changed after verification was executed")
	}
	if !strings.Contains(out, "::warning title=repave binary refused::the cached "+hostAsset+" no longer matches actions/checksums.txt") ||
		!strings.Contains(out, releaseLine) || len(srv.requests()) != 2 {
		t.Errorf("want a warning, a fresh verified download and the release binary (downloads %v):\n%s", srv.requests(), out)
	}
}

// TestBootstrapFallsBackToSource covers each reason the release binary cannot
// be used: the tree builds from source, says why, and never runs a download.
func TestBootstrapFallsBackToSource(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds from source")
	}
	closed := closedPort(t)
	for _, tc := range []struct {
		name      string
		vouch     func(*releaseTree, *testing.T)
		assets    map[string]string
		base      func(srv *releases) string
		want      string
		downloads int
		// releaseTree: checksums.txt vouches for this tree, so a later start
		// asks for the release again and never reuses the source build.
		releaseTree bool
	}{{
		name:        "release missing (404)",
		vouch:       func(r *releaseTree, t *testing.T) { r.vouch(t, goodBinary, r.sourceHash(t)) },
		want:        "repave: no release binary from SRV/" + releaseVersion + "/" + hostAsset + " (curl: (22) The requested URL returned error: 404); building from source",
		downloads:   1,
		releaseTree: true,
	}, {
		name:        "no network",
		vouch:       func(r *releaseTree, t *testing.T) { r.vouch(t, goodBinary, r.sourceHash(t)) },
		base:        func(*releases) string { return closed },
		want:        "repave: no release binary from " + closed + "/" + releaseVersion + "/" + hostAsset + " (curl: (7) Failed to connect",
		releaseTree: true,
	}, {
		name:   "checksums written for other sources",
		vouch:  func(r *releaseTree, t *testing.T) { r.vouch(t, goodBinary, strings.Repeat("0", 64)) },
		assets: map[string]string{releaseVersion + "/" + hostAsset: goodBinary},
		want:   "repave: actions/checksums.txt is for the source of " + releaseVersion + ", not for this tree; building from source",
	}, {
		name: "not a release tree",
		vouch: func(r *releaseTree, t *testing.T) {
			b, err := os.ReadFile("checksums.txt")
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(r.dir, "actions", "checksums.txt"), string(b), 0o644)
		},
		assets: map[string]string{releaseVersion + "/" + hostAsset: goodBinary},
		want:   "::group::Building repave plan-infra from source",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tree := newReleaseTree(t)
			tc.vouch(tree, t)
			srv := newReleases(t, tc.assets)
			base := srv.URL
			if tc.base != nil {
				base = tc.base(srv)
			}
			out := tree.start(t, base)
			if want := strings.ReplaceAll(tc.want, "SRV", srv.URL); !strings.Contains(out, want) {
				t.Errorf("want %q in:\n%s", want, out)
			}
			if !strings.Contains(out, builtLine) || strings.Contains(out, releaseLine) {
				t.Errorf("want the binary built from source to run:\n%s", out)
			}
			if n := len(srv.requests()); n != tc.downloads {
				t.Errorf("%d download requests, want %d", n, tc.downloads)
			}
			again := tree.start(t, base)
			if tc.releaseTree {
				if !strings.Contains(again, builtLine) || !strings.Contains(again, "Building") || len(srv.requests()) != 2*tc.downloads {
					t.Errorf("in a release tree the second start should ask for the release again and build afresh, never run the cached build:\n%s", again)
				}
				return
			}
			if !strings.Contains(again, builtLine) || strings.Contains(again, "Building") || len(srv.requests()) != tc.downloads {
				t.Errorf("the second start should reuse the source build without asking for the release again:\n%s", again)
			}
		})
	}
}

// closedPort returns a base URL nothing listens on (connection refused), as
// on a runner without network access to the release host.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// TestReleaseScriptOutputVerifiesAndRuns is the whole chain on the real
// source: scripts/release.sh builds the host's binaries and writes
// actions/checksums.txt on a copy of this repository; the bootstrap downloads
// plan-infra from a stand-in release, verifies it and runs it, then runs it
// again from the cache. BenchmarkCachedReleaseStart times that cached start.
func TestReleaseScriptOutputVerifiesAndRuns(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds the release binaries")
	}
	tree, dist := buildRelease(t)
	sums, err := os.ReadFile(filepath.Join(tree.dir, "actions", "checksums.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"plan-infra", "comment-plan-on-pr", "apply-on-merge", "bake-image", "audit-check"} {
		asset := c + "_" + runtime.GOOS + "_" + runtime.GOARCH
		b, err := os.ReadFile(filepath.Join(dist, asset))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if line := hex.EncodeToString(sum[:]) + "  " + asset + "\n"; !strings.Contains(string(sums), line) {
			t.Errorf("checksums.txt lacks %q:\n%s", line, sums)
		}
	}
	check := exec.Command("sha256sum", "--strict", "-c", "SHA256SUMS")
	check.Dir = dist
	if out, err := check.CombinedOutput(); err != nil {
		t.Errorf("the published SHA256SUMS does not check the binaries: %v\n%s", err, out)
	}
	assets := map[string]string{}
	b, _ := os.ReadFile(filepath.Join(dist, hostAsset))
	assets[releaseVersion+"/"+hostAsset] = string(b)
	srv := newReleases(t, assets)

	missing := filepath.Join(t.TempDir(), "missing")
	first := tree.start(t, srv.URL, "INPUT_WORKING_DIRECTORY="+missing, "GITHUB_OUTPUT=", "GITHUB_STEP_SUMMARY=")
	want := "::error title=plan-infra failed::working-directory"
	if !strings.Contains(first, want) || strings.Contains(first, "Building") || len(srv.requests()) != 1 {
		t.Fatalf("want the downloaded plan-infra to run (downloads %v):\n%s", srv.requests(), first)
	}

	// The cached binary starts without a download: its first line is
	// plan-infra's own.
	if _, line := timeFirstLine(t, tree, srv.URL, "INPUT_WORKING_DIRECTORY="+missing, "GITHUB_OUTPUT=", "GITHUB_STEP_SUMMARY="); !strings.HasPrefix(line, "::group::terraform plan") {
		t.Fatalf("first line %q, want plan-infra's ::group::terraform plan", line)
	}
	if n := len(srv.requests()); n != 1 {
		t.Errorf("the cached start downloaded again: %d downloads", n)
	}
}

// buildRelease runs scripts/release.sh for the host on a copy of this
// repository: the tree (with its actions/checksums.txt) and the directory of
// the published assets.
func buildRelease(t testing.TB) (*releaseTree, string) {
	t.Helper()
	tree := &releaseTree{dir: t.TempDir(), cache: t.TempDir()}
	copyRepo(t, fixture.Repo(t), tree.dir)
	dist := t.TempDir()
	cmd := exec.Command("bash", filepath.Join(tree.dir, "scripts", "release.sh"), releaseVersion, releaseRepo, dist)
	cmd.Env = append(os.Environ(), "REPAVE_RELEASE_PLATFORMS="+runtime.GOOS+"/"+runtime.GOARCH)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("release.sh: %v\n%s", err, out)
	}
	return tree, dist
}

// BenchmarkCachedReleaseStart is the start of a step whose release binary is
// cached: from the exec of the step's script (which re-verifies the binary
// against checksums.txt) to the binary's first line. The target is 0.5 s;
// it reports ms-to-first-line, not a bound a busy machine could break.
func BenchmarkCachedReleaseStart(b *testing.B) {
	tree, dist := buildRelease(b)
	bin, err := os.ReadFile(filepath.Join(dist, hostAsset))
	if err != nil {
		b.Fatal(err)
	}
	srv := newReleases(b, map[string]string{releaseVersion + "/" + hostAsset: string(bin)})
	env := []string{"INPUT_WORKING_DIRECTORY=" + filepath.Join(b.TempDir(), "missing"), "GITHUB_OUTPUT=", "GITHUB_STEP_SUMMARY="}
	tree.start(b, srv.URL, env...) // downloads and caches it
	var total time.Duration
	for b.Loop() {
		took, line := timeFirstLine(b, tree, srv.URL, env...)
		if !strings.HasPrefix(line, "::group::terraform plan") {
			b.Fatalf("first line %q, want plan-infra's ::group::terraform plan", line)
		}
		total += took
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-first-line")
}

func timeFirstLine(t testing.TB, r *releaseTree, base string, env ...string) (time.Duration, string) {
	t.Helper()
	cmd := exec.Command("bash", filepath.Join(r.dir, "actions", "run.sh"), "plan-infra")
	cmd.Env = append(os.Environ(), append([]string{"REPAVE_CACHE=" + r.cache, "REPAVE_RELEASE_URL=" + base}, env...)...)
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(pipe).ReadString('\n')
	took := time.Since(t0)
	cmd.Wait()
	return took, line
}

// copyRepo copies what a release is built from: the module, the sources, the
// actions and the release script.
func copyRepo(t testing.TB, from, to string) {
	t.Helper()
	for _, p := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(from, p))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(to, p), string(b), 0o644)
	}
	for _, d := range []string{"cmd", "pkg", "internal", "actions", "scripts"} {
		fixture.CopyDir(t, filepath.Join(from, d), filepath.Join(to, d))
	}
}

// TestBootstrapVerifiesWithShasum runs the release path on a PATH without
// GNU sha256sum, as on macOS runners, where `shasum -a 256` does the hashing.
func TestBootstrapVerifiesWithShasum(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("shasum"); err != nil {
		t.Skip("shasum is not installed")
	}
	bin := t.TempDir()
	for _, tool := range []string{"bash", "sh", "env", "curl", "shasum", "perl", "awk", "sed", "find", "sort", "cut",
		"uname", "mkdir", "mktemp", "mv", "rm", "chmod", "head", "dirname", "cat", "touch"} {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Skipf("%s is not installed", tool)
		}
		if err := os.Symlink(p, filepath.Join(bin, tool)); err != nil {
			t.Fatal(err)
		}
	}
	tree := newReleaseTree(t)
	tree.vouch(t, goodBinary, tree.sourceHash(t))
	srv := newReleases(t, map[string]string{releaseVersion + "/" + hostAsset: goodBinary})
	out := tree.start(t, srv.URL, "PATH="+bin)
	if !strings.Contains(out, releaseLine) || len(srv.requests()) != 1 {
		t.Fatalf("want the release binary verified with shasum and run (downloads %v):\n%s", srv.requests(), out)
	}
	if again := tree.start(t, srv.URL, "PATH="+bin); !strings.Contains(again, releaseLine) {
		t.Errorf("want the cached binary re-verified with shasum and run:\n%s", again)
	}
}
