"""Problems as plain rows: what ``cotforge.make`` returns, what the stream yields and what
``cotforge.score`` reads back (a row carries everything its verifier needs)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import TaskConfig
from cotforge.pipelines.views.text import user_turn

Row = dict[str, Any]

SCORE_KEYS = ("task", "domain", "level", "verifier", "payload", "answer")
"""What the scorer reads; a row has them at its top level (``rl`` view) or in ``metadata``."""


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


def score_fields(row: Mapping[str, Any]) -> Row:
    """The scorer's fields of a ``make``/stream row (from ``metadata``) or of an ``rl`` view row."""
    if not isinstance(row, Mapping):
        raise ConfigError(f"score: a row must be a dict (a cotforge.make or rl-view row), got {type(row).__name__}")
    meta = row.get("metadata")
    if isinstance(meta, str):  # a row whose metadata went through JSON
        try:
            meta = json.loads(meta)
        except ValueError:
            meta = None
    source: Mapping[str, Any] = meta if isinstance(meta, Mapping) and "verifier" in meta else row
    missing = [k for k in SCORE_KEYS if k not in source and k not in row]
    if missing:
        raise ConfigError(f"score: the row lacks {', '.join(missing)} (pass a row from cotforge.make, cotforge.stream or the rl view)")
    return {k: source[k] if k in source else row[k] for k in SCORE_KEYS}


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
