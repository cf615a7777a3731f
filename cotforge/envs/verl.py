"""verl adapters: a curriculum sampler and a data generator, loaded by verl from its config.

- :class:`CurriculumSampler` (verl's ``AbstractCurriculumSampler``) draws from a verl dataset
  exported at several levels (``cotforge export --format verl`` of a run over levels 1-5): each
  draw picks a task, takes the curriculum's current level for it, and serves an unused item of
  that (task, level). verl calls ``update(batch)`` after each step; the rewards in
  ``batch.batch["token_level_scores"]`` with the rows' ``extra_info`` move the levels.
  Config: ``data.sampler.class_path=pkg://cotforge.envs.verl data.sampler.class_name=CurriculumSampler
  data.dataloader_num_workers=0`` and, optionally, ``+data.cotforge_curriculum={raise_at: 0.8, window: 32, seed: 0}``.
- :class:`StreamDataGenerator` (verl's ``AbstractDataGenerator``, for ``DynamicGenDataset``) appends
  fresh, never-repeated problems from a :class:`~cotforge.envs.Stream` after every batch.
  Config: ``data.datagen.path=pkg://cotforge.envs.verl data.datagen.name=StreamDataGenerator`` with
  ``tasks``, ``seed``, ``level``, ``rows_per_batch`` beside them.

verl is imported when it is installed; without it the classes still import (for reading and
tests), on plain bases.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sized
from typing import Any

from cotforge.core.errors import ConfigError
from cotforge.envs.curriculum import Curriculum
from cotforge.envs.stream import Stream

try:  # verl's interfaces, when verl is installed
    from verl.experimental.dataset.sampler import AbstractCurriculumSampler as _SamplerBase
except ImportError:  # pragma: no cover - depends on the environment
    _SamplerBase = object
try:
    from verl.experimental.dynamic_dataset.dynamicgen_dataset import AbstractDataGenerator as _DataGenBase
except ImportError:  # pragma: no cover - depends on the environment
    _DataGenBase = object


def _settings(config: Any, key: str | None = None) -> dict[str, Any]:
    """A plain dict of ``config`` (an omegaconf DictConfig or a mapping), or of its ``key`` entry."""
    if config is None:
        return {}
    if key is not None:
        config = config.get(key) if hasattr(config, "get") else None
        if config is None:
            return {}
    try:
        from omegaconf import OmegaConf

        if OmegaConf.is_config(config):
            return dict(OmegaConf.to_container(config, resolve=True))
    except ImportError:  # pragma: no cover
        pass
    return dict(config) if isinstance(config, Mapping) else {}


def _extra_infos(data_source: Sized) -> list[Mapping[str, Any]]:
    frame = getattr(data_source, "dataframe", None)  # verl's RLHFDataset keeps its rows here
    if frame is not None:
        return list(frame["extra_info"])
    return [data_source[i]["extra_info"] for i in range(len(data_source))]  # type: ignore[index]


class CurriculumSampler(_SamplerBase):
    """Indices of a cotforge verl dataset, each task at the level its measured reward earns."""

    def __init__(self, data_source: Sized, data_config: Any) -> None:
        settings = _settings(data_config, "cotforge_curriculum")
        self.seed = int(settings.pop("seed", 0))
        start = settings.pop("start", None)
        self.size = len(data_source)
        self.pools: dict[tuple[str, int], list[int]] = {}
        for index, info in enumerate(_extra_infos(data_source)):
            if not isinstance(info, Mapping) or "task" not in info or "level" not in info:
                raise ConfigError(f"CurriculumSampler: row {index} has no cotforge extra_info (task, level); "
                                  "use a dataset written by `cotforge export --format verl`")
            self.pools.setdefault((str(info["task"]), int(info["level"])), []).append(index)
        if not self.pools:
            raise ConfigError("CurriculumSampler: the dataset is empty")
        tasks = sorted({task for task, _ in self.pools})
        lowest = {t: min(level for task, level in self.pools if task == t) for t in tasks}
        self.curriculum = Curriculum(tasks, start=start if start is not None else lowest, config=settings or None)
        self.rng = random.Random(self.seed)
        self.used: dict[tuple[str, int], int] = {}
        for key in sorted(self.pools):
            self.rng.shuffle(self.pools[key])

    def _level(self, task: str) -> int:
        """The curriculum's level, or the nearest level the dataset has items at."""
        want = self.curriculum.level(task)
        levels = sorted(level for t, level in self.pools if t == task)
        return min(levels, key=lambda level: (abs(level - want), -level))

    def _draw(self) -> int:
        task = self.rng.choice(sorted({t for t, _ in self.pools}))
        key = (task, self._level(task))
        pool, used = self.pools[key], self.used.get(key, 0)
        if used == len(pool):  # every item of this (task, level) served: a new pass, reshuffled
            self.rng.shuffle(pool)
            used = 0
        self.used[key] = used + 1
        return pool[used]

    def __iter__(self) -> Iterator[int]:
        for _ in range(self.size):  # lazily: each index is chosen when verl asks, after earlier updates
            yield self._draw()

    def __len__(self) -> int:
        return self.size

    def update(self, batch: Any) -> None:
        """verl's hook after each step: each row's reward (its token-level scores summed) to the curriculum."""
        infos = batch.non_tensor_batch["extra_info"]
        scores = batch.batch["token_level_scores"].sum(dim=-1).tolist()
        for info, reward in zip(infos, scores, strict=True):
            self.curriculum.update(str(info["task"]), int(info["level"]), float(reward))

    def state_dict(self) -> dict[str, Any]:
        version, internal, gauss = self.rng.getstate()
        return {"curriculum": self.curriculum.state_dict(), "rng": [version, list(internal), gauss],
                "used": {f"{t}/{lvl}": n for (t, lvl), n in self.used.items()},
                "pools": {f"{t}/{lvl}": list(p) for (t, lvl), p in self.pools.items()}}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        def key(text: str) -> tuple[str, int]:
            task, level = text.rsplit("/", 1)
            return task, int(level)

        self.curriculum.load_state_dict(state["curriculum"])
        version, internal, gauss = state["rng"]
        self.rng.setstate((version, tuple(internal), gauss))
        self.used = {key(k): int(v) for k, v in state["used"].items()}
        self.pools = {key(k): [int(i) for i in v] for k, v in state["pools"].items()}


class StreamDataGenerator(_DataGenBase):
    """Fresh problems after every batch, from a de-duplicated stream, as verl rows."""

    def __init__(self, config: Any = None) -> None:
        self.config = config
        settings = _settings(config)
        for key in ("path", "name"):  # verl's own keys for finding this class
            settings.pop(key, None)
        self.rows_per_batch = int(settings.pop("rows_per_batch", 64))
        if self.rows_per_batch < 1:
            raise ConfigError(f"StreamDataGenerator: rows_per_batch must be >= 1, got {self.rows_per_batch}")
        try:
            self.stream = Stream(settings.pop("tasks", None), **settings)
        except TypeError as exc:  # a setting Stream does not have
            raise ConfigError(f"StreamDataGenerator: {exc}") from None
        self.made = 0

    def generate(self, dataset: Any = None) -> Any:
        """The next ``rows_per_batch`` rows, as a ``datasets.Dataset`` in the verl export's layout."""
        import datasets

        from cotforge.pipelines.formats.verl import verl_row

        rows = [verl_row(row, self.made + i) for i, row in enumerate(self.stream.take(self.rows_per_batch))]
        self.made += len(rows)
        return datasets.Dataset.from_list(rows)
