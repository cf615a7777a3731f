"""A task's settings from a recipe (``tasks: - {name: word_problem, config: {max_value: 500}}``),
validated by the task's own ``*Config`` class: its field types, then its ``__post_init__`` checks."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError

from cotforge.core.errors import ConfigError
from cotforge.core.registry import TASKS
from cotforge.core.task import TaskConfig


@functools.cache
def _adapter(config_cls: type[TaskConfig]) -> TypeAdapter[TaskConfig]:
    return TypeAdapter(config_cls)


def task_config(task: str, level: int, settings: Mapping[str, Any]) -> TaskConfig:
    """The config of ``task`` at ``level`` with ``settings`` on top of its defaults; a ConfigError in
    one line naming the field otherwise (a YAML list becomes a tuple where the field is one)."""
    config_cls = TASKS.get(task).config_cls
    names = [f.name for f in dataclasses.fields(config_cls) if f.name != "level"]
    if "level" in settings:
        raise ConfigError("level: set a task's levels with `levels:`, not in its config")
    unknown = sorted(set(settings) - set(names))
    if unknown:
        known = ", ".join(names) or "none besides the level"
        raise ConfigError(f"{', '.join(unknown)}: not a setting of {task} (its {config_cls.__name__} has: {known})")
    try:
        return _adapter(config_cls).validate_python({**settings, "level": level})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        got = f" (got {first['input']!r})" if first["type"] != "value_error" else ""
        raise ConfigError(f"{where + ': ' if where else ''}{message}{got}") from None
