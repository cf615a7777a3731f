"""Annotate a user's own question-answer pairs with searched, verified chains of thought.

The input is JSONL, Parquet or a local Hugging Face dataset folder. A language model
(a local folder, or an OpenAI-compatible server by URL) proposes the steps; the
search keeps chains whose final answer the chosen verifier accepts. Output is the
same dataset folder as ``cotforge run`` (parts per unit, then export), resumable the
same way; unsolved items go to ``rejected/`` with what the search spent on them.

Several algorithms can run over the same items (``algorithms``): each writes its own
rows, tagged in ``search.algorithm``, and every attempt's cost ledger (tokens, calls,
expansions, seconds, and the same at the first verified answer) goes into the unit's
stats file, from which the report draws solve rate against generated tokens per
algorithm, best-of-N among them as the baseline at equal tokens. The ledger's seconds
are wall-clock, the one part of a row that differs between two runs.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from cotforge.core.errors import ConfigError
from cotforge.core.registry import SEARCHES
from cotforge.core.records import Problem
from cotforge.pipelines.annotate_input import check_job, read_pairs
from cotforge.pipelines.output import prepare_output
from cotforge.pipelines.plan import WorkUnit
from cotforge.pipelines.recipe import FilterSettings, SearchSettings, ViewSettings, _Strict
from cotforge.pipelines.rows import RAW, REJECTED, write_table_atomic, write_text_atomic
from cotforge.pipelines.run_unit import _rejection, stats_path
from cotforge.pipelines.solve import solve_problem
from cotforge.verifiers.math_kind import answer_payload

VERIFIER_OF = {"math": ("math", "math"), "code": ("code", "code_output"), "logic": ("logic", "exact"), "exact": ("text", "exact")}


class LMOptions(_Strict):
    """How the language model is prompted and where a step ends."""

    template: str | None = None
    """Prompt template with ``{question}`` (and optionally ``{hint}``); unset: the question, then the domain's hint."""
    hint: str | None = None
    """How to state the answer (fills ``{hint}``); unset: the verifier's domain's default."""
    delimiter: str = Field(default="\n\n", min_length=1)
    """Text that ends a step (default: a blank line)."""
    max_steps: int = Field(default=12, ge=1)
    max_step_tokens: int = Field(default=128, ge=1)

    @field_validator("template")
    @classmethod
    def _fillable(cls, template: str | None) -> str | None:
        from cotforge.solvers.lm.space import check_template

        return None if template is None else check_template(template)

    def settings(self) -> Any:
        from cotforge.solvers.lm.space import DEFAULT_TEMPLATE, LMSettings

        return LMSettings(delimiter=self.delimiter, max_steps=self.max_steps, max_step_tokens=self.max_step_tokens,
                          template=self.template or DEFAULT_TEMPLATE, hint=self.hint)


class AnnotateJob(_Strict):
    """Everything that defines an annotation run (its fingerprint guards the output folder)."""

    name: str = "annotate"
    input: str
    question_field: str = "question"
    answer_field: str = "answer"
    verifier: Literal["math", "code", "logic", "exact"] = "math"
    answer_kind: str = "auto"
    """For the math verifier: what the gold answers are (a kind of ``cotforge.verifiers.math``), or
    ``auto`` to infer it per row from the gold (``cotforge.verifiers.math_kind``)."""
    model: str
    served_model: str | None = None
    """Model name to ask a server for; None: the server's own (``GET /v1/models``)."""
    temperature: float = Field(default=1.0, ge=0, le=10)
    """Sampling temperature; 0 is greedy."""
    api: Literal["auto", "chat", "completions"] = "auto"
    """A server's endpoint: ``completions`` (with ``tokenizer``'s chat template), ``chat``, or auto (completions when a tokenizer is given)."""
    tokenizer: str | None = None
    """A local folder with the served model's tokenizer: its chat template is applied on the completions endpoint."""
    concurrency: int = Field(default=4, ge=1, le=256)
    """Requests in flight at once to a server."""
    seed: int = 0
    search: SearchSettings = SearchSettings(algorithm="mcts", max_expansions=40, branching=4, wrong_moves=0)
    algorithms: list[str] = Field(default_factory=list)
    """Search algorithms to run over the same items, each with ``search``'s budget; empty: ``search.algorithm`` alone."""
    lm: LMOptions = LMOptions()
    min_steps: int = Field(default=1, ge=1)
    unit_size: int = Field(default=16, ge=1)
    shard_rows: int = Field(default=10_000, ge=1)
    filters: FilterSettings = FilterSettings(near_duplicate=None, answer_leak=False)
    views: ViewSettings = ViewSettings()
    output: str | None = None
    workers: int = 1
    batch: bool = True
    """Search a unit's problems together, one batched model call per round of steps."""

    @field_validator("answer_kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        from cotforge.verifiers.math import KINDS

        if kind != "auto" and kind not in KINDS:
            raise ValueError(f"answer_kind must be auto or one of {', '.join(KINDS)}, got {kind!r}")
        return kind

    @field_validator("algorithms")
    @classmethod
    def _known_algorithms(cls, names: list[str]) -> list[str]:
        for name in names:
            if name not in SEARCHES:
                raise ValueError(SEARCHES.unknown_message(name))
        if len(set(names)) != len(names):
            raise ValueError(f"an algorithm is named twice: {names}")
        return names

    def algorithm_list(self) -> list[str]:
        return self.algorithms or [self.search.algorithm]

    def fingerprint(self) -> str:
        content = self.model_dump(exclude={"output", "shard_rows", "filters", "views", "workers", "batch", "concurrency"})
        content["input_sha"] = hashlib.sha256(Path(self.input).read_bytes()).hexdigest() if Path(self.input).is_file() else self.input
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]

    def output_dir(self) -> Path:
        return Path(self.output or f"out/{self.name}")


def _problem(job: AnnotateJob, index: int, question: str, answer: str) -> Problem:
    domain, verifier = VERIFIER_OF[job.verifier]
    payload = answer_payload(answer, job.answer_kind) if domain == "math" else {"output": answer} if domain == "code" else {}
    return Problem(task="annotate", task_version=1, domain=domain, level=0, seed=job.seed, index=index, question=question,
                   answer=answer, payload=json.dumps(payload), space="lm", verifier=verifier,
                   metadata=json.dumps({"source": str(job.input), "row": index}))


def _solve_all(job: AnnotateJob, unit: WorkUnit, pairs: list[tuple[str, str]], backend: Any,
               algorithm: str) -> list[tuple[Problem, Any, Any]]:
    """Search every problem of the unit with ``algorithm``: one by one, or together with step-synchronous batching."""
    from concurrent.futures import ThreadPoolExecutor

    from cotforge.solvers.lm.batching import BatchingBackend
    from cotforge.solvers.lm.space import LMSpace

    problems = [_problem(job, i, *pairs[i]) for i in range(unit.start, unit.stop)]
    shared = BatchingBackend(backend, len(problems)) if job.batch else backend
    settings = job.search.model_copy(update={"algorithm": algorithm})
    lm = job.lm.settings()

    def solve(problem: Problem) -> tuple[Problem, Any, Any]:
        try:
            space = LMSpace(problem, shared, lm, seed=job.seed)
            return problem, solve_problem(problem, settings, job.min_steps, space=space), space.ledger
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
    accepted, rejected, ledgers, tokens = [], [], [], 0
    results = [(algorithm, _solve_all(job, unit, pairs, backend, algorithm)) for algorithm in job.algorithm_list()]
    for k, index in enumerate(range(unit.start, unit.stop)):
        for algorithm, solved in results:
            problem, outcome, ledger = solved[k]
            tokens += ledger.tokens
            cost = ledger.as_dict()
            ledgers.append({"index": index, "algorithm": algorithm, "solved": ledger.at_solution is not None, **cost})
            if outcome.row is None:
                rejection = _rejection(outcome)
                rejection["reason"] += f" ({algorithm}: spent {ledger.tokens} tokens in {ledger.calls} calls)"
                rejected.append(rejection)
            else:
                search = {**outcome.row["search"], **{n: v for n, v in cost.items() if not n.startswith("expansions")}}
                metadata = {**json.loads(problem.metadata), "cost": {n: cost[n] for n in ("tokens", "calls", "expansions", "seconds")}}
                accepted.append({**outcome.row, "search": search, "metadata": json.dumps(metadata)})
    write_table_atomic(accepted, RAW, out / "parts" / f"{unit.name}.parquet")
    write_table_atomic(rejected, REJECTED, out / "rejected" / f"{unit.name}.parquet")
    stats = {"unit": unit.unit, "task": "annotate", "level": 0, "generated": unit.size * len(results), "accepted": len(accepted),
             "rejected": len(rejected), "errors": sum(r["status"] == "error" for r in rejected),
             "reasons": dict(Counter(f"{r['stage']}: {r['reason'].split(' within')[0]}" for r in rejected)),
             "expansions": sum(r["search"]["expansions"] for r in accepted), "steps": sum(len(r["steps"]) for r in accepted),
             "tokens": tokens, "ledgers": ledgers}
    write_text_atomic(json.dumps(stats, sort_keys=True), marker)
    return stats


def annotate(job: AnnotateJob, progress: Any = None) -> dict[str, Any]:
    """Annotate every pair (resuming finished units), then export the dataset folder."""
    from cotforge.pipelines.export import export
    from cotforge.solvers.lm.backends import backend_for

    check_job(job)
    out = job.output_dir()
    pairs = read_pairs(job.input, job.question_field, job.answer_field)
    if not pairs:
        raise ConfigError(f"{job.input} holds no records")
    prepare_output(job, out)  # type: ignore[arg-type]
    units = [WorkUnit(i, "annotate", 0, job.seed, start, min(start + job.unit_size, len(pairs)))
             for i, start in enumerate(range(0, len(pairs), job.unit_size))]
    todo = [u for u in units if not stats_path(out, u).exists()]
    backend = backend_for(job.model, job.temperature, job.served_model, api=job.api, tokenizer=job.tokenizer,
                          concurrency=job.concurrency) if todo else None
    for unit in todo:
        stats = annotate_unit(job, unit, pairs, backend, out)
        if progress:
            progress(stats)
    stats = export(job, units, out)  # type: ignore[arg-type]
    from cotforge.pipelines.report import write_report

    write_report(out)
    return stats
