package actions_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// vouchAsset is vouch for a named asset (another platform's).
func (r *releaseTree) vouchAsset(t *testing.T, binary, source, asset string) string {
	t.Helper()
	sum := sha256.Sum256([]byte(binary))
	want := hex.EncodeToString(sum[:])
	write(t, filepath.Join(r.dir, "actions", "checksums.txt"), fmt.Sprintf(
		"# release binaries\n# version: %s\n# repository: %s\n# source: %s\n%s  %s\n",
		releaseVersion, releaseRepo, source, want, asset), 0o644)
	return want
}

// On each runner platform (RUNNER_OS, RUNNER_ARCH as GitHub sets them) the
// bootstrap downloads that platform's asset, .exe on Windows, keeps it under
// that name and runs it. (The "binaries" are shell scripts, so this host
// runs any of them.)
func TestBootstrapPicksTheRunnersPlatformAsset(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ os, arch, asset string }{
		{"Linux", "X64", "plan-infra_linux_amd64"},
		{"Linux", "ARM64", "plan-infra_linux_arm64"},
		{"macOS", "X64", "plan-infra_darwin_amd64"},
		{"macOS", "ARM64", "plan-infra_darwin_arm64"},
		{"Windows", "X64", "plan-infra_windows_amd64.exe"},
		{"Windows", "ARM64", "plan-infra_windows_arm64.exe"},
	} {
		t.Run(tc.os+"-"+tc.arch, func(t *testing.T) {
			t.Parallel()
			tree := newReleaseTree(t)
			sum := tree.vouchAsset(t, goodBinary, tree.sourceHash(t), tc.asset)
			srv := newReleases(t, map[string]string{releaseVersion + "/" + tc.asset: goodBinary})
			out := tree.start(t, srv.URL, "RUNNER_OS="+tc.os, "RUNNER_ARCH="+tc.arch)
			if !strings.Contains(out, releaseLine) || strings.Contains(out, "Building") {
				t.Fatalf("want the %s release binary to run:\n%s", tc.asset, out)
			}
			if got := srv.requests(); len(got) != 1 || got[0] != "/"+releaseVersion+"/"+tc.asset {
				t.Errorf("downloads = %v, want /%s/%s", got, releaseVersion, tc.asset)
			}
			name := "plan-infra"
			if tc.os == "Windows" {
				name += ".exe"
			}
			if _, err := os.Stat(filepath.Join(tree.cache, "release", sum, name)); err != nil {
				t.Errorf("the verified binary is not cached as %s: %v", name, err)
			}
		})
	}
}

// Git Bash on Windows without RUNNER_OS: uname says MINGW64_NT-…, and the
// bootstrap still picks the Windows asset.
func TestBootstrapReadsWindowsFromUname(t *testing.T) {
	t.Parallel()
	bin := t.TempDir()
	write(t, filepath.Join(bin, "uname"), "#!/bin/sh\ncase \"$1\" in -s) echo MINGW64_NT-10.0-20348 ;; -m) echo x86_64 ;; *) echo MINGW64_NT-10.0-20348 x86_64 ;; esac\n", 0o755)
	tree := newReleaseTree(t)
	tree.vouchAsset(t, goodBinary, tree.sourceHash(t), "plan-infra_windows_amd64.exe")
	srv := newReleases(t, map[string]string{releaseVersion + "/plan-infra_windows_amd64.exe": goodBinary})
	out := tree.start(t, srv.URL, "RUNNER_OS=", "RUNNER_ARCH=", "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	if !strings.Contains(out, releaseLine) {
		t.Fatalf("want the windows asset to run:\n%s", out)
	}
	if got := srv.requests(); len(got) != 1 || !strings.HasSuffix(got[0], "/plan-infra_windows_amd64.exe") {
		t.Errorf("downloads = %v", got)
	}
}

// Outside a release tree a Windows runner builds plan-infra.exe from source,
// caches it under that name and starts from the cache the next time.
func TestBootstrapBuildsAnExeOnWindows(t *testing.T) {
	t.Parallel()
	tree := newReleaseTree(t)
	out := tree.start(t, "", "RUNNER_OS=Windows", "RUNNER_ARCH=X64")
	if !strings.Contains(out, builtLine) || !strings.Contains(out, "Building repave plan-infra from source") {
		t.Fatalf("want a source build:\n%s", out)
	}
	built, _ := filepath.Glob(filepath.Join(tree.cache, "*", "plan-infra.exe"))
	if len(built) != 1 {
		all, _ := filepath.Glob(filepath.Join(tree.cache, "*", "*"))
		t.Fatalf("want one cached plan-infra.exe, got %v", all)
	}
	if again := tree.start(t, "", "RUNNER_OS=Windows", "RUNNER_ARCH=X64"); !strings.Contains(again, builtLine) || strings.Contains(again, "Building") {
		t.Errorf("the second start should run the cached .exe:\n%s", again)
	}
}

// On GitHub Enterprise Server the release comes from the server the
// workflow runs on (GITHUB_SERVER_URL), at /<owner>/<repo>/releases/download.
func TestBootstrapDownloadsFromTheEnterpriseServer(t *testing.T) {
	t.Parallel()
	for _, suffix := range []string{"", "/"} {
		tree := newReleaseTree(t)
		tree.vouch(t, goodBinary, tree.sourceHash(t))
		path := releaseRepo + "/releases/download/" + releaseVersion + "/" + hostAsset
		ghes := newReleases(t, map[string]string{path: goodBinary})
		out := tree.start(t, "", "GITHUB_SERVER_URL="+ghes.URL+suffix)
		if !strings.Contains(out, releaseLine) || strings.Contains(out, "Building") {
			t.Fatalf("want the release from the server:\n%s", out)
		}
		if got := ghes.requests(); len(got) != 1 || got[0] != "/"+path {
			t.Errorf("server %q: downloads = %v, want /%s", suffix, got, path)
		}
	}
}

// The release builds the Windows binaries under the names the bootstrap
// looks for (<command>_windows_<arch>.exe).
func TestReleaseScriptBuildsWindowsExes(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../scripts/release.sh")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.Contains(s, "windows/amd64 windows/arm64") || !strings.Contains(s, `if [ "${p%/*}" = windows ]; then asset="$asset.exe"; fi`) {
		t.Error("scripts/release.sh must build windows/amd64 and windows/arm64 as <command>_windows_<arch>.exe")
	}
}
