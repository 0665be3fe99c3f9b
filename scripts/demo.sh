#!/usr/bin/env bash
# The main job: set everything up, then run the bundled demo.
set -euo pipefail
cd "$(dirname "$0")/.."
VELOCITY_SETUP_POSTGRES=0 scripts/setup.sh
# Build the web UI the demo serves, when it is missing or older than its sources.
if [ ! -f app/dist/index.html ] || [ -n "$(find app/src app/index.html app/vite.config.ts app/package-lock.json -newer app/dist/index.html -print -quit)" ]; then
  (cd app && npm ci --no-audit --no-fund --loglevel=error && npm run build)
fi
exec .venv/bin/velocity-crm demo "$@"
