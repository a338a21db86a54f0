#!/usr/bin/env bash
# Sets up (Debian packages, .venv) and runs the whole test suite. pytest exits 5 when it collects
# no test: that is a failure here, like any other non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
exec .venv/bin/python -m pytest -p no:cacheprovider -n auto "$@"
