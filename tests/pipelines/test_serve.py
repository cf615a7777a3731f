"""`cotforge serve`: a cron-scheduled flow on Prefect's local API runs, then shuts down cleanly."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each waits for a cron minute boundary: 1-3 minutes


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
            os.killpg(proc.pid, signal.SIGKILL)  # the whole session: serve, its Prefect server, the run
            raise AssertionError("serve did not stop on SIGTERM") from None


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as fh:
                children.setdefault(int(fh.read().rsplit(")", 1)[1].split()[1]), []).append(int(entry))
        except (OSError, IndexError):
            continue
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def test_sigterm_during_a_scheduled_run_leaves_no_process_writing(tmp_path: Path) -> None:
    """The run's own process used to go on alone after serve stopped, writing parts to the end."""
    recipe = tmp_path / "served.yaml"
    recipe.write_text("name: long\nseed: 1\ntasks:\n  - {name: linear_equation, count: 1500, levels: [1]}\n"
                      "workers: 1\nunit_size: 25\n")  # fmt: skip
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cotforge.pipelines.cli", "serve", str(recipe), "--cron", "* * * * *", "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        deadline = time.time() + 240
        while time.time() < deadline and not list((out / "parts").glob("*.parquet")):
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(0.5)
        assert not (out / "runs.jsonl").exists(), "the run finished before it could be interrupted"
        family = _descendants(proc.pid)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise AssertionError(f"serve did not stop on SIGTERM mid-run: {proc.communicate()[1][-3000:]}") from None
        time.sleep(4)  # the run's process checks for its parent every second
        alive = {pid for pid in family if os.path.exists(f"/proc/{pid}")}
        assert not alive, f"left running after serve stopped: {alive}"
        parts = len(list((out / "parts").glob("*.parquet")))
        time.sleep(3)
        assert len(list((out / "parts").glob("*.parquet"))) == parts  # nothing goes on writing
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
