"""One work unit: generate, solve, verify, dedup, then write its part atomically.

Files of unit N, written in this order so a killed run never leaves a unit that
looks done but is not: ``parts/unit-N.parquet``, ``rejected/unit-N.parquet``,
then ``stats/unit-N.json`` last, which is the completion marker.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import Any

from cotforge.core.registry import TASKS
from cotforge.pipelines.plan import WorkUnit
from cotforge.pipelines.recipe import Recipe
from cotforge.pipelines.rows import RAW, REJECTED, write_table_atomic, write_text_atomic
from cotforge.pipelines.solve import Outcome, solve_problem
from cotforge.pipelines.storage import Location


def normalize_question(text: str) -> str:
    """The form exact dedup compares: case, spacing and punctuation spacing ignored."""
    return " ".join(text.lower().split())


def stats_path(out: Location, unit: WorkUnit) -> Location:
    return out / "stats" / f"{unit.name}.json"


def _rejection(outcome: Outcome, stage: str | None = None, reason: str | None = None) -> dict[str, Any]:
    p = outcome.problem
    return {
        "id": p.uid,
        "task": p.task,
        "level": p.level,
        "seed": p.seed,
        "index": p.index,
        "question": p.question,
        "answer": p.answer,
        "stage": stage or outcome.stage,
        "status": "reject" if stage == "dedup" else outcome.verdict.status,
        "reason": reason or outcome.verdict.reason,
        "final_answer": outcome.final_answer,
    }


def run_unit(recipe: Recipe, unit: WorkUnit, out: Location) -> dict[str, Any]:
    """Run ``unit`` unless its completion marker exists; return its stats."""
    marker = stats_path(out, unit)
    if marker.exists():
        return json.loads(marker.read_text())
    started = time.perf_counter()
    entry = next(t for t in recipe.tasks if t.name == unit.task)
    generator_cls = TASKS.get(entry.name)
    generator = generator_cls.from_level(unit.level, seed=unit.seed)
    accepted: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    seen: set[str] = set()
    expansions: list[int] = []
    for index in range(unit.start, unit.stop):
        outcome = solve_problem(generator.generate(index), recipe.search, recipe.min_steps)
        expansions.append(outcome.expansions)
        if outcome.row is None:
            rejected.append(_rejection(outcome))
            continue
        key = normalize_question(outcome.problem.question)
        if key in seen:
            rejected.append(_rejection(outcome, "dedup", "exact duplicate of an earlier question in this unit"))
            continue
        seen.add(key)
        accepted.append(outcome.row)
    write_table_atomic(accepted, RAW, out / "parts" / f"{unit.name}.parquet")
    write_table_atomic(rejected, REJECTED, out / "rejected" / f"{unit.name}.parquet")
    stats = {
        "unit": unit.unit,
        "task": unit.task,
        "level": unit.level,
        "generated": unit.size,
        "accepted": len(accepted),
        "rejected": len(rejected),
        "errors": sum(1 for r in rejected if r["status"] == "error"),
        "reasons": dict(Counter(f"{r['stage']}: {r['reason'].split(' within')[0]}" for r in rejected)),
        "expansions": sum(expansions),
        "steps": sum(len(r["steps"]) for r in accepted),
        "seconds": round(time.perf_counter() - started, 3),
    }
    write_text_atomic(json.dumps(stats, sort_keys=True), marker)
    return stats
