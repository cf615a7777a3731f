"""Balancing to a target mix of tasks and levels, keeping as many records as the mix allows.

With targets w_g for groups g (task, level), the largest total N with
floor(N * w_g) <= available_g for every group is kept; within a group the
first records (in unit order) stay, so the choice is deterministic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import ClassVar

from cotforge.core.errors import ConfigError
from cotforge.verifiers.filters.base import Decision, Filter, Row


class BalanceFilter(Filter):
    name: ClassVar[str] = "balance"
    needs_fit: ClassVar[bool] = True

    def __init__(self, tasks: dict[str, float] | None = None, levels: dict[int, float] | None = None) -> None:
        for label, mix in (("tasks", tasks), ("levels", levels)):
            if mix and any(w < 0 for w in mix.values()):
                raise ConfigError(f"balance.{label} weights must be >= 0, got {mix}")
        self.tasks = tasks
        self.levels = {int(k): v for k, v in levels.items()} if levels else None
        self._quota: dict[tuple[str, int], int] = {}
        self._taken: Counter[tuple[str, int]] = Counter()
        self._available: Counter[tuple[str, int]] = Counter()

    def _weight(self, task: str, level: int) -> float:
        w = 1.0
        if self.tasks is not None:
            w *= self.tasks.get(task, 0.0) / sum(self.tasks.values())
        if self.levels is not None:
            w *= self.levels.get(level, 0.0) / sum(self.levels.values())
        return w

    def start_fit(self) -> None:
        self._available = Counter()

    def fit_batch(self, rows: Sequence[Row]) -> None:
        self._available.update((r["task"], r["level"]) for r in rows)

    def end_fit(self) -> None:
        available = self._available
        weights = {g: self._weight(*g) for g in available}
        if self.tasks is not None or self.levels is not None:
            # the groups a target asks for must be shared out among the groups present
            total = sum(weights.values()) or 1.0
            weights = {g: w / total for g, w in weights.items()}
        limits = [available[g] / w for g, w in weights.items() if w > 0]
        n = min(limits) if limits else 0
        self._quota = {g: int(n * w + 1e-9) for g, w in weights.items()}
        self._taken = Counter()

    def keep(self, row: Row) -> Decision:
        group = (row["task"], row["level"])
        if self._taken[group] >= self._quota.get(group, 0):
            return False, f"balance: {row['task']} level {row['level']} is over its share ({self._quota.get(group, 0)})"
        self._taken[group] += 1
        return True
