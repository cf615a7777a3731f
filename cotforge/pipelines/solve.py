"""One problem through search and verification, into an output row or a rejection."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from typing import Any

from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import SEARCHES, SPACES, VERIFIERS
from cotforge.core.rng import item_seed
from cotforge.core.space import Space
from cotforge.pipelines.recipe import SearchSettings
from cotforge.solvers.linearize import cot_text, path_steps
from cotforge.solvers.search_trace import search_trace
from cotforge.solvers.search.base import Budget, SearchResult


@dataclass(frozen=True, slots=True)
class Outcome:
    """Either ``row`` (accepted) or ``stage`` + ``verdict`` (why not), plus search figures."""

    problem: Problem
    row: dict[str, Any] | None
    stage: str = ""
    verdict: Verdict = Verdict.accept()
    final_answer: str | None = None
    expansions: int = 0
    solved_at: int | None = None
    seconds: float = 0.0


def budget_of(settings: SearchSettings) -> Budget:
    return Budget(
        max_expansions=settings.max_expansions,
        branching=settings.branching,
        wrong_moves=settings.wrong_moves,
        exploration=settings.exploration,
        beam_width=settings.beam_width,
        stop_at_first=settings.stop_at_first,
        max_tokens=settings.max_tokens,
        max_seconds=settings.max_seconds,
    )


_STEP_FIELDS = tuple(f.name for f in dataclasses.fields(Step))


def _step_dict(step: Step, reaches: bool | None) -> dict[str, Any]:
    """The step's fields (all scalars, so no deep copy as ``dataclasses.asdict`` makes) and ``reaches_answer``."""
    d = {name: getattr(step, name) for name in _STEP_FIELDS}
    d["reaches_answer"] = reaches
    return d


def _negatives(result: SearchResult, verifier: Any, problem: Problem, limit: int) -> list[dict[str, Any]]:
    """Wrong-answer and dead-end paths, with the first step known to be wrong."""
    out: list[dict[str, Any]] = []
    for node in result.terminals():
        if len(out) >= limit:
            break
        if (node.reward or 0.0) >= 1.0:
            continue
        path = result.path_to(node.id)
        steps = path_steps(result, path)
        checks = verifier.check_steps(problem, steps)
        first_wrong = next(
            (i for i, (s, ok) in enumerate(zip(steps, checks)) if s.intended_wrong or ok is False), None
        )
        reaches = [result.nodes[i].solved_below for i in path[1:]]
        steps = tuple(dataclasses.replace(s, verified=ok) for s, ok in zip(steps, checks))
        reason = "dead end" if node.answer is None else verifier.verify(problem, node.answer).reason
        out.append(
            {
                "steps": [_step_dict(s, r) for s, r in zip(steps, reaches)],
                "answer": node.answer,
                "reason": reason,
                "first_wrong_step": first_wrong,
            }
        )
    return out


def solve_problem(problem: Problem, settings: SearchSettings, min_steps: int = 2, space: Space | None = None) -> Outcome:
    """Search for a verified chain of thought; check every step; build the row.

    ``space`` defaults to the problem's registered step space (a language-model space
    is passed in by ``annotate``).
    """
    verifier = VERIFIERS.get(problem.verifier)
    gold = verifier.verify(problem, problem.answer)
    if not gold.accepted:
        return Outcome(problem, None, "verify_gold", Verdict.error(f"gold answer does not verify: {gold.reason}"))
    verdicts: dict[str | None, Verdict] = {}

    def reward(answer: str | None) -> float:
        if answer not in verdicts:
            verdicts[answer] = verifier.verify(problem, answer)
        return 1.0 if verdicts[answer].accepted else 0.0

    space = space if space is not None else SPACES.get(problem.space)(problem)
    rng = random.Random(item_seed(problem.task, problem.task_version, problem.seed, problem.index) ^ 0x5EA2C4)
    result = SEARCHES.get(settings.algorithm)(space, reward, budget_of(settings), rng)
    figures = {"expansions": result.expansions, "solved_at": result.solved_at, "seconds": result.seconds}
    path = result.best_path()
    if path is None:
        caps = [f"{settings.max_expansions} expansions"]
        caps += [f"{settings.max_tokens} tokens"] if settings.max_tokens is not None else []
        caps += [f"{settings.max_seconds:g} s"] if settings.max_seconds is not None else []
        reason = f"no verified answer within the budget ({', '.join(caps)}; used {result.expansions} expansions)"
        return Outcome(problem, None, "search", Verdict.reject(reason), **figures)
    steps = path_steps(result, path)
    answer = result.nodes[path[-1]].answer
    checks = verifier.check_steps(problem, steps)
    bad = [i + 1 for i, ok in enumerate(checks) if ok is False]
    if bad:
        return Outcome(problem, None, "step_check", Verdict.reject(f"steps {bad} fail their check"), answer, **figures)
    if len(steps) < min_steps:
        reason = f"chain of thought has {len(steps)} step(s), fewer than min_steps={min_steps}"
        return Outcome(problem, None, "filter", Verdict.reject(reason), answer, **figures)
    steps = tuple(dataclasses.replace(s, verified=ok) for s, ok in zip(steps, checks))
    final = verdicts[answer]
    row = {
        "id": problem.uid,
        "task": problem.task,
        "task_version": problem.task_version,
        "domain": problem.domain,
        "level": problem.level,
        "seed": problem.seed,
        "index": problem.index,
        "question": problem.question,
        "answer": problem.answer,
        "cot": cot_text(steps, answer),
        "search_cot": search_trace(result, include_wrong=True, path=path),
        "steps": [_step_dict(s, result.nodes[i].solved_below) for s, i in zip(steps, path[1:])],
        "final_answer": answer,
        "verdict": final.status,
        "verdict_reason": final.reason,
        "negatives": _negatives(result, verifier, problem, settings.negatives),
        "search": {
            "algorithm": result.algorithm,
            "expansions": result.expansions,
            "nodes": len(result.nodes),
            "solved_at": result.solved_at,
            # the language-model cost ledger: filled by `cotforge annotate`, null for symbolic spaces
            **dict.fromkeys(("tokens", "calls", "seconds", "tokens_at_solution", "calls_at_solution", "seconds_at_solution")),
        },
        "space": problem.space,
        "verifier": problem.verifier,
        "payload": problem.payload,
        "metadata": problem.metadata,
    }
    return Outcome(problem, row, final_answer=answer, **figures)
