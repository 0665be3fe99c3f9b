#!/usr/bin/env bash
# The whole test suite: lint, format check, type check, and the tests on SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

echo "== lint"; .venv/bin/ruff check .
echo "== format"; .venv/bin/ruff format --check .
echo "== typecheck"; .venv/bin/mypy
echo "== tests"; .venv/bin/pytest -n 2 -q "$@"
