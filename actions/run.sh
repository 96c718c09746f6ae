#!/usr/bin/env bash
# The one bootstrap every repave composite action runs: find the binary named
# by $1 for this checkout of the action, then exec it. Inputs reach the binary
# only through the step's env:.
#
# Where the binary comes from, first match wins:
#  1. a release binary already in the cache whose SHA-256 still matches
#     actions/checksums.txt (re-checked on every start);
#  2. outside a release tree only: a binary built from this source tree
#     earlier (cache keyed by source hash);
#  3. the release binary downloaded from the release named in
#     actions/checksums.txt, run only when its SHA-256 matches the committed one
#     and the file was written for exactly this source tree;
#  4. `go build` from this source tree.
# A download that is missing, unreachable or does not match is never executed:
# the script says why and builds from source. A release tree (checksums.txt
# vouches for this tree's binary) never runs a cached source build: the cache
# may be shared with other jobs (RUNNER_TOOL_CACHE on a self-hosted runner),
# and nothing proves who wrote that file. Its fallback build goes to a
# directory of this start and is run from there.
#
# Runners: Linux, macOS and Windows (in the bash GitHub ships there, Git Bash:
# no PowerShell). The platform is RUNNER_OS / RUNNER_ARCH on a runner, else
# uname; Windows binaries end in .exe. Releases are downloaded from the
# server the workflow runs on (GITHUB_SERVER_URL: a GitHub Enterprise Server
# serves its own releases), github.com outside a runner.
#
# `run.sh --source-hash` prints the source hash (the release workflow records it).
set -euo pipefail

name="${1:-}"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sums="$src/actions/checksums.txt"

# sha256 FILE... prints "<hex>  <file>" lines (GNU coreutils, or macOS shasum).
sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

# source_hash covers everything that goes into a binary: the module files and
# the non-test Go sources. It is the same on every platform.
source_hash() {
  (
    cd "$src"
    files=()
    for f in go.mod go.sum; do
      if [ -f "$f" ]; then files+=("$f"); fi
    done
    while IFS= read -r f; do files+=("$f"); done < <(find cmd pkg internal -name '*.go' ! -name '*_test.go' 2>/dev/null | LC_ALL=C sort)
    if [ "${#files[@]}" -gt 0 ]; then sha256 "${files[@]}"; fi
  ) | sha256 | cut -c1-64
}

if [ "$name" = "--source-hash" ]; then
  source_hash
  exit 0
fi

case "$name" in
plan-infra | comment-plan-on-pr | apply-on-merge | bake-image | audit-check) ;;
*)
  echo "::error title=Invalid input::input \"command\": \"${name}\" is not a repave command; use one of plan-infra, comment-plan-on-pr, apply-on-merge, bake-image, audit-check"
  exit 1
  ;;
esac

# The runner's platform: RUNNER_OS/RUNNER_ARCH (Linux, macOS, Windows; X64,
# ARM64) when set, else uname (Git Bash on Windows says MINGW64_NT-…).
case "${RUNNER_OS:-$(uname -s)}" in
Linux) os=linux ;;
macOS | Darwin) os=darwin ;;
Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
*) os="" ;;
esac
case "${RUNNER_ARCH:-$(uname -m)}" in
X64 | x86_64 | amd64) arch=amd64 ;;
ARM64 | aarch64 | arm64) arch=arm64 ;;
*) arch="" ;;
esac
exe=""
if [ "$os" = windows ]; then exe=".exe"; fi

srchash="$(source_hash)"
key="$(printf '%s %s/%s %s\n' "$srchash" "$os" "$arch" "$(uname -sm)" | sha256 | cut -c1-20)"
cache="${REPAVE_CACHE:-${RUNNER_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}}/repave}"
if [ "$os" = windows ] && command -v cygpath >/dev/null 2>&1; then
  cache="$(cygpath -u "$cache")" # C:\hostedtoolcache\windows → /c/hostedtoolcache/windows
fi
built="$cache/$key/$name$exe"

# meta FIELD prints the value of a "# FIELD: value" line of checksums.txt.
meta() { sed -n "s/^# $1: *//p" "$sums" 2>/dev/null | head -1; }

# The release binary this tree vouches for, if any.
asset="" want=""
if [ -n "$os" ] && [ -n "$arch" ] && [ -f "$sums" ]; then
  asset="${name}_${os}_${arch}${exe}"
  want="$(awk -v a="$asset" '$1 !~ /^#/ && ($2 == a || $2 == "*" a) { print $1; exit }' "$sums")"
  version="$(meta version)" repository="$(meta repository)" recorded="$(meta source)"
  if [ -z "$want" ] || [ -z "$version" ] || [ -z "$repository" ]; then
    want="" # not a release tree: nothing to download
  elif [ "$recorded" != "$srchash" ]; then
    echo "repave: actions/checksums.txt is for the source of $version, not for this tree; building from source"
    want=""
  fi
fi

if [ -n "$want" ]; then
  verified="$cache/release/$want/$name$exe"
  if [ -f "$verified" ]; then
    if [ "$(sha256 "$verified" | cut -c1-64)" = "$want" ]; then
      exec "$verified"
    fi
    echo "::warning title=repave binary refused::the cached $asset no longer matches actions/checksums.txt; it was removed and is fetched again"
    rm -f "$verified"
  fi
fi

if [ -z "$want" ] && [ -x "$built" ]; then
  exec "$built" # not a release tree: nothing to verify a build against
fi

# fetch URL FILE downloads URL to FILE, printing why when it cannot.
fetch() {
  local err
  if command -v curl >/dev/null 2>&1; then
    if err="$(curl -fsSL --connect-timeout 5 --max-time 120 --retry 2 -o "$2" "$1" 2>&1)"; then return 0; fi
  elif command -v wget >/dev/null 2>&1; then
    if err="$(wget -q -T 10 -t 2 -O "$2" "$1" 2>&1)"; then return 0; fi
    err="${err:-wget failed}"
  else
    err="neither curl nor wget is installed"
  fi
  echo "repave: no release binary from $1 (${err%%$'\n'*}); building from source"
  return 1
}

if [ -n "$want" ]; then
  server="${GITHUB_SERVER_URL:-https://github.com}"
  base="${REPAVE_RELEASE_URL:-${server%/}/$repository/releases/download}"
  url="$base/$version/$asset"
  mkdir -p "$cache/release/$want"
  tmp="$(mktemp "$cache/release/$want/.$name.XXXXXX")"
  if fetch "$url" "$tmp"; then
    got="$(sha256 "$tmp" | cut -c1-64)"
    if [ "$got" = "$want" ]; then
      chmod 0755 "$tmp"
      mv -f "$tmp" "$verified" # atomic: concurrent jobs never run a half-written binary
      exec "$verified"
    fi
    echo "::warning title=repave binary refused::$url has SHA-256 $got, but actions/checksums.txt says $want for $asset: the download was deleted without running it; building from source instead"
  fi
  rm -f "$tmp"
fi

if [ ! -d "$src/cmd/$name" ]; then
  echo "::error title=Not implemented yet::repave $name is not implemented yet in this version; pin a release that ships $name"
  exit 1
fi
if ! command -v go >/dev/null 2>&1; then
  echo "::error title=Go not found::repave has no verified release binary for this ref and builds from source, which needs Go on the runner: add \`uses: actions/setup-go@v5\` with \`go-version-file\` pointing at this action's go.mod, or pin a release tag"
  exit 1
fi
if [ -n "$want" ]; then
  # A release tree: build into a directory of this start only, run it from there.
  echo "::group::Building repave $name from source (not cached: this tree runs only binaries it verified or built in this start)"
  tmpbase="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
  if [ "$os" = windows ] && command -v cygpath >/dev/null 2>&1; then tmpbase="$(cygpath -u "$tmpbase")"; fi
  own="$(mktemp -d "$tmpbase/repave-$name.XXXXXX")"
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -o "$own/$name$exe" "./cmd/$name")
  echo "::endgroup::"
  exec "$own/$name$exe"
fi
echo "::group::Building repave $name from source (cached for later runs)"
mkdir -p "$cache/$key"
tmp="$(mktemp "$cache/$key/.$name.XXXXXX")"
# go build adds .exe to a Windows output without it; build to the name it keeps.
(cd "$src" && CGO_ENABLED=0 go build -trimpath -o "$tmp$exe" "./cmd/$name")
if [ -n "$exe" ]; then mv -f "$tmp$exe" "$tmp"; fi
mv -f "$tmp" "$built" # atomic: concurrent jobs on one runner never run a half-written binary
echo "::endgroup::"
exec "$built"
