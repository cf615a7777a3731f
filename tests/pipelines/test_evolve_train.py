"""The SFT step of evolve: TRL on prompt/completion pairs, a new model folder per call, LoRA optional."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from cotforge.core.errors import ConfigError
from cotforge.pipelines.train import LoraSettings, TrainSettings, train_sft
from tiny_lm import build_tiny_lm

torch.set_num_threads(1)

PAIRS = [("What is 2 + 3?", "2 + 3 = 5\n\nThe final answer is $\\boxed{5}$."),
         ("What is 4 + 1?", "4 + 1 = 5\n\nThe final answer is $\\boxed{5}$.")]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_lm(tmp_path_factory.mktemp("base"), [p + " " + c for p, c in PAIRS] * 20)


def _weights(folder: Path) -> dict[str, torch.Tensor]:
    from transformers import AutoModelForCausalLM

    return dict(AutoModelForCausalLM.from_pretrained(folder).state_dict())


def test_sft_writes_a_new_trained_folder(base: Path, tmp_path: Path) -> None:
    out = tmp_path / "round-1"
    log = train_sft(base, PAIRS * 4, out, TrainSettings(steps=30, batch_size=4, learning_rate=1e-2))
    assert log["steps"] == 30 and log["rows"] == 8
    assert log["loss_last"] < log["loss_first"]  # it learned something from the pairs
    assert json.loads((out / "train.json").read_text())["steps"] == 30
    before, after = _weights(base), _weights(out)
    assert any(not torch.equal(before[k], after[k]) for k in before)
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())  # no scratch folder left behind
    with pytest.raises(ConfigError, match="never overwrites"):
        train_sft(base, PAIRS, out, TrainSettings(steps=1))


def test_lora_trains_few_weights_and_saves_a_plain_folder(base: Path, tmp_path: Path) -> None:
    out = tmp_path / "lora"
    log = train_sft(base, PAIRS, out, TrainSettings(steps=4, batch_size=2, learning_rate=1e-2, lora=LoraSettings(rank=2, alpha=4)))
    total = sum(t.numel() for t in _weights(base).values())
    assert 0 < log["trainable_parameters"] < total / 4
    assert not (out / "adapter_config.json").exists()  # merged: any backend loads it
    before, after = _weights(base), _weights(out)
    assert set(before) == set(after)
    assert any(not torch.equal(before[k], after[k]) for k in before if "self_attn" in k)
    assert all(torch.equal(before[k], after[k]) for k in before if "mlp" in k)


def test_bad_inputs_are_refused_in_one_line(base: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no training rows"):
        train_sft(base, [], tmp_path / "a")
    with pytest.raises(ConfigError, match="model folder not found"):
        train_sft(tmp_path / "missing", PAIRS, tmp_path / "b")
    with pytest.raises(ConfigError, match="not modules of this model"):
        train_sft(base, PAIRS, tmp_path / "c", TrainSettings(steps=1, lora=LoraSettings(targets=("nope",))))
    with pytest.raises(ConfigError, match="learning_rate"):
        TrainSettings(learning_rate=3.0)
