"""What a process remembers between records, and how a worker lets it go when it moves to another task.

Spaces and step checkers remember what they work out about states - a record's search and its continued negatives
ask about the same ones - in module-level memos: ``Memo`` (a dict started afresh when it holds ``limit`` entries) and
``functools`` caches. They are pure: dropping one changes no output, only what the next record costs. They are
useful only while one task's records are made, and a run's units are planned task by task (``pipelines.plan``), so
a worker that starts a unit of another task drops them all (``entering_task``) instead of carrying every task's
memos to the end of the run.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")

MEMO_PACKAGES = ("cotforge.solvers.spaces.", "cotforge.verifiers.", "cotforge.domains.", "cotforge.generators.")
"""Where ``drop_memos`` looks. Not ``cotforge.solvers.lm`` (a cache there holds a loaded model), the sandbox or the
pipelines (caches of what the machine can do)."""


class Memo(dict[K, V]):
    """A memo of a pure function, emptied when it holds ``limit`` entries (and by ``drop_memos``)."""

    __slots__ = ("limit",)

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def keep(self, key: K, value: V) -> V:
        """Remember ``value`` under ``key`` (emptying the memo first when it is full) and return it."""
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value

    def remember(self, key: K, make: Callable[[], V]) -> V:
        """The value under ``key``, made by ``make()`` and kept the first time. One look-up, so a memo another thread
        empties meanwhile (a full one, or ``drop_memos`` under a thread task runner) is never read half-way."""
        value = self.get(key, _MISSING)
        if value is _MISSING:
            return self.keep(key, make())
        return value


_MISSING: Any = object()


def drop_memos() -> int:
    """Empty every module-level ``Memo`` and ``functools`` cache of the modules under ``MEMO_PACKAGES`` that are
    loaded, and sympy's cache; the number of memos and caches emptied."""
    emptied = 0
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(MEMO_PACKAGES):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, Memo):
                value.clear()
                emptied += 1
            elif _is_cache(value):
                value.cache_clear()
                emptied += 1
    sympy_cache = sys.modules.get("sympy.core.cache")
    if sympy_cache is not None:
        sympy_cache.clear_cache()
    return emptied


def _is_cache(value: Any) -> bool:
    """A ``functools.cache`` / ``lru_cache`` wrapper (not a class that happens to have such methods)."""
    return not isinstance(value, type) and callable(getattr(value, "cache_clear", None)) and callable(
        getattr(value, "cache_info", None))


_task: str | None = None


def entering_task(task: str) -> bool:
    """Called before each unit a process runs: drops the memos when ``task`` is not the task of the process's
    previous unit; whether it did."""
    global _task
    changed = _task is not None and _task != task
    _task = task
    if changed:
        drop_memos()
    return changed
