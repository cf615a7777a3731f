"""A curriculum over difficulty levels: each task's level follows the reward measured on it.

After ``window`` scored completions at a task's current level, a mean reward at or above
``raise_at`` moves the task ``step`` levels up, at or below ``lower_at`` moves it down; in
between it stays. Rewards of rows drawn at an older level (the stream runs ahead of the
trainer) are counted apart and decide nothing. The state is a plain JSON-able dict
(``state_dict`` / ``load_state_dict``), so a run resumes where it stopped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cotforge.core.errors import ConfigError
from cotforge.core.task import LEVELS

STATE_VERSION = 1


@dataclass(frozen=True, slots=True)
class CurriculumConfig:
    """When and how far a task's level moves."""

    raise_at: float = 0.8
    """A mean reward at or above this, over a full window, moves the level up."""
    lower_at: float = 0.2
    """A mean reward at or below this moves the level down."""
    window: int = 32
    """Scored completions at the current level before a decision (then the window starts again)."""
    step: int = 1
    """Levels moved per decision."""
    min_level: int = 1
    max_level: int = 5

    def __post_init__(self) -> None:
        for name in ("raise_at", "lower_at"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise ConfigError(f"curriculum: {name} must be a number from 0 to 1, got {value!r}")
        if self.lower_at >= self.raise_at:
            raise ConfigError(f"curriculum: lower_at ({self.lower_at}) must be below raise_at ({self.raise_at})")
        for name in ("window", "step", "min_level", "max_level"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"curriculum: {name} must be an integer >= 1, got {value!r}")
        if not (self.min_level in LEVELS and self.max_level in LEVELS and self.min_level <= self.max_level):
            raise ConfigError(f"curriculum: levels must satisfy 1 <= min_level <= max_level <= 5, got {self.min_level}..{self.max_level}")

    @classmethod
    def of(cls, value: CurriculumConfig | Mapping[str, Any] | None) -> CurriculumConfig:
        """A config from itself, a dict of its fields (unknown names refused) or None (the defaults)."""
        if value is None or isinstance(value, cls):
            return value or cls()
        if not isinstance(value, Mapping):
            raise ConfigError(f"curriculum: expected a dict of settings, got {type(value).__name__}")
        names = [f.name for f in dataclasses.fields(cls)]
        unknown = sorted(set(value) - set(names))
        if unknown:
            raise ConfigError(f"curriculum: no setting {', '.join(map(repr, unknown))} (settings: {', '.join(names)})")
        return cls(**value)


class Curriculum:
    """Each task's current level, moved by the rewards fed to :meth:`update`."""

    def __init__(self, tasks: Iterable[str], start: int | Mapping[str, int] = 1,
                 config: CurriculumConfig | Mapping[str, Any] | None = None,
                 per_task: Mapping[str, CurriculumConfig | Mapping[str, Any]] | None = None) -> None:
        self.tasks = list(dict.fromkeys(tasks))
        if not self.tasks:
            raise ConfigError("curriculum: no tasks")
        self.config = CurriculumConfig.of(config)
        unknown = sorted(set(per_task or {}) - set(self.tasks))
        if unknown:
            raise ConfigError(f"curriculum: per_task names {', '.join(unknown)}, not tasks of this curriculum")
        self.configs = {t: CurriculumConfig.of((per_task or {}).get(t, self.config)) for t in self.tasks}
        starts = {t: start for t in self.tasks} if isinstance(start, int) else {t: start.get(t, 1) for t in self.tasks}
        self.levels: dict[str, int] = {}
        for task, level in starts.items():
            c = self.configs[task]
            if isinstance(level, bool) or not isinstance(level, int) or not c.min_level <= level <= c.max_level:
                raise ConfigError(f"curriculum: start level of {task} must be from {c.min_level} to {c.max_level}, got {level!r}")
            self.levels[task] = level
        self.windows: dict[str, list[float]] = {t: [] for t in self.tasks}
        self.blocked: dict[str, list[int]] = {t: [] for t in self.tasks}
        self.history: list[dict[str, Any]] = []
        self.scored = 0
        self.stale = 0
        self.skipped = 0

    def level(self, task: str) -> int:
        return self.levels[task]

    def update(self, task: str, level: int, reward: float | None) -> None:
        """Count one completion's reward for a row of ``task`` drawn at ``level``."""
        if task not in self.levels:
            raise ConfigError(f"curriculum: {task!r} is not one of its tasks ({', '.join(self.tasks)})")
        if reward is None:  # the check could not be made: no evidence either way
            self.skipped += 1
            return
        if level != self.levels[task]:
            self.stale += 1
            return
        self.scored += 1
        window = self.windows[task]
        window.append(float(reward))
        config = self.configs[task]
        if len(window) < config.window:
            return
        mean = sum(window) / len(window)
        window.clear()
        if mean >= config.raise_at:
            self._move(task, +config.step, f"mean reward {mean:.2f} >= {config.raise_at}")
        elif mean <= config.lower_at:
            self._move(task, -config.step, f"mean reward {mean:.2f} <= {config.lower_at}")

    def block(self, task: str, level: int) -> None:
        """Never use ``level`` of ``task`` again (the stream has no new problems there); leave it if current."""
        if level not in self.blocked[task]:
            self.blocked[task].append(level)
        if self.levels[task] == level:
            for candidate in self._open_levels(task, level):
                self._set(task, candidate, f"level {level} exhausted")
                return
            raise ConfigError(f"curriculum: every level of {task} is exhausted")

    def _open_levels(self, task: str, level: int) -> list[int]:
        c = self.configs[task]
        order = sorted(range(c.min_level, c.max_level + 1), key=lambda x: (abs(x - level), -x))  # nearest, higher first
        return [x for x in order if x not in self.blocked[task]]

    def _move(self, task: str, delta: int, why: str) -> None:
        c = self.configs[task]
        target = self.levels[task] + delta
        while c.min_level <= target <= c.max_level and target in self.blocked[task]:
            target += 1 if delta > 0 else -1
        if c.min_level <= target <= c.max_level:
            self._set(task, target, why)

    def _set(self, task: str, level: int, why: str) -> None:
        self.history.append({"task": task, "from": self.levels[task], "to": level, "why": why, "scored": self.scored})
        self.levels[task] = level
        self.windows[task] = []

    def state_dict(self) -> dict[str, Any]:
        """Everything needed to resume, as plain JSON-able values."""
        return {"version": STATE_VERSION, "tasks": list(self.tasks), "levels": dict(self.levels),
                "windows": {t: list(w) for t, w in self.windows.items()}, "blocked": {t: list(b) for t, b in self.blocked.items()},
                "history": [dict(h) for h in self.history], "scored": self.scored, "stale": self.stale, "skipped": self.skipped,
                "configs": {t: dataclasses.asdict(c) for t, c in self.configs.items()}}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Resume from :meth:`state_dict`'s output (the same tasks; settings come from the state)."""
        if not isinstance(state, Mapping) or state.get("version") != STATE_VERSION:
            raise ConfigError(f"curriculum: not a curriculum state of version {STATE_VERSION}")
        if list(state["tasks"]) != self.tasks:
            raise ConfigError(f"curriculum: the state is for tasks {state['tasks']}, this curriculum has {self.tasks}")
        self.configs = {t: CurriculumConfig.of(c) for t, c in state["configs"].items()}
        self.levels = {t: int(v) for t, v in state["levels"].items()}
        self.windows = {t: [float(x) for x in w] for t, w in state["windows"].items()}
        self.blocked = {t: [int(x) for x in b] for t, b in state["blocked"].items()}
        self.history = [dict(h) for h in state["history"]]
        self.scored, self.stale, self.skipped = int(state["scored"]), int(state["stale"]), int(state["skipped"])
