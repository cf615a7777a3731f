#!/usr/bin/env bash
# Set up, then forge the quickstart dataset into out/quickstart (Prefect's local API, no server to start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh core
.venv/bin/cotforge run data/recipes/quickstart.yaml "$@"
