#!/usr/bin/env bash
# Set up a local virtual environment with cotforge and its pinned dependencies.
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
      || echo "[setup] could not install bubblewrap; the sandbox will fall back to rlimits (weaker)"
  else
    echo "[setup] bubblewrap not found: install it (e.g. 'sudo apt-get install bubblewrap') for a full sandbox"
  fi
fi

stamp=.venv/.cotforge-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  echo "[setup] installing cotforge and pinned dependencies (first time: about a minute)"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[dev]"
  touch "$stamp"
fi
