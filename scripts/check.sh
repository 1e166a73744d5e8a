#!/usr/bin/env bash
# The whole check, as CI runs it: lint, types, the import contracts, tests. The database tests run on SQLite
# and, where PostgreSQL is installed (bootstrap.sh --dev installs it), on a throwaway PostgreSQL server too.
#   bash scripts/check.sh             everything, against .venv (the versions in uv.lock): the `serial` tests
#                                     alone, then the rest on every core
#   bash scripts/check.sh --fast      the fast core only (model, loading, scoring, reports, CLI): -m "not slow"
#   bash scripts/check.sh --fresh     everything, against the newest versions pyproject.toml allows, resolved now
#                                     into .venv-fresh (the lock untouched): a library's drift shows here first
#   bash scripts/check.sh ARGS...     pytest ARGS (with the same workers) after lint and types
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv
fast=0
case "${1:-}" in
  --fresh)
    shift
    eval "$(bash scripts/uv.sh env)"
    venv=.venv-fresh
    rm -rf "$venv"
    "$UV" venv --quiet "$venv"
    "$UV" pip install --quiet --refresh --python "$venv/bin/python" -e ".[dev]"
    echo "check: newest versions, where they differ from uv.lock (lock -> now):"
    "$UV" export --quiet --frozen --extra dev --no-hashes --no-emit-project --no-header --no-annotate \
      | grep -E '^[A-Za-z0-9]' | sed 's/ *;.*//' | tr 'A-Z_' 'a-z-' | sort > "$venv/locked.txt"
    "$UV" pip freeze --quiet --python "$venv/bin/python" --exclude-editable | tr 'A-Z_' 'a-z-' | sort > "$venv/now.txt"
    awk -F'==' 'NR == FNR { locked[$1] = $2; next }
                ($1 in locked) && locked[$1] != $2 { print "  " $1 " " locked[$1] " -> " $2; moved = 1 }
                END { if (!moved) print "  (none)" }' "$venv/locked.txt" "$venv/now.txt"
    ;;
  --fast)
    shift
    fast=1
    ;;
esac

if [ "$venv" = .venv ]; then
  eval "$(bash scripts/uv.sh env)"
  "$UV" lock --check --quiet || { echo "check: uv.lock is out of step with pyproject.toml: run bash scripts/lock.sh"; exit 1; }
fi
"$venv/bin/ruff" check assess tests bench
"$venv/bin/mypy"
"$venv/bin/lint-imports" --no-logo  # the layering contracts in pyproject.toml [tool.importlinter]
if [ -z "${ASSESS_TEST_POSTGRES_URL:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  eval "$(bash scripts/postgres.sh start)"
  trap 'bash scripts/postgres.sh stop "$ASSESS_TEST_POSTGRES_DIR"' EXIT
fi

# Every core; a module's tests stay on one worker so its module-wide fixtures (a signed report, a server) are
# made once. pytest exits 5 when a selection holds no test: not a failure of the check.
pytest() {
  local status=0
  "$venv/bin/python" -m pytest "$@" || status=$?
  [ "$status" -eq 5 ] && status=0
  return "$status"
}
workers=(-n auto --dist loadscope)
if [ $# -gt 0 ]; then
  pytest "${workers[@]}" "$@"
elif [ "$fast" = 1 ]; then
  pytest -p no:xdist -m "serial and not slow"
  pytest "${workers[@]}" -m "not slow and not serial"
else
  # The `serial` tests first, alone; the rest after, so the run's last line counts the whole suite's tests.
  pytest -p no:xdist -m serial
  pytest "${workers[@]}" -m "not serial"
fi
