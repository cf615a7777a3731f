"""The recipe: what to generate, how hard, how to search, where to write. Validated loudly."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from cotforge.core.errors import ConfigError, UnknownNameError
from cotforge.core.registry import TASKS
from cotforge.core.task import LEVELS
from cotforge.pipelines.storage import Location, RemotePath, check_url, is_url, location
from cotforge.pipelines.task_config import task_config
from cotforge.solvers.search.base import SearchSettings

__all__ = ["Recipe", "SearchSettings", "TaskEntry", "load_recipe"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TaskEntry(_Strict):
    name: str
    """Registered task name (see ``cotforge list``)."""
    count: int | None = Field(default=None, ge=0)
    """Problems to generate for this task; if unset, a share of the recipe's ``count`` by weight."""
    weight: float = Field(default=1.0, gt=0)
    levels: list[int] = Field(default_factory=lambda: list(LEVELS), min_length=1)
    """Difficulty levels; the task's count is split evenly across them."""
    config: dict[str, Any] = Field(default_factory=dict)
    """The task's own settings besides the level (its ``*Config`` fields), checked by that class at every level."""

    @field_validator("name")
    @classmethod
    def _known_task(cls, name: str) -> str:
        if name not in TASKS:
            raise ValueError(TASKS.unknown_message(name))
        return name

    @field_validator("levels")
    @classmethod
    def _known_levels(cls, levels: list[int]) -> list[int]:
        bad = [level for level in levels if level not in LEVELS]
        if bad:
            raise ValueError(f"levels must be between 1 and 5, got {bad}")
        if len(set(levels)) != len(levels):
            raise ValueError(f"levels must not repeat, got {levels}")
        return levels

    @field_validator("config")
    @classmethod
    def _valid_config(cls, config: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        if "name" in info.data:  # else the name is already reported
            for level in info.data.get("levels", LEVELS):
                task_config(info.data["name"], level, config)
        return config


class NearDuplicateSettings(_Strict):
    threshold: float = Field(default=0.9, gt=0, le=1)
    """MinHash Jaccard similarity at or above which a question counts as a near duplicate."""
    num_perm: int = Field(default=128, ge=16)
    shingle: int = Field(default=3, ge=1)
    """Words per shingle."""
    against: list[str] = Field(default_factory=list)
    """Earlier output folders whose records new ones must not duplicate."""


class BenchmarkSource(_Strict):
    path: str
    """A JSONL file, a Parquet file or a local Hugging Face dataset folder."""
    fields: list[str] = Field(default_factory=lambda: ["question"], min_length=1)
    n: int = Field(default=13, ge=1)
    short_n: int = Field(default=8, ge=1)
    """n-gram size for questions of fewer than n words (short math questions)."""


class LengthSettings(_Strict):
    tokenizer: str | None = None
    """Local path of a tokenizer; without one, whitespace words are counted (and said so)."""
    max_question_tokens: int | None = Field(default=None, ge=1)
    min_cot_tokens: int | None = Field(default=None, ge=0)
    max_cot_tokens: int | None = Field(default=None, ge=1)


class BalanceSettings(_Strict):
    tasks: dict[str, float] | None = None
    levels: dict[int, float] | None = None


class FilterSettings(_Strict):
    """Filters applied at export, in this order; every drop is written with its reason."""

    malformed: bool = True
    answer_leak: bool = True
    length: LengthSettings | None = None
    decontaminate: list[BenchmarkSource] = Field(default_factory=list)
    near_duplicate: NearDuplicateSettings | None = NearDuplicateSettings()
    balance: BalanceSettings | None = None


class ViewSettings(_Strict):
    think: bool = False
    """Also write ``sft_think``: the search with its wrong turns inside <think>...</think>."""
    prm_threshold: float | None = Field(default=None, ge=0, le=1)
    """Label PRM steps by Monte Carlo value >= this; unset: hard labels (reaches a verified answer)."""


class Recipe(_Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    seed: int = 0
    count: int | None = Field(default=None, ge=0)
    """Total problems across tasks, split by weight among tasks without their own count."""
    tasks: list[TaskEntry] = Field(min_length=1)
    search: SearchSettings = SearchSettings()
    min_steps: int = Field(default=2, ge=1)
    """Records whose chain of thought has fewer steps are rejected (with that reason)."""
    unit_size: int = Field(default=25, ge=1)
    """Problems per work unit: the grain of parallelism and of resumption."""
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)
    shard_rows: int = Field(default=10_000, ge=1)
    output: str | None = None
    """Output folder or fsspec URL (``s3://bucket/run``, ``memory://run``); default ``out/<name>``."""
    filters: FilterSettings = FilterSettings()
    views: ViewSettings = ViewSettings()
    engine: Literal["local"] = "local"

    @model_validator(mode="after")
    def _counts_known(self) -> "Recipe":
        missing = [t.name for t in self.tasks if t.count is None]
        if missing and self.count is None:
            raise ValueError(f"tasks {missing} have no count and the recipe has no total count")
        names = [t.name for t in self.tasks]
        if len(set(names)) != len(names):
            raise ValueError(f"a task is listed twice in tasks: {names}")
        return self

    def task_counts(self) -> dict[str, int]:
        """Problems per task: own counts first, the rest of ``count`` shared by weight."""
        fixed = {t.name: t.count for t in self.tasks if t.count is not None}
        shared = [t for t in self.tasks if t.count is None]
        remaining = max((self.count or 0) - sum(fixed.values()), 0) if shared else 0
        total_weight = sum(t.weight for t in shared)
        counts = dict(fixed)
        given = 0
        for i, t in enumerate(shared):
            n = remaining - given if i == len(shared) - 1 else int(remaining * t.weight / total_weight)
            counts[t.name] = n
            given += n
        return {t.name: counts[t.name] for t in self.tasks}

    @field_validator("output")
    @classmethod
    def _known_protocol(cls, output: str | None) -> str | None:
        if output is not None and is_url(output):
            try:
                check_url(output)
            except ConfigError as exc:
                raise ValueError(str(exc)) from None
        return output

    def output_dir(self) -> Location:
        """A Path for a local folder (or ``file://``), a RemotePath for any other fsspec URL."""
        return location(self.output or f"out/{self.name}")

    def fingerprint(self) -> str:
        """Hash of everything that changes the unit parts (not workers, output, or export settings)."""
        content = self.model_dump(exclude={"workers", "output", "shard_rows", "filters", "views"})
        for task in content["tasks"]:  # a task without settings hashes as before they could be set
            if not task["config"]:
                del task["config"]
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]


def _format_errors(err: ValidationError) -> str:
    lines = []
    for e in err.errors():
        where = ".".join(str(p) for p in e["loc"]) or "recipe"
        msg = e["msg"].removeprefix("Value error, ")
        got = f" (got {e['input']!r})" if e["type"] not in ("missing", "value_error") and not isinstance(e["input"], dict) else ""
        lines.append(f"{where}: {msg}{got}")
    return "; ".join(lines)


def _apply_override(data: dict[str, Any], assignment: str) -> None:
    if "=" not in assignment:
        raise ConfigError(f"--set needs key=value, got {assignment!r}")
    key, raw = assignment.split("=", 1)
    value = yaml.safe_load(raw) if raw else ""
    target: Any = data
    parts = key.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target.setdefault(part, {})
    last = parts[-1]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value


def load_recipe(source: str | Path | RemotePath | dict[str, Any], overrides: list[str] | tuple[str, ...] = ()) -> Recipe:
    """Read and validate a recipe; every problem becomes one ``ConfigError`` naming the field."""
    if isinstance(source, dict):
        data = json.loads(json.dumps(source))
    else:
        path = source if isinstance(source, RemotePath) else Path(source)
        if not path.is_file():
            raise ConfigError(f"recipe file not found: {path}")
        try:
            data = yaml.safe_load(path.read_text())
        except yaml.YAMLError as exc:
            raise ConfigError(f"recipe {path} is not valid YAML: {exc}") from None
        if not isinstance(data, dict):
            raise ConfigError(f"recipe {path} must be a mapping of fields, got {type(data).__name__}")
    for assignment in overrides:
        try:
            _apply_override(data, assignment)
        except (IndexError, ValueError, TypeError, KeyError) as exc:
            raise ConfigError(f"--set {assignment!r} does not fit the recipe: {exc}") from None
    try:
        return Recipe.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"bad recipe: {_format_errors(exc)}") from None
    except UnknownNameError as exc:
        raise ConfigError(f"bad recipe: {exc}") from None
