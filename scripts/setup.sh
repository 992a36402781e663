#!/usr/bin/env bash
# Set up everything this project needs, idempotently.
#   bash scripts/setup.sh          Python environment (.venv) with the package: enough to build the site
#   bash scripts/setup.sh --test   ... plus test tools: pytest & co, Debian's Chromium, axe-core
# Needs only Python 3.11 and pip; --test also uses apt-get (as root) and npm when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
extras=""
[ "$want_test" = 1 ] && extras="[test]"
# pip is quick when everything is already installed; --no-input keeps CI from hanging.
.venv/bin/python -m pip install --quiet --no-input --disable-pip-version-check -e ".${extras}"

if [ "$want_test" = 1 ]; then
  if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "setup: installing Debian's chromium for the browser tests" >&2
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      echo "setup: no /usr/bin/chromium and no root apt-get: browser tests will skip (and fail when CI=true)" >&2
    fi
  fi
  if [ ! -f node_modules/axe-core/axe.min.js ]; then
    if ! command -v npm >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "setup: installing npm for axe-core" >&2
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    fi
    npm ci --no-audit --no-fund --silent
  fi
fi
