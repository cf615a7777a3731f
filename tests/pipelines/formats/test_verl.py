"""verl: the parquet reads as verl's RLHFDataset reads it (datasets' parquet loader, chat messages)
with verl's documented columns, and compute_score, loaded by path as verl loads a custom reward,
scores every task's gold 1.0 and a perturbed answer 0.0.

verl itself does not install here (0.9.1 needs transformers < 5.11; the venv has 5.23), so the
layout is checked against its documented schema."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import datasets
import pytest

from cotforge.core.errors import ConfigError
from cotforge.pipelines.formats import write_format


def load_by_path(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("custom_module", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return getattr(module, name)


def test_verl_export_schema_and_reward_over_every_task(every_task: list, tmp_path: Path) -> None:
    folder = tmp_path / "verl"
    assert write_format("verl", [row for row, _, _ in every_task], folder) == len(every_task)
    data = datasets.load_dataset("parquet", data_files=str(folder / "train.parquet"))["train"]
    message = {"role": datasets.Value("string"), "content": datasets.Value("string")}
    assert data.features["data_source"] == datasets.Value("string") and data.features["ability"] == datasets.Value("string")
    assert data.features["prompt"] == datasets.List(message)
    assert data.features["reward_model"] == {"style": datasets.Value("string"), "ground_truth": datasets.Value("string")}
    assert {"index", "split", "payload", "verifier"} <= set(data.features["extra_info"])
    compute_score = load_by_path(folder / "reward.py", "compute_score")
    for example, (row, gold, wrong) in zip(data, every_task):
        assert example["data_source"] == "cotforge/" + row["metadata"]["task"]
        assert example["prompt"] == row["prompt"] and example["reward_model"]["style"] == "rule"
        truth, extra = example["reward_model"]["ground_truth"], example["extra_info"]
        assert compute_score(example["data_source"], gold, truth, extra)["score"] == 1.0, (row["id"], gold)
        bad = compute_score(example["data_source"], wrong, truth, extra)
        assert bad["score"] == 0.0 and bad["checked"] == 1.0, (row["id"], wrong, bad)
    with pytest.raises(ConfigError, match="extra_info must carry"):
        compute_score("cotforge/sudoku", "x", "y", {"split": "train"})


def test_a_folder_cotforge_did_not_write_is_refused(every_task: list, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(ConfigError, match="was not written by `cotforge export --format`"):
        write_format("verl", [every_task[0][0]], folder)
    assert (folder / "notes.txt").read_text() == "mine"
    again = tmp_path / "again"
    write_format("verl", [every_task[0][0]], again)
    write_format("verl", [every_task[1][0]], again)  # its own folder: replaced
    assert datasets.load_dataset("parquet", data_files=str(again / "train.parquet"))["train"].num_rows == 1
