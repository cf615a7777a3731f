"""Reward functions for RL with verifiable rewards (TRL's GRPOTrainer and the like).

TRL calls a reward function with ``prompts``, ``completions`` and every dataset column
as keyword arguments, and accepts ``None`` for "not applicable". Here a completion is
scored 1.0 if the task's own verifier accepts the answer it states, 0.0 if it rejects
it, and ``None`` when the check itself cannot be made (the gold answer is unusable),
so a verifier problem is never passed off as a wrong answer. No signals are used, so
this works in trainer threads and data-loader processes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from cotforge.core.records import Problem
from cotforge.core.registry import VERIFIERS

_BOXED = re.compile(r"\\boxed\{")
_MARKERS = re.compile(r"(?:final answer|the answer is|answer)\s*(?:is)?\s*[:=]?\s*", re.IGNORECASE)


def _boxed(text: str) -> str | None:
    """The content of the last ``\\boxed{...}``, braces matched."""
    starts = [m.end() for m in _BOXED.finditer(text)]
    if not starts:
        return None
    depth, start = 1, starts[-1]
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start:i]
    return None


def extract_answer(completion: str | list[dict[str, str]]) -> str:
    """The final answer a completion states: a ``\\boxed{}``, else what follows the last
    "Final answer:" / "The answer is", else the whole text (verifiers read it themselves)."""
    if isinstance(completion, list):  # conversational: the last message is the model's
        completion = completion[-1]["content"] if completion else ""
    if "</think>" in completion:
        completion = completion.rsplit("</think>", 1)[1]
    boxed = _boxed(completion)
    if boxed is not None:
        return boxed
    markers = list(_MARKERS.finditer(completion))
    if markers:
        return completion[markers[-1].end() :].strip()
    return completion.strip()


def _problem(task: str, domain: str, level: int, answer: str, payload: str, verifier: str) -> Problem:
    return Problem(task=task, task_version=0, domain=domain, level=int(level), seed=0, index=0, question="",
                   answer=answer, payload=payload, space="", verifier=verifier)


def verified_reward(
    completions: Sequence[Any],
    answer: Sequence[str],
    verifier: Sequence[str],
    payload: Sequence[str],
    task: Sequence[str],
    domain: Sequence[str],
    level: Sequence[int],
    **_: Any,
) -> list[float | None]:
    """1.0 / 0.0 per completion from the task's verifier; None where the gold cannot be used."""
    rewards: list[float | None] = []
    for i, completion in enumerate(completions):
        problem = _problem(task[i], domain[i], level[i], answer[i], payload[i], verifier[i])
        check = VERIFIERS.get(verifier[i])
        verdict = check.verify(problem, extract_answer(completion))
        rewards.append(None if verdict.status == "error" else float(verdict.accepted))
    return rewards


def format_reward(completions: Sequence[Any], **_: Any) -> list[float]:
    """0.5 for a completion that states its answer in a form ``extract_answer`` finds explicitly."""
    out = []
    for completion in completions:
        text = completion[-1]["content"] if isinstance(completion, list) and completion else completion
        explicit = isinstance(text, str) and (_boxed(text) is not None or bool(_MARKERS.search(text)))
        out.append(0.5 if explicit else 0.0)
    return out
