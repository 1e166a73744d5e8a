#!/usr/bin/env bash
# Installs the pinned uv into its own environment in .tools/uv (once) and prints the settings the other scripts run it with:
#   eval "$(bash scripts/uv.sh env)"   then "$UV" ...
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
python=${PYTHON:-python3}
version=$(sed -n 's/^uv==\([0-9.]*\).*/\1/p' scripts/uv-requirements.txt)
if [ "$(.tools/uv/bin/uv --version 2>/dev/null | cut -d' ' -f2)" != "$version" ]; then
  rm -rf .tools/uv
  # A small environment of its own, as the machine's Python may have no pip or refuse installs (PEP 668).
  "$python" -m venv .tools/uv
  .tools/uv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes \
    -r scripts/uv-requirements.txt >&2
fi
# The interpreter is the machine's own: uv is never to download one.
cat <<SETTINGS
export UV="$root/.tools/uv/bin/uv"
export UV_PYTHON="$(command -v "$python")"
export UV_PYTHON_DOWNLOADS=never
export UV_PROJECT_ENVIRONMENT="\${UV_PROJECT_ENVIRONMENT:-$root/.venv}"
SETTINGS
