package actions_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBootstrapNeverRunsACachedSourceBuildInAReleaseTree plants a binary
// where a source build of the same tree is cached (as another job sharing
// the runner's tool cache could): a release tree never runs it. It runs the
// release binary once verified against actions/checksums.txt, and when the
// release cannot be had it builds afresh and runs that build, never the
// cached file.
func TestBootstrapNeverRunsACachedSourceBuildInAReleaseTree(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds from source")
	}
	tree := newReleaseTree(t)
	os.Remove(filepath.Join(tree.dir, "actions", "checksums.txt"))
	srv := newReleases(t, map[string]string{})
	if out := tree.start(t, srv.URL); !strings.Contains(out, builtLine) {
		t.Fatalf("want a source build first:\n%s", out)
	}
	built, _ := filepath.Glob(filepath.Join(tree.cache, "*", "plan-infra"))
	if len(built) != 1 {
		t.Fatalf("want one cached source build, got %v", built)
	}
	pwned := filepath.Join(t.TempDir(), "pwned")
	write(t, built[0], "#!/bin/sh\ntouch '"+pwned+"'\necho planted\n", 0o755)

	tree.vouch(t, goodBinary, tree.sourceHash(t)) // now a release tree of the same sources
	// The release cannot be had (404): build afresh, never the planted file.
	out := tree.start(t, srv.URL)
	if _, err := os.Stat(pwned); err == nil || strings.Contains(out, "planted") {
		t.Fatalf("a release tree ran the binary planted in the source-build cache:\n%s", out)
	}
	if !strings.Contains(out, builtLine) || !strings.Contains(out, "Building repave plan-infra from source") {
		t.Errorf("want a fresh source build to run:\n%s", out)
	}
	if b, _ := os.ReadFile(built[0]); !strings.Contains(string(b), "planted") {
		t.Errorf("the fresh build should not go where another job can replace it before it runs")
	}

	// The release is there: download, verify, run it.
	srv.mu.Lock()
	srv.assets[releaseVersion+"/"+hostAsset] = goodBinary
	srv.mu.Unlock()
	out = tree.start(t, srv.URL)
	if _, err := os.Stat(pwned); err == nil || !strings.Contains(out, releaseLine) {
		t.Fatalf("want the verified release binary, not the planted one:\n%s", out)
	}

	// A binary planted in the release cache itself is refused as well.
	cached, _ := filepath.Glob(filepath.Join(tree.cache, "release", "*", "plan-infra"))
	if len(cached) != 1 {
		t.Fatalf("want one cached release binary, got %v", cached)
	}
	write(t, cached[0], "#!/bin/sh\ntouch '"+pwned+"'\necho planted\n", 0o755)
	out = tree.start(t, srv.URL)
	if _, err := os.Stat(pwned); err == nil || !strings.Contains(out, releaseLine) || !strings.Contains(out, "repave binary refused") {
		t.Fatalf("want the planted release binary refused and the verified download run:\n%s", out)
	}
}
