#!/usr/bin/env bash
# Provides a Python virtualenv with the Pulumi Python SDK for tests of Python Pulumi
# programs, and prints its folder.
#
#   scripts/pulumi-cli/python-venv.sh   -> prints e.g. /home/me/.cache/pulumi-kaleyra-flows/python-venv-pulumi-3.248.0
#
# The venv holds exactly the packages pinned in python-requirements.txt beside this script
# (pulumi 3.248.0, parver, semver, wheel, setuptools, pip and their dependencies), installed
# from PyPI once per machine into a per-user cache outside the repository and reused on
# later runs. It is made in a temporary folder and renamed into place only when complete,
# so an interrupted run leaves no half venv; when python-requirements.txt or the Python
# interpreter changes, the next run makes a new one the same way.
#
# The pulumi-language-python host that ensure.sh builds ignores runtime.options.virtualenv,
# so a test puts the venv's bin folder first on PATH (the host runs the `python` it finds):
#   venv="$(scripts/pulumi-cli/python-venv.sh)"
#   PATH="${venv}/bin:$(scripts/pulumi-cli/ensure.sh --languages python):$PATH" pulumi up ...
#
# Progress goes to stderr; stdout carries only the folder.
#
# Environment:
#   PULUMI_KALEYRA_FLOWS_CACHE   cache folder (default: $XDG_CACHE_HOME or ~/.cache, /pulumi-kaleyra-flows)
#   PULUMI_KALEYRA_FLOWS_PYTHON  the Python that makes the venv (default: python3; 3.10 or newer)
set -euo pipefail

readonly SDK_VERSION="3.248.0"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="${here}/python-requirements.txt"

say() { printf '[python-venv] %s\n' "$*" >&2; }
die() { printf '[python-venv] error: %s\n' "$*" >&2; exit 1; }

case "${1:-}" in
  "") ;;
  -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}" >&2; exit 0 ;;
  *) die "unknown argument: $1 (this script takes none)" ;;
esac

python="${PULUMI_KALEYRA_FLOWS_PYTHON:-python3}"
command -v "${python}" >/dev/null 2>&1 || die "no '${python}' on PATH: install Python 3.10 or newer, or set PULUMI_KALEYRA_FLOWS_PYTHON"
# The real interpreter (not a pyenv shim), so the stamp changes when it does.
python_exe="$("${python}" -c 'import sys; print(sys.executable)')"
python_version="$("${python}" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
"${python}" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
  || die "${python} is Python ${python_version}; pulumi ${SDK_VERSION} needs 3.10 or newer"

cache="${PULUMI_KALEYRA_FLOWS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-kaleyra-flows}"
venv="${cache}/python-venv-pulumi-${SDK_VERSION}"
# What the venv was made from; a venv whose stamp differs is made anew.
stamp="$(printf 'python %s %s\n' "${python_exe}" "${python_version}"; cat "${requirements}")"

ready() {
  [ -f "${venv}/.made-from" ] && [ "$(cat "${venv}/.made-from")" = "${stamp}" ] \
    && "${venv}/bin/python" -c 'import pulumi' >/dev/null 2>&1
}

if ready; then
  say "using ${venv}"
  echo "${venv}"
  exit 0
fi

mkdir -p "${cache}"
# One build at a time per cache, even when several test runs start together.
exec 9>"${cache}/.python-venv.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if ready; then
  echo "${venv}"
  exit 0
fi

started=$(date +%s)
tmp="${venv}.tmp.$$"
trap 'rm -rf "${tmp}"' EXIT
rm -rf "${venv}".tmp.*
say "making ${venv} with Python ${python_version} (pulumi ${SDK_VERSION}, from PyPI; about 10-30 seconds)"
"${python}" -m venv --prompt "$(basename "${venv}")" "${tmp}" >&2 || die "python -m venv failed (see above)"
PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
  "${tmp}/bin/python" -m pip install --quiet -r "${requirements}" >&2 \
  || die "pip install -r python-requirements.txt failed (see above)"
"${tmp}/bin/python" -c 'import pulumi' || die "the new venv cannot import pulumi"

# A venv's scripts (pip, activate, ...) name its folder; point them at the final one.
grep -lIF "${tmp}" "${tmp}/bin/"* "${tmp}/pyvenv.cfg" 2>/dev/null | while IFS= read -r f; do
  sed -i "s|${tmp}|${venv}|g" "${f}"
done
printf '%s\n' "${stamp}" > "${tmp}/.made-from"

# Swap it in: the old venv (if any) is moved aside first, so the final folder is either
# the old complete venv or the new complete one.
if [ -e "${venv}" ]; then
  mv "${venv}" "${venv}.old.$$"
  rm -rf "${venv}.old.$$"
fi
mv "${tmp}" "${venv}"
trap - EXIT

"${venv}/bin/python" -m pip --version >/dev/null || die "the venv does not work after the move"
say "made in $(( $(date +%s) - started ))s: ${venv}"
echo "${venv}"
