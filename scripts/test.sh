#!/usr/bin/env bash
# Set up, lint and type-check, then run the test suite: every test but those marked slow (a real
# model, a cluster, a large run), which `./scripts/test.sh -m slow` runs; any pytest arguments replace the default.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export OMP_NUM_THREADS=1 PREFECT_SERVER_ANALYTICS_ENABLED=false
.venv/bin/python -m ruff check cotforge tests bench scripts  # lint (rules in pyproject.toml [tool.ruff])
.venv/bin/python -m mypy  # type-check the package ([tool.mypy] in pyproject.toml)
# two processes share the tests (pytest-xdist; one per core up to 2), the slow ones left out
# (the cores this process may use; nproc would answer OMP_NUM_THREADS=1, set above)
workers=$(.venv/bin/python -c 'import os; print(min(2, len(os.sched_getaffinity(0))))')
if [ "$#" -eq 0 ]; then set -- -m "not slow" -n "$workers" --dist worksteal; fi
.venv/bin/python -m pytest -q "$@"
