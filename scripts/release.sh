#!/usr/bin/env bash
# Build the release binaries of this tree and record their SHA-256 in
# actions/checksums.txt, the file actions/run.sh verifies downloads against.
#
#   scripts/release.sh VERSION OWNER/REPO DIST
#
# Writes DIST/<command>_<os>_<arch> (.exe on Windows) for every command and
# platform, DIST/checksums.txt (a copy of actions/checksums.txt) and
# DIST/SHA256SUMS (only the digest lines: `sha256sum -c SHA256SUMS` checks
# downloads). The builds are reproducible (static, -trimpath, no build id,
# no VCS stamp): anyone can rebuild a release with the same Go version and
# compare the checksums.
# REPAVE_RELEASE_PLATFORMS limits the platforms (tests build only their own).
set -euo pipefail

version="${1:?usage: scripts/release.sh VERSION OWNER/REPO DIST}"
repository="${2:?usage: scripts/release.sh VERSION OWNER/REPO DIST}"
dist="${3:?usage: scripts/release.sh VERSION OWNER/REPO DIST}"
case "$version" in
v[0-9]*) ;;
*)
  echo "release: version \"$version\" must be a tag like v1.2.3" >&2
  exit 1
  ;;
esac
cd "$(dirname "$0")/.."
commands="plan-infra comment-plan-on-pr apply-on-merge bake-image audit-check"
platforms="${REPAVE_RELEASE_PLATFORMS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64}"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

mkdir -p "$dist"
dist="$(cd "$dist" && pwd)"
assets=()
for p in $platforms; do
  for c in $commands; do
    asset="${c}_${p%/*}_${p#*/}"
    if [ "${p%/*}" = windows ]; then asset="$asset.exe"; fi # actions/run.sh looks for this name
    assets+=("$asset")
    out="$dist/$asset"
    echo "release: building $out"
    CGO_ENABLED=0 GOOS="${p%/*}" GOARCH="${p#*/}" \
      go build -trimpath -buildvcs=false -ldflags "-s -w -buildid=" -o "$out" "./cmd/$c"
  done
done

{
  echo "# SHA-256 of the repave release binaries built from this tree. actions/run.sh"
  echo "# runs a downloaded binary only when it matches its line here, and only when"
  echo "# this tree's source hash is the one below; otherwise it builds from source."
  echo "# Written by scripts/release.sh on the release commit the tag points at."
  echo "# version: $version"
  echo "# repository: $repository"
  echo "# source: $(bash actions/run.sh --source-hash)"
  (cd "$dist" && sha256 "${assets[@]}")
} >actions/checksums.txt
cp actions/checksums.txt "$dist/checksums.txt"
grep -v '^#' actions/checksums.txt >"$dist/SHA256SUMS"
echo "release: wrote actions/checksums.txt for $version"
