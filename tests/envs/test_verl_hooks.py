"""verl's curriculum sampler and data generator hooks, against verl's interfaces.

verl does not install here (0.9.1 needs transformers < 5.11), so its two abstract bases are
re-declared as verl's source declares them (``verl.experimental.dataset.sampler`` and
``verl.experimental.dynamic_dataset.dynamicgen_dataset``), and the batch verl hands to
``update`` is built with the fields its trainer fills (``non_tensor_batch["extra_info"]``,
``batch["token_level_scores"]``)."""

from __future__ import annotations

import importlib
import json
import sys
import types
from abc import ABC, abstractmethod
from pathlib import Path

import datasets
import numpy as np
import pytest
import torch

import cotforge
from cotforge.pipelines.formats import write_format


class AbstractCurriculumSampler(torch.utils.data.Sampler, ABC):
    @abstractmethod
    def update(self, batch) -> None:  # type: ignore[no-untyped-def]
        ...


class AbstractDataGenerator(ABC):
    def __init__(self, config):  # type: ignore[no-untyped-def]
        self.config = config

    @abstractmethod
    def generate(self, dataset):  # type: ignore[no-untyped-def]
        ...


@pytest.fixture
def adapters(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    for name in ("verl", "verl.experimental", "verl.experimental.dataset", "verl.experimental.dynamic_dataset"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    sampler = types.ModuleType("verl.experimental.dataset.sampler")
    sampler.AbstractCurriculumSampler = AbstractCurriculumSampler  # type: ignore[attr-defined]
    datagen = types.ModuleType("verl.experimental.dynamic_dataset.dynamicgen_dataset")
    datagen.AbstractDataGenerator = AbstractDataGenerator  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, sampler.__name__, sampler)
    monkeypatch.setitem(sys.modules, datagen.__name__, datagen)
    import cotforge.envs.verl as module

    yield importlib.reload(module)
    monkeypatch.undo()
    importlib.reload(module)


class Frame:
    """verl's RLHFDataset keeps its rows in ``dataframe``."""

    def __init__(self, path: Path) -> None:
        self.dataframe = datasets.load_dataset("parquet", data_files=str(path))["train"]

    def __len__(self) -> int:
        return len(self.dataframe)


def batch_of(frame: Frame, indices: list[int], reward: float) -> types.SimpleNamespace:
    infos = np.array([frame.dataframe[i]["extra_info"] for i in indices], dtype=object)
    scores = torch.zeros(len(indices), 5)
    scores[:, -1] = reward  # verl puts a sequence's reward on its last token
    return types.SimpleNamespace(non_tensor_batch={"extra_info": infos}, batch={"token_level_scores": scores})


def test_the_sampler_moves_each_task_by_reward_and_resumes(adapters, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [r for t in ("linear_equation", "syllogism") for lvl in (1, 2, 3) for r in cotforge.make(t, level=lvl, n=6)]
    write_format("verl", rows, tmp_path / "verl")
    frame = Frame(tmp_path / "verl" / "train.parquet")
    config = {"cotforge_curriculum": {"window": 1, "seed": 3}}
    sampler = adapters.CurriculumSampler(data_source=frame, data_config=config)
    assert isinstance(sampler, AbstractCurriculumSampler) and len(sampler) == 36
    level = lambda i: frame.dataframe[i]["extra_info"]["level"]  # noqa: E731
    it = iter(sampler)
    first = [next(it) for _ in range(8)]
    assert {level(i) for i in first} == {1}  # every task starts at its lowest level
    sampler.update(batch_of(frame, first, 1.0))  # a model that solves everything
    assert sampler.curriculum.levels == {"linear_equation": 2, "syllogism": 2}
    state = json.loads(json.dumps(sampler.state_dict()))
    after = [next(it) for _ in range(8)]
    assert {level(i) for i in after} == {2}
    resumed = adapters.CurriculumSampler(data_source=frame, data_config=config)
    resumed.load_state_dict(state)
    assert [next(iter(resumed)) for _ in range(1)] == after[:1]
    sampler.update(batch_of(frame, after, 0.0))
    assert sampler.curriculum.levels == {"linear_equation": 1, "syllogism": 1}


def test_the_data_generator_appends_fresh_verl_rows(adapters) -> None:  # type: ignore[no-untyped-def]
    generator = adapters.StreamDataGenerator({"path": "pkg://cotforge.envs.verl", "name": "StreamDataGenerator",
                                              "tasks": ["linear_equation", "knights_knaves"], "seed": 1, "rows_per_batch": 5})
    assert isinstance(generator, AbstractDataGenerator)
    first, second = generator.generate(None), generator.generate(None)
    assert first.num_rows == second.num_rows == 5
    assert set(first.column_names) == {"data_source", "prompt", "ability", "reward_model", "extra_info"}
    assert not set(first["extra_info"][i]["id"] for i in range(5)) & set(second["extra_info"][i]["id"] for i in range(5))
    with pytest.raises(cotforge.core.errors.ConfigError, match="unexpected keyword argument 'levle'"):
        adapters.StreamDataGenerator({"levle": 2})
