#!/usr/bin/env bash
# Sets up (Debian packages, .venv), checks lint, formatting, types and import contracts, then runs the
# whole test suite. pytest exits 5 when it collects no test: that is a failure here, like any other
# non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
# What the README promises, checked before the tests: lint, formatting, types, the import contracts.
.venv/bin/ruff check --quiet playbook tests benchmarks scripts
.venv/bin/ruff format --check --quiet playbook tests benchmarks scripts
.venv/bin/mypy
.venv/bin/lint-imports --no-cache
exec .venv/bin/python -m pytest -p no:cacheprovider -n auto "$@"
