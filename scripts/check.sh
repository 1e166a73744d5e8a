#!/usr/bin/env bash
# The whole check, as CI runs it: lint, types, tests. The database tests run on SQLite and, where
# PostgreSQL is installed (bootstrap.sh --dev installs it), on a throwaway PostgreSQL server too.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check assess tests bench
.venv/bin/mypy
if [ -z "${ASSESS_TEST_POSTGRES_URL:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  eval "$(bash scripts/postgres.sh start)"
  trap 'bash scripts/postgres.sh stop "$ASSESS_TEST_POSTGRES_DIR"' EXIT
fi
.venv/bin/python -m pytest "$@"
