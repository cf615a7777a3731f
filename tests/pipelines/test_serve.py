"""`cotforge serve`: a cron-scheduled flow on Prefect's local API runs, then shuts down cleanly."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path


def test_served_flow_runs_on_its_cron_schedule_and_stops_on_sigterm(tmp_path: Path) -> None:
    recipe = tmp_path / "served.yaml"
    recipe.write_text("name: served\nseed: 1\ntasks:\n  - {name: linear_equation, count: 4, levels: [1]}\nworkers: 1\n")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cotforge.pipelines.cli", "serve", str(recipe), "--cron", "* * * * *", "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        deadline = time.time() + 240  # the first minute boundary, plus start-up on a busy machine
        while time.time() < deadline and not (out / "runs.jsonl").exists():
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(1)
        assert (out / "runs.jsonl").exists(), "no scheduled run completed"
        run = json.loads((out / "runs.jsonl").read_text().splitlines()[0])
        assert run["records"] == 4
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise AssertionError("serve did not stop on SIGTERM") from None
