"""Annotate a user's own question-answer pairs with searched, verified chains of thought.

The input is JSONL, Parquet or a local Hugging Face dataset folder. A language model
(a local folder, or an OpenAI-compatible server by URL) proposes the steps; the
search keeps chains whose final answer the chosen verifier accepts. Output is the
same dataset folder as ``cotforge run`` (parts per unit, then export), resumable the
same way; unsolved items go to ``rejected/`` with what the search spent on them.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.pipelines.output import prepare_output
from cotforge.pipelines.plan import WorkUnit
from cotforge.pipelines.recipe import FilterSettings, SearchSettings, ViewSettings, _Strict
from cotforge.pipelines.rows import RAW, REJECTED, write_table_atomic, write_text_atomic
from cotforge.pipelines.run_unit import _rejection, stats_path
from cotforge.pipelines.solve import solve_problem

VERIFIER_OF = {"math": ("math", "math"), "code": ("code", "code_output"), "logic": ("logic", "exact"), "exact": ("text", "exact")}


class AnnotateJob(_Strict):
    """Everything that defines an annotation run (its fingerprint guards the output folder)."""

    name: str = "annotate"
    input: str
    question_field: str = "question"
    answer_field: str = "answer"
    verifier: Literal["math", "code", "logic", "exact"] = "math"
    model: str
    served_model: str = "default"
    temperature: float = Field(default=1.0, gt=0)
    seed: int = 0
    search: SearchSettings = SearchSettings(algorithm="mcts", max_expansions=40, branching=4, wrong_moves=0)
    min_steps: int = Field(default=1, ge=1)
    unit_size: int = Field(default=16, ge=1)
    shard_rows: int = Field(default=10_000, ge=1)
    filters: FilterSettings = FilterSettings(near_duplicate=None, answer_leak=False)
    views: ViewSettings = ViewSettings()
    output: str | None = None
    workers: int = 1
    batch: bool = True
    """Search a unit's problems together, one batched model call per round of steps."""

    def fingerprint(self) -> str:
        content = self.model_dump(exclude={"output", "shard_rows", "filters", "views", "workers", "batch"})
        content["input_sha"] = hashlib.sha256(Path(self.input).read_bytes()).hexdigest() if Path(self.input).is_file() else self.input
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]

    def output_dir(self) -> Path:
        return Path(self.output or f"out/{self.name}")


def read_pairs(path: str | Path, question_field: str, answer_field: str) -> list[tuple[str, str]]:
    """(question, answer) pairs from JSONL, Parquet or a local HF dataset folder, in file order."""
    from cotforge.verifiers.filters.decontaminate import load_records

    records = load_records(Path(path))
    for field in (question_field, answer_field):
        if records and field not in records[0]:
            raise ConfigError(f"{path} has no field {field!r} (fields: {sorted(records[0])})")
    return [(str(r[question_field]), str(r[answer_field])) for r in records]


def _problem(job: AnnotateJob, index: int, question: str, answer: str) -> Problem:
    domain, verifier = VERIFIER_OF[job.verifier]
    payload = {"variable": "x"} if domain == "math" else {"output": answer} if domain == "code" else {}
    return Problem(task="annotate", task_version=1, domain=domain, level=0, seed=job.seed, index=index, question=question,
                   answer=answer, payload=json.dumps(payload), space="lm", verifier=verifier,
                   metadata=json.dumps({"source": str(job.input), "row": index}))


def _solve_all(job: AnnotateJob, unit: WorkUnit, pairs: list[tuple[str, str]], backend: Any) -> list[tuple[Problem, Any, Any]]:
    """Search every problem of the unit: one by one, or together with step-synchronous batching."""
    from concurrent.futures import ThreadPoolExecutor

    from cotforge.solvers.lm.batching import BatchingBackend
    from cotforge.solvers.lm.space import LMSpace

    problems = [_problem(job, i, *pairs[i]) for i in range(unit.start, unit.stop)]
    shared = BatchingBackend(backend, len(problems)) if job.batch else backend

    def solve(problem: Problem) -> tuple[Problem, Any, Any]:
        try:
            space = LMSpace(problem, shared, seed=job.seed)
            return problem, solve_problem(problem, job.search, job.min_steps, space=space), space.ledger
        finally:
            if isinstance(shared, BatchingBackend):
                shared.leave()

    if not job.batch:
        return [solve(p) for p in problems]
    with ThreadPoolExecutor(max_workers=len(problems)) as pool:
        return list(pool.map(solve, problems))


def annotate_unit(job: AnnotateJob, unit: WorkUnit, pairs: list[tuple[str, str]], backend: Any, out: Path) -> dict[str, Any]:
    marker = stats_path(out, unit)
    if marker.exists():
        return dict(json.loads(marker.read_text()))
    accepted, rejected, tokens = [], [], 0
    for index, (problem, outcome, ledger) in zip(range(unit.start, unit.stop), _solve_all(job, unit, pairs, backend)):
        tokens += ledger.tokens
        cost = {"tokens": ledger.tokens, "calls": ledger.calls, "expansions": outcome.expansions}
        if outcome.row is None:
            rejection = _rejection(outcome)
            rejection["reason"] += f" (spent {ledger.tokens} tokens in {ledger.calls} calls)"
            rejected.append(rejection)
        else:
            accepted.append({**outcome.row, "metadata": json.dumps({**json.loads(problem.metadata), "cost": cost})})
    write_table_atomic(accepted, RAW, out / "parts" / f"{unit.name}.parquet")
    write_table_atomic(rejected, REJECTED, out / "rejected" / f"{unit.name}.parquet")
    stats = {"unit": unit.unit, "task": "annotate", "level": 0, "generated": unit.size, "accepted": len(accepted),
             "rejected": len(rejected), "errors": sum(r["status"] == "error" for r in rejected),
             "reasons": dict(Counter(f"{r['stage']}: {r['reason'].split(' within')[0]}" for r in rejected)),
             "expansions": sum(r["search"]["expansions"] for r in accepted), "steps": sum(len(r["steps"]) for r in accepted),
             "tokens": tokens}
    write_text_atomic(json.dumps(stats, sort_keys=True), marker)
    return stats


def annotate(job: AnnotateJob, progress: Any = None) -> dict[str, Any]:
    """Annotate every pair (resuming finished units), then export the dataset folder."""
    from cotforge.pipelines.export import export
    from cotforge.solvers.lm.backends import backend_for

    out = job.output_dir()
    pairs = read_pairs(job.input, job.question_field, job.answer_field)
    if not pairs:
        raise ConfigError(f"{job.input} holds no records")
    prepare_output(job, out)  # type: ignore[arg-type]
    units = [WorkUnit(i, "annotate", 0, job.seed, start, min(start + job.unit_size, len(pairs)))
             for i, start in enumerate(range(0, len(pairs), job.unit_size))]
    todo = [u for u in units if not stats_path(out, u).exists()]
    backend = backend_for(job.model, job.temperature, job.served_model) if todo else None
    for unit in todo:
        stats = annotate_unit(job, unit, pairs, backend, out)
        if progress:
            progress(stats)
    return export(job, units, out)  # type: ignore[arg-type]
