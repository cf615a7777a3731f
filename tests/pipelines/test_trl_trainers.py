"""Each view drops into its TRL trainer as a user loads it (``load_dataset(OUT, name)``, no glue
code): two optimisation steps of a tiny model on CPU, and what the trainer made of the rows."""

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
    rows = datasets.load_dataset(str(exported), "sft")["train"]
    texts = [r["prompt"][0]["content"] + " " + r["completion"][0]["content"] for r in rows]
    return build_tiny_lm(tmp_path_factory.mktemp("tiny-lm"), texts)


def view(folder: Path, name: str) -> datasets.Dataset:
    return datasets.load_dataset(str(folder), name)["train"]


def common(tmp_path: Path) -> dict:
    return {"output_dir": str(tmp_path), "max_steps": 2, "per_device_train_batch_size": 2, "report_to": "none",
            "save_strategy": "no", "use_cpu": True, "logging_steps": 1, "learning_rate": 1e-3}


def _trained(trainer) -> None:  # type: ignore[no-untyped-def]
    result = trainer.train()
    assert result.global_step == 2
    assert all(torch.isfinite(torch.tensor(log["loss"])) for log in trainer.state.log_history if "loss" in log)


def test_sft_view_in_sft_trainer_templates_and_masks_the_prompt(exported: Path, lm: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    rows = view(exported, "sft")
    tokenizer = AutoTokenizer.from_pretrained(lm)
    trainer = SFTTrainer(model=AutoModelForCausalLM.from_pretrained(lm), processing_class=tokenizer,
                         args=SFTConfig(max_length=2048, **common(tmp_path)), train_dataset=rows)
    for i in range(3):
        example, row = trainer.train_dataset[i], rows[i]
        text = tokenizer.decode(example["input_ids"])
        question, answer = row["prompt"][0]["content"], row["completion"][0]["content"]
        assert text == f"<|user|>{question}</s><|assistant|>{answer}</s>"  # the chat template, whole
        assert "Reason step by step" in question  # the answer-format hint is in the prompt
        learned = [t for t, label in zip(example["input_ids"], example["labels"]) if label != -100]
        assert tokenizer.decode(learned) == f"{answer}</s>"  # the loss covers the completion only
        first = example["labels"].index(next(label for label in example["labels"] if label != -100))
        assert tokenizer.decode(example["input_ids"][:first]) == f"<|user|>{question}</s><|assistant|>"
    assert rows[0]["messages"] == rows[0]["prompt"] + rows[0]["completion"]  # kept for users who want it
    _trained(trainer)


def test_prm_view_in_prm_trainer(exported: Path, lm: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForTokenClassification, AutoTokenizer
    from trl.experimental.prm import PRMConfig, PRMTrainer

    trainer = PRMTrainer(
        model=AutoModelForTokenClassification.from_pretrained(lm, num_labels=2),
        processing_class=AutoTokenizer.from_pretrained(lm),
        args=PRMConfig(max_length=512, **common(tmp_path)),
        train_dataset=view(exported, "prm").select_columns(["prompt", "completions", "labels"]),
    )
    _trained(trainer)


def test_dpo_view_in_dpo_trainer(exported: Path, lm: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import DPOConfig, DPOTrainer

    pairs = view(exported, "dpo")
    sft = {r["id"]: r["prompt"][0]["content"] for r in view(exported, "sft")}
    assert all(r["prompt"].startswith(sft[r["id"]]) for r in pairs)  # the same prompt as sft and rl
    trainer = DPOTrainer(
        model=AutoModelForCausalLM.from_pretrained(lm),
        processing_class=AutoTokenizer.from_pretrained(lm),
        args=DPOConfig(max_length=512, **common(tmp_path)),
        train_dataset=pairs,
    )
    _trained(trainer)


def test_rl_view_in_grpo_trainer_with_chat_template_and_both_rewards(exported: Path, lm: Path, tmp_path: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import GRPOConfig, GRPOTrainer
    from trl.rewards import accuracy_reward

    rows = view(exported, "rl")
    tokenizer = AutoTokenizer.from_pretrained(lm)
    templated: list = []
    template = tokenizer.apply_chat_template

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        templated.append(kwargs.get("conversation", args[0] if args else None))
        return template(*args, **kwargs)

    tokenizer.apply_chat_template = recording  # type: ignore[method-assign]
    seen: list[float | None] = []
    prompts_seen: list = []

    def reward(prompts, **kwargs):  # type: ignore[no-untyped-def]
        prompts_seen.extend(prompts)
        scores = verified_reward(**kwargs)
        seen.extend(scores)
        return scores

    trainer = GRPOTrainer(
        model=AutoModelForCausalLM.from_pretrained(lm),
        processing_class=tokenizer,
        reward_funcs=[reward, accuracy_reward],
        args=GRPOConfig(num_generations=2, max_completion_length=8, **common(tmp_path)),
        train_dataset=rows,
    )
    trainer.train()
    assert trainer.state.global_step == 2
    assert seen and all(s in (0.0, 1.0, None) for s in seen)
    asked = [m for batch in templated if batch for m in batch]
    assert prompts_seen and all(p in asked for p in prompts_seen)  # every prompt went through the chat template
    assert all(p[0]["role"] == "user" and "Reason step by step" in p[0]["content"] for p in prompts_seen)


def test_rl_solution_column_grades_the_sft_answer_with_trls_accuracy_reward(exported: Path) -> None:
    from trl.rewards import accuracy_reward

    rl = view(exported, "rl")
    sft = {r["id"]: r["completion"] for r in view(exported, "sft")}
    math = rl.filter(lambda r: r["domain"] == "math")
    assert math.num_rows > 0 and all(s.startswith("$") for s in math["solution"])
    assert accuracy_reward([sft[i] for i in math["id"]], math["solution"]) == [1.0] * math.num_rows
    wrong = [[{"role": "assistant", "content": "The final answer is $\\boxed{123456}$."}]] * math.num_rows
    assert accuracy_reward(wrong, math["solution"]) == [0.0] * math.num_rows
    other = rl.filter(lambda r: r["domain"] != "math")  # not Math-Verify's to grade: skipped, never misgraded
    assert accuracy_reward([sft[i] for i in other["id"]], other["solution"]) == [None] * other.num_rows


@pytest.mark.parametrize("level", [1, 3, 5])
def test_every_math_gold_reads_in_math_verify_through_the_solution_column(level: int) -> None:
    import random

    import cotforge
    from cotforge.core.registry import TASKS
    from cotforge.pipelines.views.rl import solution
    from cotforge.pipelines.views.text import final_line
    from trl.rewards import accuracy_reward

    for task in cotforge.tasks("math"):
        generator = TASKS.get(task).from_level(level, seed=1)
        for i, row in enumerate(cotforge.make(task, level=level, seed=1, n=3)):
            gold = [{"role": "assistant", "content": "Work.\n\n" + final_line("math", row["answer"])}]
            wrong = [{"role": "assistant", "content": final_line("math", generator.perturb(generator.generate(i), random.Random(i)))}]
            graded = accuracy_reward([gold, wrong], [solution("math", row["answer"])] * 2)
            assert graded == [1.0, 0.0], (task, row["answer"], graded)
