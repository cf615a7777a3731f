"""GRPO trains from the stream on a tiny model, and the rewards move the curriculum."""

from __future__ import annotations

from pathlib import Path

import torch

import cotforge
from cotforge.envs import StreamReward
from tiny_lm import build_tiny_lm

torch.set_num_threads(1)


def test_grpo_trains_from_the_stream_and_the_curriculum_moves(tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import GRPOConfig, GRPOTrainer

    tasks = ["linear_equation", "syllogism"]
    texts = [r["prompt"][0]["content"] + " " + r["answer"] for t in tasks for r in cotforge.make(t, level=3, n=20)]
    lm = build_tiny_lm(tmp_path / "lm", texts)
    # a random model earns nothing: with a window of 2 completions, each task steps down from level 3
    stream = cotforge.stream(tasks, seed=0, level=3, curriculum={"window": 2, "lower_at": 0.5, "raise_at": 0.9})
    tokenizer = AutoTokenizer.from_pretrained(lm)
    templated: list = []
    template = tokenizer.apply_chat_template

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        templated.append(kwargs.get("conversation", args[0] if args else None))
        return template(*args, **kwargs)

    tokenizer.apply_chat_template = recording  # type: ignore[method-assign]
    reward = StreamReward(stream)
    args = GRPOConfig(output_dir=str(tmp_path / "out"), max_steps=4, per_device_train_batch_size=2, num_generations=2,
                      max_completion_length=8, shuffle_dataset=False, report_to="none", save_strategy="no", use_cpu=True,
                      logging_steps=1, learning_rate=1e-3)
    trainer = GRPOTrainer(model=AutoModelForCausalLM.from_pretrained(lm), processing_class=tokenizer,
                          reward_funcs=[reward], args=args, train_dataset=stream.as_dataset())
    trainer.train()
    assert trainer.state.global_step == 4 and reward.calls == 4
    state = stream.state_dict()["curriculum"]
    assert state["scored"] > 0 and state["history"], state
    assert all(move["to"] < move["from"] for move in state["history"])
    assert any(level < 3 for level in state["levels"].values())
    logged = {k for log in trainer.state.log_history for k in log}
    assert {f"cotforge/level/{t}" for t in state["levels"] if any(h["task"] == t for h in state["history"])} <= logged
    prompts = [m for batch in templated if batch for m in batch]
    assert prompts and all(p[0]["role"] == "user" and "Reason step by step" in p[0]["content"] for p in prompts)
