#!/usr/bin/env bash
# Regenerates the Python, Node.js and Go SDKs of the kaleyra Pulumi package from its schema.
#
#   bash scripts/pulumi-cli/sdk-gen.sh [--out DIR] [--schema FILE] [--languages python,nodejs,go]
#                                      [--local] [--no-go-tidy]
#
# writes DIR/sdk/python, DIR/sdk/nodejs and DIR/sdk/go (DIR defaults to the repository root,
# FILE to schema/kaleyra.schema.json). Each language folder is emptied first, so what the
# schema no longer has disappears (a Node.js node_modules is kept).
#
# `pulumi package gen-sdk` needs a language host with GeneratePackage, and none builds
# here; instead cli/sdkgen calls the same code generators of github.com/pulumi/pulumi/pkg/v3,
# pinned by cli/go.mod and cli/go.sum. It is built once per machine (and again only when
# its sources or the pins change) into the per-user cache that ensure.sh uses.
#
# The Go SDK gets sdk/go/<name>/go.mod (module path: the schema's language.go.importBasePath),
# which `go mod tidy` then completes, with a go.sum seeded from cli/go.sum. --no-go-tidy
# leaves the generator's go.mod, which lists only the modules the code imports.
# --local makes a Node.js SDK that a program installs from its folder (gen-sdk --local).
#
# Progress goes to stderr.
#
# Environment:
#   PULUMI_KALEYRA_FLOWS_CACHE   cache folder (default: $XDG_CACHE_HOME or ~/.cache, /pulumi-kaleyra-flows)
set -euo pipefail

readonly CLI_VERSION="v3.248.0" # keep in step with ensure.sh and cli/go.mod
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${here}/../.." && pwd)"

say() { printf '[sdk-gen] %s\n' "$*" >&2; }
die() { printf '[sdk-gen] error: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '4,5p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2; exit 2; }

out="${root}"
schema_file="${root}/schema/kaleyra.schema.json"
languages="python,nodejs,go"
local_sdk=""
go_tidy=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
    --out=*) out="${1#--out=}"; shift ;;
    --schema) [ $# -ge 2 ] || usage; schema_file="$2"; shift 2 ;;
    --schema=*) schema_file="${1#--schema=}"; shift ;;
    --languages) [ $# -ge 2 ] || usage; languages="$2"; shift 2 ;;
    --languages=*) languages="${1#--languages=}"; shift ;;
    --local) local_sdk="-local"; shift ;;
    --no-go-tidy) go_tidy=0; shift ;;
    -h|--help) usage ;;
    *) say "unknown argument: $1"; usage ;;
  esac
done
[ -f "${schema_file}" ] || die "no schema at ${schema_file}"

export GOFLAGS=-mod=mod GOTOOLCHAIN=local
# As in ensure.sh: the checksum database has no entries for recent pulumi releases; their
# hashes are pinned by cli/go.sum.
export GONOSUMDB="github.com/pulumi${GONOSUMDB:+,$GONOSUMDB}"

# The generator, keyed by the pinned version and a hash of its sources and pins.
src_hash() {
  (cd "${here}/cli" && cat go.mod go.sum $(find sdkgen -name '*.go' | LC_ALL=C sort)) \
    | { sha256sum 2>/dev/null || shasum -a 256; } | cut -c1-16
}
cache="${PULUMI_KALEYRA_FLOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-kaleyra-flows}"
gen_root="${cache}/pulumi-${CLI_VERSION}/sdkgen"
key="$(src_hash)"
gen="${gen_root}/${key}/sdkgen"

if [ ! -x "${gen}" ]; then
  command -v go >/dev/null 2>&1 || die "building the SDK generator needs Go >= 1.25 on PATH"
  mkdir -p "${gen_root}"
  # One build at a time per cache, even when several runs start together.
  exec 9>"${cache}/.sdkgen.lock"
  if command -v flock >/dev/null 2>&1; then flock 9; fi
  if [ ! -x "${gen}" ]; then
    say "building the SDK generator (pulumi/pkg/v3 ${CLI_VERSION} codegen; about 20 s once ensure.sh has built the CLI, 2-3 min from a cold Go build cache)"
    started=$(date +%s)
    mkdir -p "${gen_root}/${key}"
    tmp="${gen}.tmp.$$"
    (cd "${here}/cli" && go build -trimpath -ldflags "-s -w" -o "${tmp}" ./sdkgen) >&2 \
      || { rm -f "${tmp}"; die "building the SDK generator failed (see above)"; }
    mv -f "${tmp}" "${gen}"
    say "built in $(( $(date +%s) - started ))s: ${gen}"
  fi
  exec 9>&-
fi

say "generating ${languages} SDKs from ${schema_file} into ${out}/sdk"
"${gen}" -schema "${schema_file}" -out "${out}" -languages "${languages}" ${local_sdk}

case ",${languages}," in *,go,*) ;; *) go_tidy=0 ;; esac
if [ "${go_tidy}" = 1 ]; then
  command -v go >/dev/null 2>&1 || die "completing the Go SDK's go.mod needs Go on PATH (or pass --no-go-tidy)"
  for mod in "${out}"/sdk/go/go.mod "${out}"/sdk/go/*/go.mod; do
    [ -f "${mod}" ] || continue
    dir="$(dirname "${mod}")"
    say "go mod tidy in ${dir#"${out}/"}"
    # Hashes the CLI's module graph already pins; tidy keeps only the ones this module needs.
    [ -f "${dir}/go.sum" ] || cp "${here}/cli/go.sum" "${dir}/go.sum"
    (cd "${dir}" && go mod tidy) >&2 || die "go mod tidy in ${dir} failed (see above)"
  done
fi
say "done"
