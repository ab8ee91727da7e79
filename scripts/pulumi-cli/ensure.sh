#!/usr/bin/env bash
# Provides a Pulumi CLI and the language hosts asked for, and prints the folder that holds them.
#
#   scripts/pulumi-cli/ensure.sh                             -> pulumi + pulumi-language-nodejs
#   scripts/pulumi-cli/ensure.sh --languages python,go,yaml  -> pulumi + those three hosts
#   scripts/pulumi-cli/ensure.sh --languages all             -> nodejs,python,go,yaml
#
# and prints e.g. /home/me/.cache/pulumi-kaleyra-flows/pulumi-v3.248.0/bin
#
# Languages (comma-separated; default nodejs, or $PULUMI_KALEYRA_FLOWS_LANGUAGES):
#   nodejs  pulumi-language-nodejs (+ the pulumi-resource-pulumi-nodejs dynamic-provider shim)
#   python  pulumi-language-python and its pulumi-language-python-exec script. The program
#           needs a Python with the pulumi package first on PATH (see python-venv.sh); this
#           host ignores runtime.options.virtualenv in Pulumi.yaml and cannot generate code.
#   go      pulumi-language-go; the program needs `go` on PATH
#   yaml    pulumi-language-yaml
#
# 1. A `pulumi` (>= 3.139, for dynamic providers' `configure`) and a
#    `pulumi-language-nodejs` already on PATH are used as they are: nothing is built.
#    Every other language asked for must then be on PATH too (Pulumi CLI installs ship
#    pulumi-language-python, -go and -yaml beside pulumi), or the script fails and says
#    which is missing.
# 2. Otherwise the CLI and each host asked for are built once per machine from the Go
#    module proxy, pinned by the wrapper modules beside this script (go.mod and go.sum in
#    the repository), into a per-user cache outside the repository, and reused on later
#    runs. Each binary is checked on its own, so a later call that asks for more
#    languages builds only the hosts still missing.
#      cli/            pulumi v3.248.0 (pkg/v3)
#      language-host/  pulumi-language-nodejs, pulumi-language-python (sdk/v3 v3.68.0)
#      language-go/    pulumi-language-go (sdk/v3 v3.62.0, the last release that carried it)
#      language-yaml/  pulumi-language-yaml (pulumi-yaml v1.25.0)
#
# Progress goes to stderr; stdout carries only the folder, so callers can do
#   PATH="$(scripts/pulumi-cli/ensure.sh --languages yaml):$PATH"
#
# Environment:
#   PULUMI_KALEYRA_FLOWS_CACHE     cache folder (default: $XDG_CACHE_HOME or ~/.cache, /pulumi-kaleyra-flows)
#   PULUMI_KALEYRA_FLOWS_BUILD=1   ignore a pulumi on PATH and use (or build) the pinned one
#   PULUMI_KALEYRA_FLOWS_LANGUAGES default for --languages
set -euo pipefail

readonly CLI_VERSION="v3.248.0"
readonly MIN_CLI_VERSION="3.139.0"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

say() { printf '[pulumi-cli] %s\n' "$*" >&2; }
die() { printf '[pulumi-cli] error: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2; }

# version_ge A B: true when dotted version A >= B.
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

languages="${PULUMI_KALEYRA_FLOWS_LANGUAGES:-nodejs}"
while [ $# -gt 0 ]; do
  case "$1" in
    --languages) [ $# -ge 2 ] || die "--languages needs a value, e.g. --languages python,go,yaml"
                 languages="$2"; shift 2 ;;
    --languages=*) languages="${1#--languages=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage; die "unknown argument: $1" ;;
  esac
done
[ "${languages}" = "all" ] && languages="nodejs,python,go,yaml"
wanted=()
IFS=',' read -r -a _langs <<< "${languages}"
for lang in "${_langs[@]}"; do
  lang="${lang// /}"
  case "${lang}" in
    nodejs|python|go|yaml) [[ " ${wanted[*]-} " == *" ${lang} "* ]] || wanted+=("${lang}") ;;
    "") ;;
    *) die "unknown language '${lang}' (known: nodejs, python, go, yaml, all)" ;;
  esac
done
[ ${#wanted[@]} -gt 0 ] || die "no language asked for (--languages '${languages}')"

# 1. A CLI the user already has.
if [ "${PULUMI_KALEYRA_FLOWS_BUILD:-}" != "1" ] && command -v pulumi >/dev/null 2>&1; then
  have="$(pulumi version 2>/dev/null | sed 's/^v//')"
  if version_ge "${have:-0}" "$MIN_CLI_VERSION" && command -v pulumi-language-nodejs >/dev/null 2>&1; then
    missing=()
    for lang in "${wanted[@]}"; do
      command -v "pulumi-language-${lang}" >/dev/null 2>&1 || missing+=("pulumi-language-${lang}")
    done
    if [ ${#missing[@]} -gt 0 ]; then
      die "pulumi ${have} on PATH ($(command -v pulumi)) has no ${missing[*]} on PATH.
  Pulumi CLI installs (https://www.pulumi.com/docs/install/) ship pulumi-language-nodejs,
  -python, -go and -yaml beside the pulumi binary: reinstall it, or put the folder that
  holds those hosts on PATH. Or set PULUMI_KALEYRA_FLOWS_BUILD=1 to use (or build, with Go)
  the pinned pulumi ${CLI_VERSION} and hosts in the cache instead."
    fi
    say "using pulumi ${have} from PATH (languages: ${wanted[*]})"
    dirname "$(command -v pulumi)"
    exit 0
  fi
  say "pulumi ${have:-?} on PATH is older than ${MIN_CLI_VERSION} or has no pulumi-language-nodejs beside it; using the pinned ${CLI_VERSION}"
fi

# 2. The pinned build in the per-user cache.
cache="${PULUMI_KALEYRA_FLOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-kaleyra-flows}"
bin="${cache}/pulumi-${CLI_VERSION}/bin"

# The files that make up each part; a part is there when all of its files are executable.
part_files() {
  case "$1" in
    cli) echo "pulumi" ;;
    python) echo "pulumi-language-python pulumi-language-python-exec" ;;
    *) echo "pulumi-language-$1" ;;
  esac
}
part_present() {
  local f
  for f in $(part_files "$1"); do [ -x "${bin}/${f}" ] || return 1; done
}
# Sets `todo` to the parts (cli and the languages asked for) still missing from the cache.
find_missing() {
  todo=()
  local part
  for part in cli "${wanted[@]}"; do part_present "${part}" || todo+=("${part}"); done
}

# The dynamic-provider host ships inside @pulumi/pulumi as a small script that finds the
# SDK from the program's directory. A copy beside the CLI lets the CLI find it without a
# PATH entry per project (and without the "using ... from $PATH" warning).
write_nodejs_provider_shim() {
  [[ " ${wanted[*]} " == *" nodejs "* ]] || return 0
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

find_missing
if [ ${#todo[@]} -eq 0 ]; then
  write_nodejs_provider_shim
  say "using cached pulumi ${CLI_VERSION} (${bin}; languages: ${wanted[*]})"
  echo "${bin}"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "no Pulumi CLI (or no ${todo[*]}) found and no Go toolchain to build one.
  Install the Pulumi CLI (https://www.pulumi.com/docs/install/) so that 'pulumi' and
  'pulumi-language-nodejs' (and pulumi-language-python, -go, -yaml as needed) are on PATH,
  or install Go >= 1.24.7 and run this script again."

mkdir -p "${bin}"
# One build at a time per cache, even when several test runs start together.
exec 9>"${cache}/.build.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
find_missing
if [ ${#todo[@]} -eq 0 ]; then
  write_nodejs_provider_shim
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

# go_build MODULE_DIR PACKAGE NAME [LDFLAGS...]: builds PACKAGE in the wrapper module into bin/NAME.
go_build() {
  local dir="$1" pkg="$2" name="$3"; shift 3
  local tmp="${bin}/.${name}.tmp.$$"
  (cd "${here}/${dir}" && go build -trimpath -ldflags "-s -w $*" -o "${tmp}" "${pkg}") >&2 \
    || { rm -f "${tmp}"; die "building ${name} failed (see above)"; }
  mv -f "${tmp}" "${bin}/${name}"
}

sdk_version_ldflag="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version"
for part in "${todo[@]}"; do
  part_started=$(date +%s)
  case "${part}" in
    cli)
      say "building pulumi ${CLI_VERSION} from the Go module proxy (first time on this machine: about 4-8 minutes)"
      tmp="${bin}/.pulumi.tmp.$$"
      (cd "${here}/cli" && go build -trimpath -tags osusergo,grpcnotrace \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${CLI_VERSION}" \
        -o "${tmp}" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) >&2 || { rm -f "${tmp}"; die "building pulumi failed (see above)"; }
      mv -f "${tmp}" "${bin}/pulumi"
      ;;
    nodejs)
      say "building pulumi-language-nodejs (sdk/v3 v3.68.0, the last release that carried it)"
      go_build language-host github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs pulumi-language-nodejs
      ;;
    python)
      say "building pulumi-language-python (sdk/v3 v3.68.0)"
      # The host runs programs through this script, which it looks for beside itself.
      sdk_dir="$(cd "${here}/language-host" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
      [ -f "${sdk_dir}/python/cmd/pulumi-language-python-exec" ] \
        || die "no python/cmd/pulumi-language-python-exec in ${sdk_dir}"
      cp "${sdk_dir}/python/cmd/pulumi-language-python-exec" "${bin}/.python-exec.tmp.$$"
      chmod 755 "${bin}/.python-exec.tmp.$$"
      mv -f "${bin}/.python-exec.tmp.$$" "${bin}/pulumi-language-python-exec"
      go_build language-host github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python \
        pulumi-language-python "${sdk_version_ldflag}=v3.68.0"
      ;;
    go)
      say "building pulumi-language-go (sdk/v3 v3.62.0, the last release that carried it)"
      go_build language-go github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go \
        pulumi-language-go "${sdk_version_ldflag}=v3.62.0"
      ;;
    yaml)
      say "building pulumi-language-yaml (pulumi-yaml v1.25.0)"
      go_build language-yaml github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml \
        pulumi-language-yaml "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=v1.25.0"
      ;;
  esac
  say "${part}: $(( $(date +%s) - part_started ))s"
done

write_nodejs_provider_shim
say "built ${todo[*]} in $(( $(date +%s) - started ))s: ${bin}"
echo "${bin}"
