"""A wall-clock bound on a verification without signals (which fail outside the main thread).

Each calling thread hands its work to its own daemon worker thread and waits at
most ``seconds``. On time-out the caller gets ``None`` at once and the worker is
abandoned (a daemon thread never blocks the interpreter from exiting) and
replaced. A forked child process starts its own workers (threads do not survive
a fork). The input guards in :mod:`math_parse` keep such time-outs rare; this is
the safety net behind them: a computation that holds the interpreter lock (one
huge integer power) would stall the waiting caller too, which is why the guards
refuse those before they start.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
_local = threading.local()


class _Worker:
    def __init__(self) -> None:
        self.pid = os.getpid()
        self.jobs: queue.Queue = queue.Queue()
        threading.Thread(target=self._run, name="math-verify", daemon=True).start()

    def _run(self) -> None:
        while True:
            fn, box, done = self.jobs.get()
            try:
                box.append((True, fn()))
            except BaseException as exc:  # handed back to the caller, who re-raises it
                box.append((False, exc))
            done.set()


def bounded(fn: Callable[[], T], seconds: float) -> tuple[bool, T | None]:
    """``(True, fn())`` if it finishes within ``seconds``; ``(False, None)`` if not. Exceptions propagate."""
    worker = getattr(_local, "worker", None)
    if worker is None or worker.pid != os.getpid():  # none yet, or inherited through a fork without its thread
        worker = _local.worker = _Worker()
    box: list[tuple[bool, Any]] = []
    done = threading.Event()
    worker.jobs.put((fn, box, done))
    if not done.wait(seconds):
        _local.worker = None  # abandon the busy worker; the next call starts a fresh one
        return False, None
    finished, value = box[0]
    if not finished:
        raise value
    return True, value
