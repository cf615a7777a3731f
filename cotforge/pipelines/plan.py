"""A recipe becomes work units: (task, level, seed, index range), in a fixed order."""

from __future__ import annotations

from dataclasses import dataclass

from cotforge.pipelines.recipe import Recipe


@dataclass(frozen=True, slots=True)
class WorkUnit:
    unit: int
    task: str
    level: int
    seed: int
    start: int
    stop: int

    @property
    def name(self) -> str:
        return f"unit-{self.unit:05d}"

    @property
    def size(self) -> int:
        return self.stop - self.start


def plan(recipe: Recipe) -> list[WorkUnit]:
    """Split each task's count evenly over its levels, then into units of ``unit_size``."""
    units: list[WorkUnit] = []
    counts = recipe.task_counts()
    for entry in recipe.tasks:
        total = counts[entry.name]
        per_level, extra = divmod(total, len(entry.levels))
        for i, level in enumerate(entry.levels):
            n = per_level + (1 if i < extra else 0)
            for start in range(0, n, recipe.unit_size):
                stop = min(start + recipe.unit_size, n)
                units.append(WorkUnit(len(units), entry.name, level, recipe.seed, start, stop))
    return units
