"""The verifiers library (0.3.1, its classic API): ``load_environment`` by module name from the
export folder, a SingleTurnEnv whose rubric scores with cotforge's scorer: gold 1.0 and a perturbed
answer 0.0 on every task, through the rubric's own scoring call."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from cotforge.pipelines.formats import write_format

vf = pytest.importorskip("verifiers")


def _state(example: dict, completion: str) -> dict:
    return {"prompt": example["prompt"], "completion": [{"role": "assistant", "content": completion}],
            "answer": example["answer"], "info": json.loads(example["info"]), "task": example["task"], "input": example}


def test_load_environment_scores_every_task_with_cotforges_rubric(every_task: list, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "verifiers"
    write_format("verifiers", [row for row, _, _ in every_task], folder)
    monkeypatch.syspath_prepend(str(folder))
    env = vf.load_environment("cotforge_env")
    assert isinstance(env, vf.SingleTurnEnv)
    examples = list(env.get_dataset())
    assert len(examples) == len(every_task)

    async def rewards(completions: list[str]) -> list[tuple[float, dict]]:
        out = []
        for example, completion in zip(examples, completions):
            state = _state(example, completion)
            await env.rubric.score_rollout(state)
            out.append((state["reward"], state["metrics"]))
        return out

    gold = asyncio.run(rewards([g for _, g, _ in every_task]))
    wrong = asyncio.run(rewards([w for _, _, w in every_task]))
    assert [r for r, _ in gold] == [1.0] * len(examples), [e["info"] for e, (r, _) in zip(examples, gold) if r != 1.0][:3]
    assert [r for r, _ in wrong] == [0.0] * len(examples)
    assert all(m["cotforge_checked"] == 1.0 for _, m in gold + wrong)


def test_load_environment_without_a_folder_makes_fresh_problems() -> None:
    from cotforge.pipelines.formats.verifiers_env import load_environment

    env = load_environment(tasks=["linear_equation", "syllogism"], level=2, n=3)
    tasks = [e["task"] for e in env.get_dataset()]
    assert sorted(tasks) == ["linear_equation"] * 3 + ["syllogism"] * 3
