"""The recipe: what to generate, how hard, how to search, where to write. Validated loudly."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from cotforge.core.errors import ConfigError, UnknownNameError
from cotforge.core.registry import TASKS
from cotforge.core.task import LEVELS
from cotforge.pipelines.safe_yaml import clip, cut, load_file, parse_value
from cotforge.pipelines.storage import Location, RemotePath, check_url, is_url, location
from cotforge.pipelines.task_config import task_config
from cotforge.solvers.search.base import SearchSettings

__all__ = ["Recipe", "SearchSettings", "TaskEntry", "load_recipe"]


MAX_COUNT = 10**9
"""Most problems per task or per recipe."""
MAX_UNITS = 100_000
"""Most work units a run may plan (count / unit_size): each is a task of the flow."""
MAX_WORKERS = 512
MAX_UNIT_SIZE = 10_000
"""Most problems per work unit: a unit's rows are held in memory until its part is written."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class TaskEntry(_Strict):
    name: str
    """Registered task name (see ``cotforge list``)."""
    count: int | None = Field(default=None, ge=0, le=MAX_COUNT)
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
    num_perm: int = Field(default=128, ge=16, le=1024)
    shingle: int = Field(default=3, ge=1, le=64)
    """Words per shingle."""
    against: list[str] = Field(default_factory=list)
    """Earlier output folders whose records new ones must not duplicate."""


class BenchmarkSource(_Strict):
    path: str
    """A JSONL file, a Parquet file or a local Hugging Face dataset folder."""
    fields: list[str] = Field(default_factory=lambda: ["question"], min_length=1)
    n: int = Field(default=13, ge=1, le=64)
    short_n: int = Field(default=8, ge=1, le=64)
    """n-gram size for questions of fewer than n words (short math questions)."""


class LengthSettings(_Strict):
    tokenizer: str | None = None
    """Local path of a tokenizer; without one, whitespace words are counted (and said so)."""
    max_question_tokens: int | None = Field(default=None, ge=1)
    min_cot_tokens: int | None = Field(default=None, ge=0)
    max_cot_tokens: int | None = Field(default=None, ge=1)


class BalanceSettings(_Strict):
    tasks: dict[str, float] | None = None
    """Target share of each task (relative weights, >= 0, one at least > 0)."""
    levels: dict[int, float] | None = None

    @field_validator("tasks", "levels")
    @classmethod
    def _weights(cls, mix: dict[Any, float] | None) -> dict[Any, float] | None:
        if mix is None:
            return None
        if not mix or any(w < 0 for w in mix.values()) or not any(w > 0 for w in mix.values()):
            raise ValueError(f"weights must be >= 0 with at least one > 0, got {clip(mix)}")
        if len(mix) > 1000:
            raise ValueError(f"at most 1000 weights, got {len(mix)}")
        return mix

    @field_validator("levels")
    @classmethod
    def _known_levels(cls, mix: dict[int, float] | None) -> dict[int, float] | None:
        bad = [k for k in mix or {} if k not in LEVELS]
        if bad:
            raise ValueError(f"levels must be between 1 and 5, got {clip(bad)}")
        return mix


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
    name: str = Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$", max_length=100)
    """A plain folder name (letters, digits, ``_ . -``; not ``.`` or ``..``): the default output is ``out/<name>``."""
    seed: int = Field(default=0, ge=-(2**63), lt=2**63)
    """Any 64-bit integer (it is written to every row)."""
    count: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    """Total problems across tasks, split by weight among tasks without their own count."""
    tasks: list[TaskEntry] = Field(min_length=1)
    search: SearchSettings = SearchSettings()
    min_steps: int = Field(default=2, ge=1, le=1000)
    """Records whose chain of thought has fewer steps are rejected (with that reason)."""
    unit_size: int = Field(default=25, ge=1, le=MAX_UNIT_SIZE)
    """Problems per work unit: the grain of parallelism and of resumption."""
    workers: int = Field(default_factory=lambda: min(os.cpu_count() or 1, MAX_WORKERS), ge=1, le=MAX_WORKERS)
    shard_rows: int = Field(default=10_000, ge=1, le=10_000_000)
    output: str | None = Field(default=None, min_length=1, max_length=4096)
    """Output folder or fsspec URL (``s3://bucket/run``, ``memory://run``); default ``out/<name>``."""
    filters: FilterSettings = FilterSettings()
    views: ViewSettings = ViewSettings()
    engine: Literal["local"] = "local"

    @model_validator(mode="after")
    def _counts_known(self) -> Recipe:
        missing = [t.name for t in self.tasks if t.count is None]
        if missing and self.count is None:
            raise ValueError(f"tasks {missing} have no count and the recipe has no total count")
        names = [t.name for t in self.tasks]
        if len(set(names)) != len(names):
            raise ValueError(f"a task is listed twice in tasks: {names}")
        balance = self.filters.balance
        unknown = sorted(set(balance.tasks or {}) - set(names)) if balance is not None else []
        if unknown:
            raise ValueError(f"filters.balance.tasks names {clip(unknown)}, not a task of this recipe ({', '.join(names)})")
        units = sum(-(-n // self.unit_size) + len(t.levels) for t, n in zip(self.tasks, self.task_counts().values()))
        if units > MAX_UNITS:
            raise ValueError(f"the recipe makes about {units:,} work units (counts / unit_size), more than {MAX_UNITS:,}: "
                             f"raise unit_size or split the run")
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


_NAMED_SETTING = re.compile(r"([a-z_]+) must ")


def _format_errors(err: ValidationError) -> str:
    lines = []
    for e in err.errors():
        where = ".".join(str(p) for p in e["loc"]) or "recipe"
        msg = e["msg"].removeprefix("Value error, ")
        if (named := _NAMED_SETTING.match(msg)) and e["type"] == "value_error" and named[1] != str(e["loc"][-1] if e["loc"] else ""):
            # a check of the whole block (``search``) names its field first: report it as search.<field>
            where, msg = f"{where}.{named[1]}" if e["loc"] else named[1], msg[len(named[1]) + 1:]
        got = f" (got {clip(e['input'])})" if e["type"] not in ("missing", "value_error") and not isinstance(e["input"], dict) else ""
        lines.append(f"{cut(where, 80)}: {cut(msg, 300)}{got}")
    if len(lines) > 3:
        lines = lines[:3] + [f"and {len(lines) - 3} more"]
    return "; ".join(lines)


def _apply_override(data: dict[str, Any], assignment: str) -> None:
    if "=" not in assignment:
        raise ConfigError(f"--set needs key=value, got {clip(assignment)}")
    key, raw = assignment.split("=", 1)
    value = parse_value(raw, f"--set {clip(key)}") if raw else ""
    target: Any = data
    parts = key.split(".")
    if not all(parts):
        raise ConfigError(f"--set {clip(key)}: the key has an empty part (write a.b.c)")
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        where = ".".join(parts[: depth + 1])
        if isinstance(target, list):
            if not part.isdigit() or int(part) >= len(target):
                raise ConfigError(f"--set {clip(key)}: {clip(where)} is not an index of a list of {len(target)}")
            index: Any = int(part)
        elif isinstance(target, dict):
            index = part
            if not last and target.get(part) is None:  # a section left unset (balance: null) is filled in
                target[part] = {}
        else:
            raise ConfigError(f"--set {clip(key)}: {clip('.'.join(parts[:depth]))} is a single value, not a section")
        if last:
            target[index] = value
        else:
            target = target[index]


def load_recipe(source: str | Path | RemotePath | dict[str, Any], overrides: list[str] | tuple[str, ...] = ()) -> Recipe:
    """Read and validate a recipe; every problem becomes one ``ConfigError`` naming the field."""
    if isinstance(source, dict):
        try:
            data = json.loads(json.dumps(source))
        except (TypeError, ValueError, RecursionError) as exc:
            raise ConfigError(f"bad recipe: not plain data ({clip(str(exc), 80)})") from None
    else:
        path = source if isinstance(source, RemotePath) else Path(source)
        if isinstance(path, RemotePath) and not path.is_file():
            raise ConfigError(f"recipe file not found: {path}")
        data = load_file(path, "recipe")
        if not isinstance(data, dict):
            raise ConfigError(f"recipe {path} must be a mapping of fields, got {type(data).__name__}")
    for assignment in overrides:
        _apply_override(data, assignment)
    try:
        return Recipe.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"bad recipe: {_format_errors(exc)}") from None
    except UnknownNameError as exc:
        raise ConfigError(f"bad recipe: {exc}") from None
