#!/usr/bin/env bash
# Commit the release of VERSION on top of the checked-out commit and push its
# tags, after scripts/release.sh wrote actions/checksums.txt:
#
#   scripts/tag-release.sh VERSION
#
# Run in a clone whose origin is the repository, with a git identity set.
# It makes up to two commits, on no branch (main keeps a checksums file
# without lines and the workflows' @v1):
#  1. the release commit: actions/checksums.txt with the SHA-256 of the
#     binaries, which actions/run.sh verifies downloads against;
#  2. the pin commit: every `uses: repave-dev/repave/actions/<name>@<ref>` in
#     .github/workflows/*.yml rewritten to `@<release commit SHA> # VERSION`,
#     so the reusable workflow of a release (pinned by tag or by SHA) runs
#     exactly that release's actions, not whatever v1 points at later. The two
#     commits have the same actions/ and Go source, so the same binaries.
# VERSION points at the last of them. For a release (vX.Y.Z without a
# pre-release suffix) vX.Y and vX move there too, unless a higher release of
# that line is already tagged: a patch of an older line never moves the newer
# tags back. The tags are pushed together, atomically.
#
# A re-run (reproducible builds: the same checksums) finds the tag's
# actions/checksums.txt equal, keeps the tag, and only makes sure vX.Y and vX
# are where they should be.
set -euo pipefail

version="${1:?usage: scripts/tag-release.sh VERSION}"
if ! [[ "$version" =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+)(-[0-9A-Za-z.]+)?$ ]]; then
  echo "release: version \"$version\" must be a tag like v1.2.3 (or v1.2.3-rc.1)" >&2
  exit 1
fi
major="v${BASH_REMATCH[1]}" minor="v${BASH_REMATCH[1]}.${BASH_REMATCH[2]}" pre="${BASH_REMATCH[4]}"
cd "$(dirname "$0")/.."

# The tags as origin has them now (a moved vX is fetched over the local one).
git fetch -q -f origin 'refs/tags/*:refs/tags/*'

if git diff --quiet -- actions/checksums.txt ||
  git show "refs/tags/$version:actions/checksums.txt" 2>/dev/null | cmp -s - actions/checksums.txt; then
  echo "release: the tag's actions/checksums.txt already lists these binaries; the tag stays"
  target="$(git rev-parse "refs/tags/$version^{commit}")"
  push=()
else
  git commit -q -m "Release $version: SHA-256 of the release binaries" -- actions/checksums.txt
  release="$(git rev-parse HEAD)"
  # Rewrite the ref of every step that uses one of repave's own actions.
  for wf in .github/workflows/*.yml; do
    sed -E -i.orig "s|^([[:space:]]*(- )?uses:[[:space:]]*repave-dev/repave/actions/[A-Za-z0-9._-]+)@[^[:space:]]+.*\$|\1@$release # $version|" "$wf"
    rm -f "$wf.orig"
  done
  if left="$(grep -nE 'uses:[[:space:]]*repave-dev/repave/actions/' .github/workflows/*.yml | grep -vE "@$release # $version\$")"; then
    echo "release: these uses: lines were not pinned to $release:" >&2
    echo "$left" >&2
    exit 1
  fi
  if ! git diff --quiet -- .github/workflows; then
    git commit -q -m "Release $version: the workflows use the actions of $release" -- .github/workflows
  fi
  target="$(git rev-parse HEAD)"
  git tag -f -a "$version" -m "repave $version" "$target" >/dev/null
  push=("refs/tags/$version")
fi

# highest LINE prints the highest release (no pre-release) tagged vLINE.*,
# counting VERSION as tagged.
highest() {
  { git tag -l "$1.*"; echo "$version"; } | grep -E "^$1\.[0-9]+(\.[0-9]+)?\$" | grep -E '^v[0-9]+\.[0-9]+\.[0-9]+$' | sort -V | tail -1
}
if [ -z "$pre" ]; then
  for moving in "$minor" "$major"; do
    if [ "$(highest "$moving")" != "$version" ]; then
      echo "release: $moving stays at $(highest "$moving"), a higher release than $version"
      continue
    fi
    if [ "$(git rev-parse -q --verify "refs/tags/$moving^{commit}" || true)" != "$target" ]; then
      git tag -f -a "$moving" -m "repave $moving: $version" "$target" >/dev/null
      push+=("refs/tags/$moving")
    fi
  done
fi

if [ "${#push[@]}" -gt 0 ]; then
  git push -q --atomic -f origin "${push[@]}"
  echo "release: pushed ${push[*]#refs/tags/} at $target"
fi
