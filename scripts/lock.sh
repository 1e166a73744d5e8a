#!/usr/bin/env bash
# Refresh uv.lock to the newest versions pyproject.toml allows (all of them, or the packages named):
#   bash scripts/lock.sh                 everything
#   bash scripts/lock.sh cryptography    one package
# Then run `bash scripts/bootstrap.sh --dev && bash scripts/check.sh` and commit uv.lock with what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/uv.sh env)"
if [ $# -eq 0 ]; then
  "$UV" lock --upgrade
else
  args=()
  for p in "$@"; do args+=(--upgrade-package "$p"); done
  "$UV" lock "${args[@]}"
fi
