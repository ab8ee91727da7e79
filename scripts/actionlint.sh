#!/usr/bin/env bash
# Lints GitHub Actions workflows with actionlint (rhysd/actionlint).
#
#   scripts/actionlint.sh [WORKFLOW.yml ...]     default: examples/gitops/.github/workflows/*.yml
#
# Uses an actionlint already on PATH. Otherwise builds the pinned version once from the Go
# module proxy into a per-user cache, so a second run (and every test run after) starts at
# once; nothing is downloaded as a prebuilt binary. actionlint runs shellcheck on `run:`
# scripts only when shellcheck is installed; both outcomes are fine here.
set -euo pipefail

readonly VERSION="v1.7.12"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-kaleyra-flows/actionlint-${VERSION}"

find_actionlint() {
  if command -v actionlint >/dev/null 2>&1; then
    command -v actionlint
    return
  fi
  if [[ ! -x "$CACHE/actionlint" ]]; then
    if ! command -v go >/dev/null 2>&1; then
      echo "actionlint is not on PATH and Go is not installed to build it: install actionlint ${VERSION} (https://github.com/rhysd/actionlint) or Go." >&2
      exit 127
    fi
    echo "Building actionlint ${VERSION} into ${CACHE} (once)..." >&2
    mkdir -p "$CACHE"
    # GOTOOLCHAIN=local: build with the Go that is here, never fetch another toolchain.
    # -mod=mod: resolve the module's own dependencies without a vendor directory.
    GOBIN="$CACHE" GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" \
      go install "github.com/rhysd/actionlint/cmd/actionlint@${VERSION}" >&2
  fi
  echo "$CACHE/actionlint"
}

main() {
  local bin
  bin="$(find_actionlint)"
  local files=("$@")
  if [[ ${#files[@]} -eq 0 ]]; then
    shopt -s nullglob
    files=("$ROOT"/examples/gitops/.github/workflows/*.yml)
    shopt -u nullglob
    if [[ ${#files[@]} -eq 0 ]]; then
      echo "No workflow files found under examples/gitops/.github/workflows." >&2
      exit 2
    fi
  fi
  # -no-color keeps output readable in CI logs and test failure messages.
  "$bin" -no-color "${files[@]}"
}

main "$@"
