#!/usr/bin/env bash
# The whole test suite: lint, format check, type check, and the tests on SQLite and PostgreSQL;
# then the web UI: API-type drift, lint, type check, component tests, build, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# the tests run the staging core as users do: compiled (backend/native.py)
.venv/bin/python -c 'import sys; from backend.native import build_is_current as built
sys.exit(0 if built() else "tests: the staging core is not compiled, see .venv/native-build.log")'

echo "== lint"; .venv/bin/ruff check .
echo "== format"; .venv/bin/ruff format --check .
echo "== typecheck"; .venv/bin/mypy
echo "== tests"; .venv/bin/pytest -n 2 -q "$@"

# The browser tests drive Debian's Chromium, never a browser downloaded by Playwright.
if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Chromium from Debian" >&2
  if [ "$(id -u)" -ne 0 ]; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
fi
(
  cd app
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  echo "== ui: install"; npm ci --no-audit --no-fund --loglevel=error
  echo "== ui: api types"; npm run --silent check:types
  echo "== ui: lint"; npm run --silent lint
  echo "== ui: typecheck"; npx tsc --noEmit
  echo "== ui: component tests"; npm test --silent
  echo "== ui: build"; npm run --silent build
  echo "== ui: browser tests"; npm run --silent e2e
)
