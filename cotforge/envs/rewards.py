"""Reward callbacks that score completions and feed the curriculum.

:class:`StreamReward` is a reward function in TRL's calling convention (``completions`` and every
dataset column as keyword arguments, plus ``log_extra`` / ``log_metric`` from TRL >= 1.13): it
scores through ``cotforge.verifiers.rewards.verified_reward`` (the project's one scorer, which
logs what it read through TRL's hooks), hands each reward to the stream's curriculum and logs
each task's level as ``cotforge/level/<task>``. It reads rows of the stream or of ``make``
(``metadata``) as well as ``rl`` view rows (the fields as columns).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from cotforge.envs.curriculum import Curriculum
from cotforge.envs.rows import SCORE_KEYS, score_fields
from cotforge.envs.stream import Stream
from cotforge.verifiers.rewards import verified_reward


class StreamReward:
    """1.0 / 0.0 per completion (None where the check cannot be made), fed to ``curriculum``."""

    __name__ = "cotforge_reward"  # TRL names a reward's logged columns after its function name

    def __init__(self, feedback: Stream | Curriculum | None = None) -> None:
        self.curriculum = feedback.curriculum if isinstance(feedback, Stream) else feedback
        self.calls = 0

    def __call__(self, completions: Sequence[Any], log_extra: Callable[[str, list], None] | None = None,
                 log_metric: Callable[[str, float], None] | None = None, **columns: Any) -> list[float | None]:
        rows = [score_fields({k: v[i] for k, v in columns.items() if isinstance(v, list) and len(v) == len(completions)})
                for i in range(len(completions))]
        fields = {k: [row[k] for row in rows] for k in SCORE_KEYS}
        rewards = verified_reward(completions, log_extra=log_extra, log_metric=log_metric, **fields)
        self.calls += 1
        if self.curriculum is not None:
            for row, reward in zip(rows, rewards):
                self.curriculum.update(row["task"], int(row["level"]), reward)
            if log_metric is not None:
                for task in sorted({row["task"] for row in rows}):
                    log_metric(f"cotforge/level/{task}", float(self.curriculum.level(task)))
        return rewards
