"""Supervised fine-tuning with TRL: prompt/completion pairs in, a new local model folder out.

``train_sft`` is the SFT step of ``cotforge evolve`` and of the answer-only control: the pairs
go to TRL's ``SFTTrainer`` as conversational prompt/completion rows, so the model's own chat
template is applied and the loss falls on the completion only. With ``lora`` the adapters
(peft) are merged back before saving, so every round's policy is an ordinary folder that any
backend loads. The folder is written under a temporary name and renamed when complete: a
killed training leaves no folder that looks finished, and an existing folder is never
overwritten. ``train.json`` inside it records the settings, the data size and the losses.

``train_prm`` trains a process reward model the same way from cotforge's own ``prm`` view, with TRL's
``PRMTrainer`` (a token-classification head read at the end of each step); by default only the head
is trained, on top of the frozen language model, which is what fits a CPU. ``cotforge.solvers.lm.prm``
reads it back to score a model's proposed steps during search.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cotforge.core.errors import ConfigError

TRAIN_LOG = "train.json"
PRM_SEPARATOR = "\n\n"
"""What ends each step in a process reward model's input (as between the steps of a chain)."""


@dataclass(frozen=True, slots=True)
class LoraSettings:
    """Low-rank adapters (peft) on ``targets``; merged into the weights when training ends."""

    rank: int = 8
    alpha: int = 16
    dropout: float = 0.0
    targets: tuple[str, ...] = ("q_proj", "k_proj", "v_proj", "o_proj")

    def __post_init__(self) -> None:
        if self.rank < 1 or self.alpha < 1:
            raise ConfigError(f"lora rank and alpha must be at least 1, got rank={self.rank}, alpha={self.alpha}")
        if not 0 <= self.dropout < 1:
            raise ConfigError(f"lora dropout must be in [0, 1), got {self.dropout}")
        if not self.targets:
            raise ConfigError("lora targets must name at least one module")


@dataclass(frozen=True, slots=True)
class TrainSettings:
    """How long and how hard one SFT step trains."""

    steps: int = 100
    """Optimiser steps (the data is cycled as often as that needs)."""
    batch_size: int = 8
    learning_rate: float = 5e-4
    max_length: int = 512
    """Longest prompt + completion in tokens; longer rows are cut by TRL."""
    warmup_ratio: float = 0.05
    seed: int = 0
    threads: int | None = None
    """torch threads while training (None: leave torch's setting)."""
    lora: LoraSettings | None = None
    """Train low-rank adapters instead of every weight."""
    gradient_checkpointing: bool = True
    """Recompute activations in the backward pass (TRL's default): less memory for about a third more compute."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Further ``trl.SFTConfig`` fields, passed as they are."""

    def __post_init__(self) -> None:
        for name in ("steps", "batch_size", "max_length"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1, got {getattr(self, name)}")
        if not 0 < self.learning_rate < 1:
            raise ConfigError(f"learning_rate must be in (0, 1), got {self.learning_rate}")


def conversational(pairs: Sequence[tuple[str, str]]) -> list[dict[str, list[dict[str, str]]]]:
    """(prompt, completion) text pairs as TRL's conversational prompt/completion rows."""
    return [{"prompt": [{"role": "user", "content": p}], "completion": [{"role": "assistant", "content": c}]} for p, c in pairs]


def sft_pairs(folder: str | Path, config: str = "sft") -> list[tuple[str, str]]:
    """The (prompt, completion) pairs of a cotforge dataset folder's ``sft`` view (train split)."""
    import pyarrow.parquet as pq

    files = sorted((Path(folder) / "data" / config).glob("train-*.parquet"))
    if not files:
        raise ConfigError(f"{folder} has no {config} view (data/{config}/train-*.parquet): is it a cotforge output folder?")
    return [(r["prompt"], r["completion"]) for f in files for r in pq.read_table(f, columns=["prompt", "completion"]).to_pylist()]


def train_sft(model: str | Path, pairs: Sequence[tuple[str, str]], out: str | Path, settings: TrainSettings = TrainSettings()) -> dict[str, Any]:
    """Fine-tune the model in folder ``model`` on ``pairs``; write the result to the new folder ``out``.

    Returns what ``train.json`` records: rows, steps, first and last loss, seconds, trained parameters.
    """
    source, target = Path(model), Path(out)
    if not source.is_dir():
        raise ConfigError(f"model folder not found: {source} (models load from a local path; nothing is downloaded)")
    if target.exists():
        raise ConfigError(f"{target} exists: training writes a new model folder and never overwrites one")
    if not pairs:
        raise ConfigError("no training rows: SFT needs at least one (prompt, completion) pair")
    try:
        import torch
        from datasets import Dataset
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from trl import SFTConfig, SFTTrainer
    except ImportError:
        raise ConfigError("training needs torch, transformers and trl: pip install 'cotforge[train]'") from None
    if settings.threads:
        torch.set_num_threads(settings.threads)
    tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
    if not getattr(tokenizer, "chat_template", None):
        raise ConfigError(f"the tokenizer in {source} has no chat template: SFT on prompt/completion pairs needs one")
    network = AutoModelForCausalLM.from_pretrained(source, local_files_only=True)
    if settings.lora is not None:
        network = _with_lora(network, settings.lora)
    trainable = sum(p.numel() for p in network.parameters() if p.requires_grad)
    scratch = target.with_name(f".{target.name}.training")
    shutil.rmtree(scratch, ignore_errors=True)  # what a killed training left: never a finished folder
    args = SFTConfig(output_dir=str(scratch / "trainer"), max_steps=settings.steps, per_device_train_batch_size=settings.batch_size,
                     learning_rate=settings.learning_rate, warmup_steps=int(settings.warmup_ratio * settings.steps), max_length=settings.max_length,
                     lr_scheduler_type="cosine", logging_steps=max(1, settings.steps // 20), save_strategy="no",
                     report_to="none", use_cpu=not torch.cuda.is_available(), seed=settings.seed, data_seed=settings.seed, disable_tqdm=True,
                     gradient_checkpointing=settings.gradient_checkpointing, **settings.extra)
    started = time.perf_counter()
    trainer = SFTTrainer(model=network, processing_class=tokenizer, args=args, train_dataset=Dataset.from_list(conversational(pairs)))
    result = trainer.train()
    losses = [log["loss"] for log in trainer.state.log_history if "loss" in log]
    trained: Any = trainer.model  # a PreTrainedModel (a PeftModel under LoRA): torch's Module typing hides their methods
    if settings.lora is not None:
        trained = trained.merge_and_unload()
    folder = scratch / "model"
    trained.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    log = {"base": str(source), "rows": len(pairs), "steps": int(result.global_step), "trainable_parameters": int(trainable),
           "loss_first": losses[0] if losses else None, "loss_last": losses[-1] if losses else None, "losses": losses,
           "seconds": round(time.perf_counter() - started, 1), "settings": _jsonable(asdict(settings))}
    (folder / TRAIN_LOG).write_text(json.dumps(log, indent=1))
    target.parent.mkdir(parents=True, exist_ok=True)
    folder.rename(target)
    shutil.rmtree(scratch, ignore_errors=True)
    return log


def _with_lora(network: Any, lora: LoraSettings) -> Any:
    try:
        from peft import LoraConfig, get_peft_model
    except ImportError:
        raise ConfigError("LoRA needs peft: pip install 'cotforge[train]' (peft==0.21.2)") from None
    names = {name.rsplit(".", 1)[-1] for name, _ in network.named_modules()}
    missing = [t for t in lora.targets if t not in names]
    if missing:
        raise ConfigError(f"lora targets {missing} are not modules of this model (it has e.g. {sorted(names)[:8]})")
    config = LoraConfig(r=lora.rank, lora_alpha=lora.alpha, lora_dropout=lora.dropout, target_modules=list(lora.targets), task_type="CAUSAL_LM")
    return get_peft_model(network, config)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def prm_rows(folder: str | Path) -> list[dict[str, Any]]:
    """The ``prompt``, ``completions``, ``labels`` rows of a cotforge dataset folder's ``prm`` view (train split)."""
    import pyarrow.parquet as pq

    files = sorted((Path(folder) / "data" / "prm").glob("train-*.parquet"))
    if not files:
        raise ConfigError(f"{folder} has no prm view (data/prm/train-*.parquet): is it a cotforge output folder?")
    return [r for f in files for r in pq.read_table(f, columns=["prompt", "completions", "labels"]).to_pylist()]


def train_prm(model: str | Path, rows: Sequence[dict[str, Any]], out: str | Path, settings: TrainSettings = TrainSettings(),
              head_only: bool = True) -> dict[str, Any]:
    """Train a process reward model on ``prm`` rows (TRL's ``PRMTrainer``) from the language model in ``model``;
    write it to the new folder ``out``. ``head_only``: train the classification head alone, the rest frozen."""
    source, target = Path(model), Path(out)
    if not source.is_dir():
        raise ConfigError(f"model folder not found: {source} (models load from a local path; nothing is downloaded)")
    if target.exists():
        raise ConfigError(f"{target} exists: training writes a new model folder and never overwrites one")
    rows = [r for r in rows if r["completions"]]
    labels = {bool(label) for r in rows for label in r["labels"]}
    if labels != {True, False}:
        raise ConfigError(f"a process reward model needs sound and unsound steps; the rows hold only {sorted(labels) or 'none'} "
                          "(search with wrong_moves >= 1 for labelled negatives)")
    try:
        import torch
        from datasets import Dataset
        from transformers import AutoModelForTokenClassification, AutoTokenizer
        from trl.experimental.prm import PRMConfig, PRMTrainer
    except ImportError:
        raise ConfigError("training a PRM needs torch, transformers and trl 1.13: pip install 'cotforge[train]'") from None
    if settings.threads:
        torch.set_num_threads(settings.threads)
    tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=True)
    network = AutoModelForTokenClassification.from_pretrained(source, local_files_only=True, num_labels=2)
    if head_only:
        head = {n for n, _ in network.named_children()} - {network.base_model_prefix}
        for name, parameter in network.named_parameters():
            parameter.requires_grad = name.split(".", 1)[0] in head
    trainable = sum(p.numel() for p in network.parameters() if p.requires_grad)
    scratch = target.with_name(f".{target.name}.training")
    shutil.rmtree(scratch, ignore_errors=True)
    args = PRMConfig(output_dir=str(scratch / "trainer"), max_steps=settings.steps, per_device_train_batch_size=settings.batch_size,
                     learning_rate=settings.learning_rate, max_length=settings.max_length, step_separator=PRM_SEPARATOR,
                     logging_steps=max(1, settings.steps // 20), save_strategy="no", report_to="none", use_cpu=not torch.cuda.is_available(),
                     seed=settings.seed, data_seed=settings.seed, disable_tqdm=True, **settings.extra)
    data = Dataset.from_list([{"prompt": r["prompt"], "completions": list(r["completions"]), "labels": [bool(x) for x in r["labels"]]}
                              for r in rows])
    started = time.perf_counter()
    trainer = PRMTrainer(model=network, processing_class=tokenizer, args=args, train_dataset=data)
    result = trainer.train()
    losses = [log["loss"] for log in trainer.state.log_history if "loss" in log]
    folder = scratch / "model"
    trained: Any = trainer.model  # a PreTrainedModel: torch's Module typing hides its methods
    trained.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    log = {"base": str(source), "kind": "prm", "rows": len(rows), "steps": int(result.global_step), "trainable_parameters": int(trainable),
           "separator": PRM_SEPARATOR, "loss_first": losses[0] if losses else None, "loss_last": losses[-1] if losses else None,
           "losses": losses, "seconds": round(time.perf_counter() - started, 1), "settings": _jsonable(asdict(settings))}
    (folder / TRAIN_LOG).write_text(json.dumps(log, indent=1))
    target.parent.mkdir(parents=True, exist_ok=True)
    folder.rename(target)
    shutil.rmtree(scratch, ignore_errors=True)
    return log
