#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine: a virtualenv with the Python
# packages, and PostgreSQL's server binaries (for the test suite's throwaway server).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: need root (or sudo) to install Debian packages: $*" >&2
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
    return
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

if [ "${VELOCITY_SETUP_POSTGRES:-1}" = "1" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "setup: installing PostgreSQL server binaries from Debian" >&2
  apt_install postgresql
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip >/dev/null
  .venv/bin/pip install -q -e '.[dev]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# The staging core compiled with mypyc (backend/native.py); without it the sources run as they
# are, with the same results and about a fifth slower.
if ! .venv/bin/python -m backend.native >/dev/null 2>.venv/native-build.log; then
  echo "setup: the staging core could not be compiled (see .venv/native-build.log); it runs uncompiled" >&2
fi
