"""Each view drops into its TRL trainer: two optimisation steps of a tiny model on CPU."""

from __future__ import annotations

from pathlib import Path

import datasets
import pytest
import torch

from cotforge.verifiers.rewards import verified_reward
from tiny_lm import build_tiny_lm

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def lm(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    texts = [r["completion"] + " " + r["prompt"] for r in datasets.load_dataset(str(exported), "sft")["train"]]
    return build_tiny_lm(tmp_path_factory.mktemp("tiny-lm"), texts)


def view(folder: Path, name: str, columns: list[str] | None = None) -> datasets.Dataset:
    data = datasets.load_dataset(str(folder), name)["train"]
    return data.select_columns(columns) if columns else data


def common(tmp_path: Path) -> dict:
    return {"output_dir": str(tmp_path), "max_steps": 2, "per_device_train_batch_size": 2, "report_to": "none",
            "save_strategy": "no", "use_cpu": True, "logging_steps": 1, "learning_rate": 1e-3}


def _trained(trainer) -> None:  # type: ignore[no-untyped-def]
    result = trainer.train()
    assert result.global_step == 2
    assert all(torch.isfinite(torch.tensor(log["loss"])) for log in trainer.state.log_history if "loss" in log)


def test_sft_view_in_sft_trainer(exported: Path, lm: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    trainer = SFTTrainer(
        model=AutoModelForCausalLM.from_pretrained(lm),
        processing_class=AutoTokenizer.from_pretrained(lm),
        args=SFTConfig(max_length=512, **common(tmp_path)),
        train_dataset=view(exported, "sft", ["messages"]),
    )
    _trained(trainer)


def test_prm_view_in_prm_trainer(exported: Path, lm: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForTokenClassification, AutoTokenizer
    from trl.experimental.prm import PRMConfig, PRMTrainer

    trainer = PRMTrainer(
        model=AutoModelForTokenClassification.from_pretrained(lm, num_labels=2),
        processing_class=AutoTokenizer.from_pretrained(lm),
        args=PRMConfig(max_length=512, **common(tmp_path)),
        train_dataset=view(exported, "prm", ["prompt", "completions", "labels"]),
    )
    _trained(trainer)


def test_dpo_view_in_dpo_trainer(exported: Path, lm: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import DPOConfig, DPOTrainer

    trainer = DPOTrainer(
        model=AutoModelForCausalLM.from_pretrained(lm),
        processing_class=AutoTokenizer.from_pretrained(lm),
        args=DPOConfig(max_length=512, **common(tmp_path)),
        train_dataset=view(exported, "dpo", ["prompt", "chosen", "rejected"]),
    )
    _trained(trainer)


def test_rl_view_in_grpo_trainer_with_our_reward(exported: Path, lm: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import GRPOConfig, GRPOTrainer

    seen: list[float | None] = []

    def reward(**kwargs):  # type: ignore[no-untyped-def]
        scores = verified_reward(**kwargs)
        seen.extend(scores)
        return scores

    args = GRPOConfig(num_generations=2, max_completion_length=8, **common(tmp_path))
    trainer = GRPOTrainer(
        model=AutoModelForCausalLM.from_pretrained(lm),
        processing_class=AutoTokenizer.from_pretrained(lm),
        reward_funcs=[reward],
        args=args,
        train_dataset=view(exported, "rl"),
    )
    trainer.train()
    assert trainer.state.global_step == 2
    assert seen and all(s in (0.0, 1.0, None) for s in seen)
