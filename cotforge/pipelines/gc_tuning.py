"""The garbage collector's setting for a process that makes records (a runner's worker, the bench).

Making a record allocates many short-lived containers (states, moves, steps, the LaTeX reader's
tuples) and few reference cycles; with CPython's default thresholds (700, 10, 10) the collector
runs every 700 new containers, and its older passes walk the imported modules and tables again and
again. :func:`tune_gc` moves everything alive at its call (modules, registries, tables) to the
permanent generation (``gc.freeze``: the collector no longer walks them) and lets 100,000 containers
accumulate before a young collection (``gc.set_threshold``).

It is a setting of the process, not of library code: :func:`cotforge.pipelines.run_unit.run_unit` calls
it once per process (whatever runner or engine runs the units: local worker processes, threads,
Dask or Ray workers), and ``bench/bench_math_cpu.py`` calls it so the bench times what a run does.
Reference cycles are still collected, only less often; garbage without cycles is freed at once
by reference counting as before.
"""

from __future__ import annotations

import gc
import os

THRESHOLD = (100_000, 50, 100)
"""Containers allocated before a young collection; young collections before a middle one; middle before a full one."""

_tuned_in: int | None = None
"""The process id :func:`tune_gc` last ran in (a forked child inherits the setting and the frozen objects)."""


def tune_gc() -> None:
    """Freeze what is alive and raise the collector's thresholds; once per process, later calls do nothing."""
    global _tuned_in
    if _tuned_in == os.getpid():
        return
    _tuned_in = os.getpid()
    gc.freeze()
    gc.set_threshold(*THRESHOLD)
