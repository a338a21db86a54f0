#!/usr/bin/env bash
# Sets up (Debian packages, .venv) and builds the example playbook: the site and every PDF card into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
exec .venv/bin/playbook build "$@"
