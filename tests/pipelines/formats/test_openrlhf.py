"""OpenRLHF: the JSONL prompt/label layout and reward_func, loaded by path as OpenRLHF loads
``--remote_rm_url file.py``, called with (queries, prompts, labels) and returning its dict of
tensors; gold 1.0 and a perturbed answer 0.0 on every task.

OpenRLHF itself does not install here (it builds flash-attn, which needs CUDA), so the
contract is its documented one: queries are the templated prompt followed by the response."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import torch

from cotforge.pipelines.formats import write_format


def template(messages: list[dict]) -> str:
    return "".join(f"<|{m['role']}|>{m['content']}</s>" for m in messages) + "<|assistant|>"


def test_openrlhf_export_and_reward_func_over_every_task(every_task: list, tmp_path: Path) -> None:
    folder = tmp_path / "openrlhf"
    write_format("openrlhf", [row for row, _, _ in every_task], folder)
    lines = [json.loads(line) for line in (folder / "train.jsonl").read_text().splitlines()]
    assert len(lines) == len(every_task)
    assert all(isinstance(r["label"], str) and r["prompt"][0]["role"] == "user" for r in lines)
    spec = importlib.util.spec_from_file_location("reward_func", folder / "reward_func.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    prompts = [template(r["prompt"]) for r in lines]
    labels = [r["label"] for r in lines]
    for k, completions in ((1.0, [gold for _, gold, _ in every_task]), (0.0, [wrong for _, _, wrong in every_task])):
        out = module.reward_func([p + c for p, c in zip(prompts, completions)], prompts, labels)
        assert set(out) == {"rewards", "scores", "extra_logs"}
        assert isinstance(out["rewards"], torch.Tensor) and out["rewards"].shape == (len(lines),)
        failed = [lines[i]["id"] for i, r in enumerate(out["rewards"].tolist()) if r != k]
        assert not failed, (k, failed)
        assert out["extra_logs"]["cotforge_unchecked"].sum().item() == 0
