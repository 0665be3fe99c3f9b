#!/usr/bin/env bash
# The main job: set everything up, then run the bundled demo.
set -euo pipefail
cd "$(dirname "$0")/.."
VELOCITY_SETUP_POSTGRES=0 scripts/setup.sh
exec .venv/bin/velocity-crm demo "$@"
