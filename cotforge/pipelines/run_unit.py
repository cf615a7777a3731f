"""One work unit, for every kind of run: problems from the job's problem source, steps from its
step source, then verify, dedup, and write the unit's files atomically.

Files of unit N, written in this order so a killed run never leaves a unit that
looks done but is not: ``parts/unit-N.parquet``, ``rejected/unit-N.parquet``,
then ``stats/unit-N.json`` last, which is the completion marker.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import Any

from cotforge.core.memo import entering_task
from cotforge.core.records import Problem, Record, Rejection, Verdict
from cotforge.pipelines import journal
from cotforge.pipelines.gc_tuning import tune_gc
from cotforge.pipelines.job import Job, recipe_job
from cotforge.pipelines.plan import WorkUnit
from cotforge.pipelines.recipe import Recipe
from cotforge.pipelines.rows import RAW, REJECTED, raw_row, rejected_row, write_table_atomic, write_text_atomic
from cotforge.pipelines.solve import Outcome, reject
from cotforge.pipelines.storage import Location
from cotforge.solvers.search.base import SearchSettings


def normalize_question(text: str) -> str:
    """The form exact dedup compares: case, spacing and punctuation spacing ignored."""
    return " ".join(text.lower().split())


def stats_path(out: Location, unit: WorkUnit) -> Location:
    return out / "stats" / f"{unit.name}.json"


def run_unit(job: Job | Recipe, unit: WorkUnit, out: Location) -> dict[str, Any]:
    """Run ``unit`` unless its completion marker exists; return its stats.

    The first call in a process sets the garbage collector for making records (:func:`tune_gc`); a unit of another
    task than the process's previous one drops the memos of that task (:func:`entering_task`)."""
    tune_gc()
    marker = stats_path(out, unit)
    if marker.exists():
        return dict(json.loads(marker.read_text()))
    entering_task(unit.task)
    job = job if isinstance(job, Job) else recipe_job(job)
    started = time.perf_counter()
    made = list(job.problems.problems(unit))
    problems = [p for p in made if isinstance(p, Problem)]
    searches = job.searches()
    solved = [_solve(job, problems, settings, out, unit) for settings in searches]
    accepted: list[Record] = []
    rejected: list[Rejection] = [r for r in made if isinstance(r, Rejection)]
    first_of: dict[str, str] = {}  # normalised question -> id of the first record with it
    ledgers: list[dict[str, Any]] = []
    metered = False
    for k, problem in enumerate(problems):
        for settings, outcomes in zip(searches, solved):
            outcome = outcomes[k]
            metered = metered or outcome.ledger.calls > 0
            ledgers.append(_ledger_entry(problem, settings.algorithm, outcome))
            if isinstance(outcome.result, Rejection):
                rejected.append(outcome.result)
                continue
            record = outcome.result
            first = first_of.setdefault(normalize_question(problem.question), problem.uid)
            if first != problem.uid:  # the same problem under another algorithm is not a duplicate
                why = Verdict.reject("exact duplicate of an earlier question in this unit")
                rejected.append(reject(problem, "dedup", why, record.chain.answer, record.cot))
                continue
            accepted.append(record)
    rejected.sort(key=lambda r: r.problem.index)  # stable: within an index, algorithms in order
    write_table_atomic([raw_row(r) for r in accepted], RAW, out / "parts" / f"{unit.name}.parquet")
    write_table_atomic([rejected_row(r) for r in rejected], REJECTED, out / "rejected" / f"{unit.name}.parquet")
    stats: dict[str, Any] = {
        "unit": unit.unit,
        "task": unit.task,
        "level": unit.level,
        "generated": len(made) - len(problems) + len(problems) * len(searches),  # a problem once per algorithm
        "accepted": len(accepted),
        "rejected": len(rejected),
        "errors": sum(1 for r in rejected if r.verdict.status == "error"),
        "reasons": dict(Counter(f"{r.stage}: {r.verdict.reason.split(' within')[0]}" for r in rejected)),
        "expansions": sum(o.expansions for outcomes in solved for o in outcomes),
        "steps": sum(len(r.chain.steps) for r in accepted),
        "seconds": round(time.perf_counter() - started, 3),
    }
    if metered:  # a model's cost per problem and algorithm: the report's solve rate against tokens
        stats["tokens"] = sum(e["tokens"] for e in ledgers)
        stats["ledgers"] = ledgers
    write_text_atomic(json.dumps(stats, sort_keys=True), marker)
    if getattr(job.steps, "journaled", False):
        journal.clear(out, unit)
    return stats


def _solve(job: Job, problems: list[Problem], settings: SearchSettings, out: Location, unit: WorkUnit) -> list[Outcome]:
    """The step source's outcomes; a journaled one (a model's) saves each problem as it finishes and
    resumes from what a killed run saved (``cotforge.pipelines.journal``)."""
    if not getattr(job.steps, "journaled", False):
        return job.steps.solve(problems, settings, job.min_steps)
    saved = journal.Journal(out, unit, settings.algorithm)
    done = saved.load(problems)
    rest = [p for p in problems if p.index not in done]
    if rest:
        for outcome in job.steps.solve(rest, settings, job.min_steps, on_done=saved.save):  # type: ignore[call-arg]
            done[outcome.problem.index] = outcome
    return [done[p.index] for p in problems]


def _ledger_entry(problem: Problem, algorithm: str, outcome: Outcome) -> dict[str, Any]:
    return {"index": problem.index, "algorithm": algorithm, "solved": outcome.ledger.at_solution is not None,
            **outcome.ledger.as_dict()}
