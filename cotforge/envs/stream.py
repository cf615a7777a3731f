"""An endless, de-duplicated stream of problems mixing tasks by weight, for online RL.

Each draw picks a task by weight, asks the curriculum (or the fixed levels) for its level, and
takes the next item of that (task, level); an item whose normalised question was already
yielded is skipped. When ``patience`` draws in a row of one (task, level) give nothing new, it
is exhausted: a warning says so, and the task moves to its nearest open level (curriculum) or
leaves the mix (fixed levels). The stream is deterministic for a given seed and sequence of
curriculum feedback, and resumable: ``state_dict()`` / ``load_state_dict()``.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import random
import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from cotforge.core.errors import ConfigError, CotforgeError
from cotforge.core.registry import TASKS
from cotforge.core.rng import item_rng
from cotforge.core.task import Generator
from cotforge.envs.curriculum import Curriculum, CurriculumConfig
from cotforge.envs.rows import Row, problem_row, task_config

if TYPE_CHECKING:
    import datasets

STATE_VERSION = 1
DIGEST_BYTES = 8


class StreamExhaustedError(CotforgeError):
    """Every (task, level) the stream may draw from has run out of new problems."""


class ExhaustedWarning(UserWarning):
    """A (task, level) of a stream gives no new problems any more."""


def normalize_question(question: str) -> str:
    """The form questions are de-duplicated in: case and runs of whitespace ignored."""
    return " ".join(question.lower().split())


def _weights(tasks: Sequence[str] | Mapping[str, float] | None) -> dict[str, float]:
    if tasks is None:
        return {t: 1.0 for t in TASKS.names()}
    if isinstance(tasks, str):
        tasks = [tasks]
    pairs = tasks.items() if isinstance(tasks, Mapping) else ((t, 1.0) for t in tasks)
    weights: dict[str, float] = {}
    for task, weight in pairs:
        TASKS.get(task)  # an unknown name fails here, with "did you mean"
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not weight > 0 or weight == float("inf"):
            raise ConfigError(f"stream: the weight of {task} must be a finite number > 0, got {weight!r}")
        if task in weights:
            raise ConfigError(f"stream: {task} is named twice")
        weights[task] = float(weight)
    if not weights:
        raise ConfigError("stream: no tasks")
    return weights


class Stream:
    """Rows like :func:`cotforge.make`'s, forever: iterate it, or train from :meth:`as_dataset`.

    ``tasks``: names (equal weights) or names to weights; all tasks if None. ``level``: the level of
    every task, or a dict per task (the start level under a curriculum). ``curriculum``: True for
    the default :class:`Curriculum`, a :class:`CurriculumConfig` or dict of its settings, or a
    ``Curriculum``. ``config``: per task, a dict of its settings (as ``make``'s ``config``).
    ``patience``: draws in a row without a new question before a (task, level) counts as exhausted.
    """

    def __init__(self, tasks: Sequence[str] | Mapping[str, float] | None = None, *, seed: int = 0,
                 level: int | Mapping[str, int] = 1, curriculum: bool | Curriculum | CurriculumConfig | Mapping[str, Any] | None = None,
                 config: Mapping[str, Mapping[str, Any]] | None = None, patience: int = 500) -> None:
        self.weights = _weights(tasks)
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ConfigError(f"stream: seed must be an integer, got {seed!r}")
        if isinstance(patience, bool) or not isinstance(patience, int) or patience < 1:
            raise ConfigError(f"stream: patience must be an integer >= 1, got {patience!r}")
        unknown = sorted(set(config or {}) - set(self.weights))
        if unknown:
            raise ConfigError(f"stream: config names {', '.join(unknown)}, which are not tasks of this stream")
        self.seed, self.patience, self.settings = seed, patience, dict(config or {})
        levels = {t: level for t in self.weights} if isinstance(level, int) else {t: level.get(t, 1) for t in self.weights}
        for task, lvl in levels.items():
            task_config(task, lvl, self.settings.get(task))  # bad levels and settings fail now, in one line
        if curriculum is True:
            curriculum = Curriculum(self.weights, start=levels)
        elif isinstance(curriculum, (CurriculumConfig, Mapping)):
            curriculum = Curriculum(self.weights, start=levels, config=curriculum)
        elif curriculum is False:
            curriculum = None
        if curriculum is not None and not isinstance(curriculum, Curriculum):
            raise ConfigError(f"stream: curriculum must be True, a Curriculum, a CurriculumConfig or a dict, got {type(curriculum).__name__}")
        if curriculum is not None and set(curriculum.tasks) != set(self.weights):
            raise ConfigError(f"stream: the curriculum's tasks {sorted(curriculum.tasks)} differ from the stream's {sorted(self.weights)}")
        self.curriculum = curriculum
        self.fixed = levels
        self.rng = random.Random(item_rng("cotforge-stream", STATE_VERSION, seed, 0).getrandbits(64))
        self.next_index: dict[tuple[str, int], int] = {}
        self.misses: dict[tuple[str, int], int] = {}
        self.distinct: dict[tuple[str, int], int] = {}
        self.exhausted: dict[tuple[str, int], int] = {}
        """(task, level) -> how many distinct questions it gave before running out."""
        self.retired: list[str] = []
        self.seen: set[bytes] = set()
        self.drawn = 0
        self.duplicates = 0
        self.yielded = 0
        self._generators: dict[tuple[str, int], Generator] = {}

    # -- drawing ---------------------------------------------------------------------------

    def level(self, task: str) -> int:
        return self.curriculum.level(task) if self.curriculum is not None else self.fixed[task]

    def _generator(self, task: str, level: int) -> Generator:
        key = (task, level)
        if key not in self._generators:
            self._generators[key] = TASKS.get(task)(task_config(task, level, self.settings.get(task)), seed=self.seed)
        return self._generators[key]

    def _exhaust(self, task: str, level: int) -> None:
        self.exhausted[(task, level)] = self.distinct.get((task, level), 0)
        what = f"{task} level {level} is exhausted: {self.patience} draws in a row gave no new question " \
               f"({self.distinct.get((task, level), 0)} distinct ones so far)"
        if self.curriculum is not None:
            try:
                self.curriculum.block(task, level)
                warnings.warn(f"{what}; {task} moves to level {self.curriculum.level(task)}", ExhaustedWarning, stacklevel=3)
                return
            except ConfigError:
                pass
        self.retired.append(task)
        warnings.warn(f"{what}; {task} leaves the stream", ExhaustedWarning, stacklevel=3)

    def __next__(self) -> Row:
        while True:
            active = [t for t in self.weights if t not in self.retired]
            if not active:
                raise StreamExhaustedError("stream: every task is exhausted: " + ", ".join(
                    f"{t} level {lvl} ({n} distinct)" for (t, lvl), n in self.exhausted.items()))
            task = self.rng.choices(active, weights=[self.weights[t] for t in active])[0]
            level = self.level(task)
            key = (task, level)
            index = self.next_index.get(key, 0)
            self.next_index[key] = index + 1
            self.drawn += 1
            problem = self._generator(task, level).generate(index)
            digest = hashlib.blake2b(normalize_question(problem.question).encode(), digest_size=DIGEST_BYTES).digest()
            if digest in self.seen:
                self.duplicates += 1
                self.misses[key] = self.misses.get(key, 0) + 1
                if self.misses[key] >= self.patience:
                    self._exhaust(task, level)
                continue
            self.seen.add(digest)
            self.misses[key] = 0
            self.distinct[key] = self.distinct.get(key, 0) + 1
            self.yielded += 1
            return problem_row(problem)

    def __iter__(self) -> Iterator[Row]:
        return self

    def take(self, n: int) -> list[Row]:
        """The next ``n`` rows."""
        return list(itertools.islice(self, n))

    # -- feedback --------------------------------------------------------------------------

    def update(self, row: Mapping[str, Any], reward: float | None) -> None:
        """Feed one completion's reward for ``row`` to the curriculum (no-op without one)."""
        if self.curriculum is not None:
            meta = row.get("metadata", row)
            self.curriculum.update(meta["task"], int(meta["level"]), reward)

    # -- trainers --------------------------------------------------------------------------

    def as_dataset(self) -> datasets.IterableDataset:
        """The stream as a ``datasets.IterableDataset`` (iterating it again continues the stream).

        For TRL's GRPOTrainer pass ``shuffle_dataset=False``: its shuffle buffer would draw 1,000
        rows ahead, so the curriculum would act that late; the stream is already in random order."""
        import datasets

        message = {"role": datasets.Value("string"), "content": datasets.Value("string")}
        metadata = {"id": datasets.Value("string"), "task": datasets.Value("string"), "domain": datasets.Value("string"),
                    "level": datasets.Value("int64"), "verifier": datasets.Value("string"), "payload": datasets.Value("string"),
                    "answer": datasets.Value("string"), "seed": datasets.Value("int64"), "index": datasets.Value("int64"),
                    "task_version": datasets.Value("int64")}
        features = datasets.Features({"id": datasets.Value("string"), "question": datasets.Value("string"),
                                      "answer": datasets.Value("string"), "prompt": datasets.List(message), "metadata": metadata})
        return datasets.IterableDataset.from_generator(_rows_of, features=features, gen_kwargs={"stream": _Handle(self)})

    # -- checkpoints -----------------------------------------------------------------------

    def state_dict(self) -> dict[str, Any]:
        """Everything needed to resume the stream (and its curriculum), as plain JSON-able values."""
        version, internal, gauss = self.rng.getstate()
        return {
            "version": STATE_VERSION, "seed": self.seed, "weights": dict(self.weights), "patience": self.patience,
            "rng": [version, list(internal), gauss],
            "next_index": {f"{t}/{lvl}": n for (t, lvl), n in self.next_index.items()},
            "misses": {f"{t}/{lvl}": n for (t, lvl), n in self.misses.items()},
            "distinct": {f"{t}/{lvl}": n for (t, lvl), n in self.distinct.items()},
            "exhausted": {f"{t}/{lvl}": n for (t, lvl), n in self.exhausted.items()},
            "retired": list(self.retired),
            "seen": base64.b64encode(b"".join(sorted(self.seen))).decode(),
            "counts": {"drawn": self.drawn, "duplicates": self.duplicates, "yielded": self.yielded},
            "curriculum": self.curriculum.state_dict() if self.curriculum is not None else None,
        }

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Resume from :meth:`state_dict`'s output; the stream must have the same tasks, weights and seed."""
        if not isinstance(state, Mapping) or state.get("version") != STATE_VERSION:
            raise ConfigError(f"stream: not a stream state of version {STATE_VERSION}")
        for name, mine in (("seed", self.seed), ("weights", self.weights)):
            if state[name] != mine:
                raise ConfigError(f"stream: the state's {name} {state[name]!r} differ from this stream's {mine!r}")
        if (state["curriculum"] is None) != (self.curriculum is None):
            raise ConfigError("stream: the state and this stream disagree on having a curriculum")

        def keyed(d: Mapping[str, int]) -> dict[tuple[str, int], int]:
            return {(k.rsplit("/", 1)[0], int(k.rsplit("/", 1)[1])): int(v) for k, v in d.items()}

        version, internal, gauss = state["rng"]
        self.rng.setstate((version, tuple(internal), gauss))
        self.patience = int(state["patience"])
        self.next_index, self.misses = keyed(state["next_index"]), keyed(state["misses"])
        self.distinct, self.exhausted = keyed(state["distinct"]), keyed(state["exhausted"])
        self.retired = list(state["retired"])
        raw = base64.b64decode(state["seen"])
        self.seen = {raw[i:i + DIGEST_BYTES] for i in range(0, len(raw), DIGEST_BYTES)}
        counts = state["counts"]
        self.drawn, self.duplicates, self.yielded = int(counts["drawn"]), int(counts["duplicates"]), int(counts["yielded"])
        if self.curriculum is not None:
            self.curriculum.load_state_dict(state["curriculum"])


class _Handle:
    """Carries the stream into ``datasets`` without letting it hash or copy the stream's state."""

    def __init__(self, stream: Stream) -> None:
        self.stream = stream

    def __reduce__(self) -> tuple[Any, ...]:  # datasets fingerprints gen_kwargs by pickling them
        return (_unpicklable, (id(self.stream),))

    def __copy__(self) -> _Handle:
        return self

    def __deepcopy__(self, memo: dict) -> _Handle:  # copies of the dataset share the one stream
        return self


def _unpicklable(ident: int) -> None:
    raise CotforgeError("a cotforge stream lives in one process: use dataloader_num_workers=0")


def _rows_of(stream: _Handle) -> Iterator[Row]:
    yield from stream.stream
