#!/usr/bin/env bash
# Lints GitHub Actions workflows with actionlint (rhysd/actionlint).
#
#   scripts/actionlint.sh [FLAG ...] [WORKFLOW.yml ...]   lint (default: examples/gitops/.github/workflows/*.yml);
#                                                          arguments starting with - go to actionlint (e.g. -verbose)
#   scripts/actionlint.sh --ensure                         print the actionlint binary's path, building it if needed
#
# Which actionlint: $ACTIONLINT when set (a path, used as is), else one on PATH, else the
# pinned version built once per machine from the Go module proxy into a per-user cache and
# reused after that. Nothing is downloaded as a prebuilt binary. Progress goes to stderr;
# with --ensure, stdout carries only the path. actionlint runs shellcheck on `run:` scripts
# only when shellcheck is installed; both outcomes are fine here.
#
# Environment:
#   ACTIONLINT                   an actionlint binary to use (nothing is built)
#   PULUMI_KALEYRA_FLOWS_CACHE   cache folder (default: $XDG_CACHE_HOME or ~/.cache, /pulumi-kaleyra-flows)
set -euo pipefail

readonly VERSION="v1.7.12"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
cache="${PULUMI_KALEYRA_FLOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-kaleyra-flows}"
readonly BUILT="${cache}/actionlint-${VERSION}/actionlint"

say() { printf '[actionlint] %s\n' "$*" >&2; }
die() { printf '[actionlint] error: %s\n' "$*" >&2; exit 127; }

# Prints the path of the actionlint to use, building the pinned one on first use.
ensure() {
  if [[ -n "${ACTIONLINT:-}" ]]; then
    [[ -x "$ACTIONLINT" ]] || die "ACTIONLINT=${ACTIONLINT} is not an executable file."
    echo "$ACTIONLINT"
    return
  fi
  if command -v actionlint >/dev/null 2>&1; then
    command -v actionlint
    return
  fi
  if [[ -x "$BUILT" ]]; then
    echo "$BUILT"
    return
  fi
  command -v go >/dev/null 2>&1 ||
    die "actionlint is not on PATH and Go is not installed to build it: install actionlint ${VERSION} (https://github.com/rhysd/actionlint) or Go."
  mkdir -p "$(dirname "$BUILT")"
  # One build at a time per cache, even when several test runs start together; the one
  # that waited finds the binary made.
  exec 8>"${BUILT}.lock"
  if command -v flock >/dev/null 2>&1; then flock 8; fi
  if [[ ! -x "$BUILT" ]]; then
    say "building actionlint ${VERSION} from the Go module proxy (once per machine)"
    local tmp
    tmp="$(mktemp -d "$(dirname "$BUILT")/.build.XXXXXX")"
    # GOTOOLCHAIN=local: build with the Go that is here, never fetch another toolchain.
    # -mod=mod: resolve the module's own dependencies without a vendor directory.
    GOBIN="$tmp" GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" \
      go install "github.com/rhysd/actionlint/cmd/actionlint@${VERSION}" >&2 || { rm -rf "$tmp"; die "building actionlint failed (see above)"; }
    # A rename, so no reader ever sees half a binary.
    mv -f "$tmp/actionlint" "$BUILT"
    rm -rf "$tmp"
  fi
  echo "$BUILT"
}

main() {
  if [[ "${1:-}" == "--ensure" ]]; then
    ensure
    return
  fi
  local bin
  bin="$(ensure)"
  local flags=() files=()
  for arg in "$@"; do
    if [[ "$arg" == -* ]]; then flags+=("$arg"); else files+=("$arg"); fi
  done
  if [[ ${#files[@]} -eq 0 ]]; then
    shopt -s nullglob
    files=("$ROOT"/examples/gitops/.github/workflows/*.yml)
    shopt -u nullglob
    # Never a silent pass with nothing checked.
    if [[ ${#files[@]} -eq 0 ]]; then
      echo "No workflow files found under examples/gitops/.github/workflows." >&2
      exit 2
    fi
  fi
  # -no-color keeps output readable in CI logs and test failure messages.
  "$bin" -no-color "${flags[@]}" "${files[@]}"
}

main "$@"
