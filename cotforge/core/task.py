"""The generator contract: random access to problems, deterministic by seed."""

from __future__ import annotations

import dataclasses
import json
import random
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar, cast

from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.rng import item_rng

LEVELS = (1, 2, 3, 4, 5)


@dataclass(frozen=True, slots=True)
class TaskConfig:
    """Settings shared by every task. Subclasses add task-specific knobs.

    Subclasses are slotted dataclasses, where zero-argument ``super()`` fails: call
    ``TaskConfig.__post_init__(self)`` from their own ``__post_init__``.
    """

    level: int = 1
    """Difficulty, 1 (easiest) to 5; each task documents what a level changes."""

    def __post_init__(self) -> None:
        if not isinstance(self.level, int) or isinstance(self.level, bool) or self.level not in LEVELS:
            raise ConfigError(f"level must be an integer from 1 to 5, got {self.level!r}")


@dataclass(frozen=True, slots=True)
class Draft:
    """What a task builds for one item; the base class turns it into a Problem."""

    question: str
    answer: str
    payload: dict[str, Any]
    metadata: dict[str, Any] = dataclasses.field(default_factory=dict)


C = TypeVar("C", bound=TaskConfig)


class Generator(ABC, Generic[C]):
    """Makes problems of one task. ``generate(i)`` depends only on (task, version, seed, i).

    A task subclasses ``Generator[MyTaskConfig]`` and sets ``config_cls = MyTaskConfig``, so
    ``self.config`` is typed as its own config class.
    """

    name: ClassVar[str]
    version: ClassVar[int] = 1
    domain: ClassVar[str]
    space: ClassVar[str]
    verifier: ClassVar[str]
    config_cls: ClassVar[type[TaskConfig]] = TaskConfig

    def __init__(self, config: TaskConfig | None = None, seed: int = 0) -> None:
        made = config if config is not None else self.config_cls()
        if not isinstance(made, self.config_cls):
            raise ConfigError(
                f"{type(self).__name__} needs a {self.config_cls.__name__}, got {type(made).__name__}"
            )
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise ConfigError(f"seed must be an integer, got {seed!r}")
        self.config: C = cast(C, made)  # checked above: an instance of this task's config class
        self.seed = seed

    @classmethod
    def from_level(cls, level: int, seed: int = 0) -> Generator[Any]:
        return cls(cls.config_cls(level=level), seed=seed)

    def generate(self, index: int) -> Problem:
        if not isinstance(index, int) or index < 0:
            raise ConfigError(f"index must be a non-negative integer, got {index!r}")
        # the level is part of the key so levels of one task never share an item's randomness
        rng = item_rng(f"{self.name}/level{self.config.level}", self.version, self.seed, index)
        draft = self.build(rng)
        return Problem(
            task=self.name,
            task_version=self.version,
            domain=self.domain,
            level=self.config.level,
            seed=self.seed,
            index=index,
            question=draft.question,
            answer=draft.answer,
            payload=json.dumps(draft.payload, sort_keys=True),
            space=self.space,
            verifier=self.verifier,
            metadata=json.dumps(draft.metadata, sort_keys=True),
        )

    @abstractmethod
    def build(self, rng: random.Random) -> Draft:
        """Build one item from its own rng."""

    @abstractmethod
    def perturb(self, problem: Problem, rng: random.Random) -> str:
        """A plausible but wrong answer to ``problem`` (used to test that verifiers reject)."""
