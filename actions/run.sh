#!/usr/bin/env bash
# The one bootstrap every repave composite action runs: build the binary named
# by $1 from this checkout of the action's source, once per source hash, into a
# cache, then exec it. Inputs reach the binary only through the step's env:.
# (Prebuilt, checksum-verified release binaries come first once releases exist.)
set -euo pipefail

name="${1:-}"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

case "$name" in
plan-infra | comment-plan-on-pr) ;;
apply-on-merge | bake-image | audit-check)
  if [ ! -d "$src/cmd/$name" ]; then
    echo "::error title=Not implemented yet::repave $name is not implemented yet in this version; use plan-infra or comment-plan-on-pr, or pin a release that ships $name"
    exit 1
  fi
  ;;
*)
  echo "::error title=Invalid input::input \"command\": \"${name}\" is not a repave command; use one of plan-infra, comment-plan-on-pr, apply-on-merge, bake-image, audit-check"
  exit 1
  ;;
esac

if ! command -v go >/dev/null 2>&1; then
  echo "::error title=Go not found::repave builds its binary from source and needs Go on the runner: add \`uses: actions/setup-go@v5\` with \`go-version-file\` pointing at this action's go.mod, or use a GitHub-hosted runner"
  exit 1
fi

# The cache key covers everything that goes into the binary: the module files,
# the non-test Go sources, and the platform.
key="$(
  cd "$src"
  {
    printf '%s\n' go.mod go.sum
    find cmd pkg internal -name '*.go' ! -name '*_test.go' 2>/dev/null
  } | LC_ALL=C sort | xargs sha256sum
  uname -sm
)"
key="$(printf '%s' "$key" | sha256sum | cut -c1-20)"
cache="${REPAVE_CACHE:-${RUNNER_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}}/repave}"
bin="$cache/$key/$name"

if [ ! -x "$bin" ]; then
  echo "::group::Building repave $name from source (cached for later runs)"
  mkdir -p "$cache/$key"
  tmp="$(mktemp "$cache/$key/.$name.XXXXXX")"
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -o "$tmp" "./cmd/$name")
  mv -f "$tmp" "$bin" # atomic: concurrent jobs on one runner never run a half-written binary
  echo "::endgroup::"
fi
exec "$bin"
