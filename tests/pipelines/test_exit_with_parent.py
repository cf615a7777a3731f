"""Process-pool workers of a local run end when the run is killed, even while they are still starting."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from cotforge.pipelines.flows.engines import exit_with_parent, task_runner

OWNER = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from cotforge.pipelines.flows.engines import exit_with_parent
pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"), initializer=exit_with_parent,
                           initargs=(os.getpid(), 0.05))
futures = [pool.submit(os.getpid) for _ in range(2)]
print("starting", flush=True)
if {wait}:
    [f.result() for f in futures]
time.sleep(60)
"""


def _session(sid: int) -> list[int]:
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[4]) == sid and fields[0] not in ("Z", "X"):
            found.append(int(entry))
    return found


@pytest.mark.parametrize("wait", [False, True], ids=["mid_start", "started"])
def test_workers_end_when_the_run_is_killed(wait: bool) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    owner = subprocess.Popen([sys.executable, "-c", OWNER.format(wait=wait)], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    try:
        assert owner.stdout is not None and owner.stdout.readline() == b"starting\n"
        if wait:
            time.sleep(0.5)
        owner.send_signal(signal.SIGKILL)  # workers are still importing (mid_start) or idle (started)
        owner.wait()
        for _ in range(500):
            if not _session(owner.pid):
                break
            time.sleep(0.02)
        assert _session(owner.pid) == []
    finally:
        for pid in _session(owner.pid):
            os.kill(pid, signal.SIGKILL)


def test_a_worker_whose_run_is_already_gone_exits_at_once() -> None:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child checks a parent pid that is not its parent
        exit_with_parent(parent=os.getppid() + 10**6)
        os._exit(0)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 1


def test_the_local_engine_hands_workers_the_runs_pid() -> None:
    pytest.importorskip("prefect")
    runner = task_runner("local", 2)
    assert getattr(runner, "_initializer", None) is exit_with_parent
    assert getattr(runner, "_initargs", None) == (os.getpid(),)
