#!/usr/bin/env bash
# Sets up everything Playbook needs on a fresh Debian machine with Python 3.11:
# the Debian packages WeasyPrint, the PDF checks and the browser tests use,
# and a virtual environment in .venv with the package and its dev extras.
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

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  touch "$stamp"
fi
