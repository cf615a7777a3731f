"""Reward functions for RL with verifiable rewards (TRL's GRPOTrainer and the like).

TRL calls a reward function with ``prompts``, ``completions`` and every dataset column
as keyword arguments, and accepts ``None`` for "not applicable". Here a completion is
scored 1.0 if the task's own verifier accepts the answer it states, 0.0 if it rejects
it, and ``None`` when the check itself cannot be made (the gold answer is unusable),
so a verifier problem is never passed off as a wrong answer. An answer that cannot be read with
certainty (none stated, several, taken back) is ``unreadable``: reward 0.0, reported apart from
a wrong one. No signals are used, so this works in trainer threads and data-loader processes.

Why a completion got its reward is logged through TRL's reward-function hooks when the trainer
passes them (TRL >= 1.13: GRPOTrainer and RLOOTrainer pass ``log_extra(column, values)`` and
``log_metric(name, value)`` to every reward function): the columns ``cotforge_answer`` (the
answer read) and ``cotforge_verdict`` ("status: reason") join the completions table, and the
metrics ``cotforge/accept``, ``cotforge/reject``, ``cotforge/unreadable`` and ``cotforge/error``
are the shares of each verdict in the logging step.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from cotforge.core.errors import ConfigError
from cotforge.core.answers import final_answer, has_marker
from cotforge.core.records import Problem
from cotforge.core.registry import VERIFIERS

def completion_text(completion: str | list[dict[str, str]]) -> str:
    """A completion's text (conversational completions: the last message's content)."""
    if isinstance(completion, list):
        return str(completion[-1].get("content") or "") if completion else ""
    return completion if isinstance(completion, str) else ""


def extract_answer(completion: str | list[dict[str, str]]) -> str:
    """The final answer a completion states, as :func:`cotforge.core.answers.final_answer` reads it ("" if none)."""
    found = final_answer(completion_text(completion))
    return found.text if found is not None else ""


def _problem(task: str, domain: str, level: int, answer: str, payload: str, verifier: str) -> Problem:
    return Problem(task=task, task_version=0, domain=domain, level=int(level), seed=0, index=0, question="",
                   answer=answer, payload=payload, space="", verifier=verifier)


@dataclass(frozen=True, slots=True)
class Score:
    """The reward for one completion and why: what was read from it and the verifier's verdict."""

    reward: float | None
    """1.0 accepted; 0.0 rejected or unreadable; None when the check cannot be made (unusable gold)."""
    status: Literal["accept", "reject", "unreadable", "error"]
    reason: str
    extracted: str | None
    """The answer text read from the completion (None when none was found)."""


SCORE_FIELDS = ("answer", "verifier", "payload", "task", "domain", "level")
"""The row fields ``score`` needs: those of the ``rl`` view and of ``cotforge.make`` rows."""


LogExtra = Callable[[str, list], None]
LogMetric = Callable[[str, float], None]
STATUSES = ("accept", "reject", "unreadable", "error")


def score(
    row: Mapping[str, Any],
    completion: str | list[dict[str, str]],
    *,
    log_extra: LogExtra | None = None,
    log_metric: LogMetric | None = None,
) -> Score:
    """Score one completion against one row (an ``rl`` view row or a generated problem row).

    ``log_extra`` / ``log_metric`` (TRL's hooks, or any callables of that shape) receive the answer
    read and the verdict of this one completion (see the module docstring).
    """
    missing = [f for f in SCORE_FIELDS if f not in row]
    if missing:
        raise ValueError(f"score: the row lacks {', '.join(missing)} (an rl-view or cotforge.make row has them)")
    problem = _problem(row["task"], row["domain"], row["level"], row["answer"], row["payload"], row["verifier"])
    text = completion_text(completion)
    if row["verifier"] not in VERIFIERS:  # a bad row must not end a training run: no reward, and why
        return Score(reward=None, status="error", reason=VERIFIERS.unknown_message(str(row["verifier"])), extracted=None)
    verdict = VERIFIERS.get(row["verifier"]).verify(problem, text)  # the verifier reads the answer itself
    found = final_answer(text)  # the same reader, for the record
    reward = None if verdict.status == "error" else float(verdict.accepted)
    scored = Score(reward=reward, status=verdict.status, reason=verdict.reason, extracted=found.text if found else None)
    if log_extra is not None:
        log_extra("cotforge_answer", [scored.extracted or ""])
        log_extra("cotforge_verdict", [f"{scored.status}: {scored.reason}" if scored.reason else scored.status])
    if log_metric is not None:
        for status in STATUSES:
            log_metric(f"cotforge/{status}", float(scored.status == status))
    return scored


def verified_reward(
    completions: Sequence[Any],
    answer: Sequence[str],
    verifier: Sequence[str],
    payload: Sequence[str],
    task: Sequence[str],
    domain: Sequence[str],
    level: Sequence[int],
    log_extra: LogExtra | None = None,
    log_metric: LogMetric | None = None,
    **_: Any,
) -> list[float | None]:
    """1.0 / 0.0 per completion from the task's verifier; None where the gold cannot be used.

    Called by TRL with every dataset column and, from TRL 1.13 on, ``log_extra`` and ``log_metric``:
    each completion's answer and verdict are then logged (one value per completion, in order).
    """
    rows = ({"answer": answer[i], "verifier": verifier[i], "payload": payload[i], "task": task[i], "domain": domain[i],
             "level": level[i]} for i in range(len(completions)))
    return [score(row, completion, log_extra=log_extra, log_metric=log_metric).reward
            for row, completion in zip(rows, completions)]


def format_reward(completions: Sequence[Any], **_: Any) -> list[float]:
    """0.5 for a completion that states its answer in a form ``extract_answer`` finds explicitly."""
    return [0.5 if has_marker(completion_text(completion)) else 0.0 for completion in completions]


SCORE_KEYS = ("task", "domain", "level", "verifier", "payload", "answer")
"""What the scorer reads; a row has them at its top level (``rl`` view) or in ``metadata``."""


def score_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The scorer's fields of a ``make``/stream row (from ``metadata``) or of an ``rl`` view row."""
    if not isinstance(row, Mapping):
        raise ConfigError(f"score: a row must be a dict (a cotforge.make or rl-view row), got {type(row).__name__}")
    meta = row.get("metadata")
    if isinstance(meta, str):  # a row whose metadata went through JSON
        try:
            meta = json.loads(meta)
        except ValueError:
            meta = None
    source: Mapping[str, Any] = meta if isinstance(meta, Mapping) and "verifier" in meta else row
    missing = [k for k in SCORE_KEYS if k not in source and k not in row]
    if missing:
        raise ConfigError(f"score: the row lacks {', '.join(missing)} (pass a row from cotforge.make, cotforge.stream or the rl view)")
    return {k: source[k] if k in source else row[k] for k in SCORE_KEYS}
