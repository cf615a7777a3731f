"""Problems as plain rows: what ``cotforge.make`` returns, what the stream yields and what
``cotforge.score`` reads back (a row carries everything its verifier needs)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import TaskConfig
from cotforge.pipelines.views.text import user_turn
from cotforge.verifiers.rewards import SCORE_KEYS, score_fields  # noqa: F401 - re-exported: rows and their scorer fields

Row = dict[str, Any]

def problem_row(problem: Problem) -> Row:
    """A generated problem as a plain, JSON-able row.

    ``prompt`` is the conversation a model is given (the question and the answer-format hint);
    ``metadata`` holds what the scorer needs (``payload`` is the task's JSON, kept as a string so
    rows of different tasks share one Arrow schema)."""
    return {
        "id": problem.uid,
        "question": problem.question,
        "answer": problem.answer,
        "prompt": user_turn(problem.question, problem.domain),
        "metadata": {
            "id": problem.uid,
            "task": problem.task,
            "domain": problem.domain,
            "level": problem.level,
            "verifier": problem.verifier,
            "payload": problem.payload,
            "answer": problem.answer,
            "seed": problem.seed,
            "index": problem.index,
            "task_version": problem.task_version,
        },
    }


def task_config(task: str, level: int | None, config: Mapping[str, Any] | TaskConfig | None) -> TaskConfig:
    """The task's config from ``level`` and a mapping of its settings (or a config object)."""
    cls = TASKS.get(task).config_cls
    if isinstance(config, TaskConfig):
        if not isinstance(config, cls):
            raise ConfigError(f"{task} needs a {cls.__name__}, got {type(config).__name__}")
        if level is not None and level != config.level:
            raise ConfigError(f"level={level} disagrees with the config's level {config.level}")
        return config
    settings = dict(config or {})
    if not isinstance(config, (Mapping, type(None))):
        raise ConfigError(f"config must be a dict of {task}'s settings or a {cls.__name__}, got {type(config).__name__}")
    if "level" in settings:
        raise ConfigError("config: pass the level as level=..., not inside config")
    names = [f.name for f in dataclasses.fields(cls) if f.name != "level"]
    unknown = sorted(set(settings) - set(names))
    if unknown:
        raise ConfigError(f"config: {task} has no setting {', '.join(map(repr, unknown))} (its settings: {', '.join(names) or 'none'})")
    try:
        return cls(level=1 if level is None else level, **settings)
    except TypeError as exc:  # a wrong type a dataclass could not take
        raise ConfigError(f"config: {exc}") from None
