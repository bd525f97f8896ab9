#!/usr/bin/env bash
# What the browser tests (tests/browser, marker `browser`) need: Debian's Chromium and
# Playwright's Python package, which drives it. Playwright's own browser download
# (`playwright install`) is never used: the tests launch /usr/bin/chromium.
#
#   bash scripts/ci_browser_deps.sh [path/to/python]     (default: .venv/bin/python, else python3)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${1:-}"
if [ -z "$PY" ]; then
  if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=python3; fi
fi
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
fi
"$PY" -m pip install -q -c constraints.txt "playwright>=1.45,<2"
chromium --version 2>/dev/null | head -1
"$PY" -c "import playwright, importlib.metadata as m; print('playwright', m.version('playwright'))"
