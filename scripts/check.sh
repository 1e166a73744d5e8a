#!/usr/bin/env bash
# The whole check, as CI runs it: lint, types, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check assess tests bench
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
