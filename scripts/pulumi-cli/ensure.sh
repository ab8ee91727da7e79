#!/usr/bin/env bash
# Provides a Pulumi CLI and Node language host, and prints the folder that holds them.
#
#   scripts/pulumi-cli/ensure.sh          -> prints e.g. /home/me/.cache/pulumi-kaleyra-flows/pulumi-v3.248.0/bin
#
# 1. A `pulumi` (>= 3.139, for dynamic providers' `configure`) and a
#    `pulumi-language-nodejs` already on PATH are used as they are: nothing is built.
# 2. Otherwise both are built once per machine from the Go module proxy, pinned by the
#    wrapper modules beside this script (go.mod and go.sum in the repository), into a
#    per-user cache outside the repository, and reused on later runs.
#
# Progress goes to stderr; stdout carries only the folder, so callers can do
#   PATH="$(scripts/pulumi-cli/ensure.sh):$PATH"
#
# Environment:
#   PULUMI_KALEYRA_FLOWS_CACHE   cache folder (default: $XDG_CACHE_HOME or ~/.cache, /pulumi-kaleyra-flows)
#   PULUMI_KALEYRA_FLOWS_BUILD=1 ignore a pulumi on PATH and use (or build) the pinned one
set -euo pipefail

readonly CLI_VERSION="v3.248.0"
readonly MIN_CLI_VERSION="3.139.0"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

say() { printf '[pulumi-cli] %s\n' "$*" >&2; }
die() { printf '[pulumi-cli] error: %s\n' "$*" >&2; exit 1; }

# version_ge A B: true when dotted version A >= B.
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# 1. A CLI the user already has.
if [ "${PULUMI_KALEYRA_FLOWS_BUILD:-}" != "1" ] && command -v pulumi >/dev/null 2>&1; then
  have="$(pulumi version 2>/dev/null | sed 's/^v//')"
  if version_ge "${have:-0}" "$MIN_CLI_VERSION" && command -v pulumi-language-nodejs >/dev/null 2>&1; then
    say "using pulumi ${have} from PATH"
    dirname "$(command -v pulumi)"
    exit 0
  fi
  say "pulumi ${have:-?} on PATH is older than ${MIN_CLI_VERSION} or has no pulumi-language-nodejs beside it; using the pinned ${CLI_VERSION}"
fi

# The dynamic-provider host ships inside @pulumi/pulumi as a small script that finds the
# SDK from the program's directory. A copy beside the CLI lets the CLI find it without a
# PATH entry per project (and without the "using ... from $PATH" warning).
write_nodejs_provider_shim() {
  local target="${bin}/pulumi-resource-pulumi-nodejs"
  [ -x "${target}" ] && return 0
  cat > "${target}.tmp.$$" <<'SH'
#!/bin/sh
# Runs the Node dynamic-provider host of the @pulumi/pulumi installed in the program's folder.
PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")
if [ ! -z "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" ]; then
    node "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" $@
fi
SH
  chmod +x "${target}.tmp.$$" && mv -f "${target}.tmp.$$" "${target}"
}

# 2. The pinned build in the per-user cache.
cache="${PULUMI_KALEYRA_FLOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-kaleyra-flows}"
bin="${cache}/pulumi-${CLI_VERSION}/bin"
if [ -x "${bin}/pulumi" ] && [ -x "${bin}/pulumi-language-nodejs" ]; then
  write_nodejs_provider_shim
  say "using cached pulumi ${CLI_VERSION} (${bin})"
  echo "${bin}"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "no Pulumi CLI found and no Go toolchain to build one.
  Install the Pulumi CLI (https://www.pulumi.com/docs/install/) so that 'pulumi' and
  'pulumi-language-nodejs' are on PATH, or install Go >= 1.24 and run this script again."

mkdir -p "${bin}"
# One build at a time per cache, even when several test runs start together.
exec 9>"${cache}/.build.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [ -x "${bin}/pulumi" ] && [ -x "${bin}/pulumi-language-nodejs" ]; then
  echo "${bin}"
  exit 0
fi

export GOFLAGS=-mod=mod GOTOOLCHAIN=local
# The checksum database has no entries for recent pulumi releases; the hashes are pinned
# by the go.sum files committed beside this script instead.
export GONOSUMDB="github.com/pulumi${GONOSUMDB:+,$GONOSUMDB}"

started=$(date +%s)
# A heartbeat, since the first build is quiet for minutes at a time.
( while sleep 30; do say "still building... $(( $(date +%s) - started ))s"; done ) &
heartbeat=$!
trap 'kill "${heartbeat}" 2>/dev/null || true' EXIT

say "building pulumi ${CLI_VERSION} from the Go module proxy (first time on this machine: about 8 minutes)"
tmp="${bin}/.pulumi.tmp.$$"
(cd "${here}/cli" && go build -trimpath -tags osusergo,grpcnotrace \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${CLI_VERSION}" \
  -o "${tmp}" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) >&2 || die "building pulumi failed (see above)"
mv -f "${tmp}" "${bin}/pulumi"

say "building pulumi-language-nodejs (sdk/v3 v3.68.0, the last release that carried it)"
tmp="${bin}/.lang.tmp.$$"
(cd "${here}/language-host" && go build -trimpath -ldflags "-s -w" \
  -o "${tmp}" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs) >&2 || die "building pulumi-language-nodejs failed (see above)"
mv -f "${tmp}" "${bin}/pulumi-language-nodejs"

write_nodejs_provider_shim
say "built in $(( $(date +%s) - started ))s: ${bin}"
echo "${bin}"
