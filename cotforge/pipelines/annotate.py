"""Annotate a user's own question-answer pairs with searched, verified chains of thought.

The input is JSONL, Parquet or a local Hugging Face dataset folder. A language model
(a local folder, or an OpenAI-compatible server by URL) proposes the steps; the
search keeps chains whose final answer the chosen verifier accepts. The rows are a problem
source (``UserProblems``) and the model a step source (``ModelSteps``) of the same unit runner,
Prefect flow, engines and fsspec output as ``cotforge run`` (``cotforge.pipelines.job``), so the
output is the same dataset folder, resumable the same way; unsolved items go to ``rejected/``
with what the search spent on them and the model's chains.

Several algorithms can run over the same items (``algorithms``): each writes its own
rows, tagged in ``search.algorithm``, and every attempt's cost ledger (tokens, calls,
expansions, seconds, and the same at the first verified answer) goes into the unit's
stats file, from which the report draws solve rate against generated tokens per
algorithm, best-of-N among them as the baseline at equal tokens. The ledger's seconds
are wall-clock, the one part of a row that differs between two runs.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem, Rejection, Verdict
from cotforge.pipelines.annotate_input import read_pairs
from cotforge.pipelines.job import Job
from cotforge.pipelines.plan import WorkUnit
from cotforge.pipelines.recipe import FilterSettings, ViewSettings, _Strict
from cotforge.pipelines.solve import Outcome, reject, solve_problem
from cotforge.pipelines.storage import Location, check_url, is_url, location
from cotforge.solvers.lm.backends import Backend, Prompt, backend_for
from cotforge.solvers.lm.batching import BatchingBackend
from cotforge.solvers.lm.space import DEFAULT_TEMPLATE, LMSettings, LMSpace, check_template
from cotforge.solvers.search.base import SearchSettings, known_algorithm
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
        return None if template is None else check_template(template)

    def settings(self) -> LMSettings:
        return LMSettings(delimiter=self.delimiter, max_steps=self.max_steps, max_step_tokens=self.max_step_tokens,
                          template=self.template or DEFAULT_TEMPLATE, hint=self.hint)


class AnnotateOptions(_Strict):
    """Everything that defines an annotation run, validated at the edge (its fingerprint guards the output folder)."""

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
    workers: int = Field(default=1, ge=1)
    """Worker processes (or Dask / Ray workers), each loading the model once; units are spread over them."""
    batch: bool = True
    """Search a unit's problems together, one batched model call per round of steps."""
    prm: str | None = None
    """A process reward model folder (``cotforge train-prm``): its step scores, not the model's own
    likelihoods, are the priors of the search (as in rStar-Math)."""

    @field_validator("prm")
    @classmethod
    def _prm_folder(cls, prm: str | None) -> str | None:
        if prm is not None and not Path(prm).is_dir():
            raise ValueError(f"process reward model folder not found: {prm}")
        return prm

    @field_validator("answer_kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        from cotforge.verifiers.math import KINDS

        if kind != "auto" and kind not in KINDS:
            raise ValueError(f"answer_kind must be auto or one of {', '.join(KINDS)}, got {kind!r}")
        return kind

    @field_validator("output")
    @classmethod
    def _known_protocol(cls, output: str | None) -> str | None:
        if output is not None and is_url(output):
            try:
                check_url(output)
            except ConfigError as exc:
                raise ValueError(str(exc)) from None
        return output

    @field_validator("algorithms")
    @classmethod
    def _known_algorithms(cls, names: list[str]) -> list[str]:
        for name in names:
            known_algorithm(name)
        if len(set(names)) != len(names):
            raise ValueError(f"an algorithm is named twice: {names}")
        return names

    def fingerprint(self) -> str:
        content = self.model_dump(exclude={"output", "shard_rows", "filters", "views", "workers", "batch", "concurrency"})
        content["input_sha"] = hashlib.sha256(Path(self.input).read_bytes()).hexdigest() if Path(self.input).is_file() else self.input
        return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]

    def output_dir(self) -> Location:
        """A Path for a local folder, a RemotePath for an fsspec URL (``memory://``, ``s3://``, ...)."""
        return location(self.output or f"out/{self.name}")


AnnotateJob = AnnotateOptions
"""The name this had before annotate became a job of its own (``annotate_job``)."""


@functools.lru_cache(maxsize=4)
def _pairs(path: str, question_field: str, answer_field: str) -> tuple[tuple[str, str], ...]:
    """The input's pairs, read once per process (every unit of a worker reads the same file)."""
    return tuple(read_pairs(path, question_field, answer_field))


@dataclass(frozen=True, slots=True)
class UserProblems:
    """The user's rows as problems, ``unit_size`` to a unit; a gold that cannot be read is a rejected row."""

    options: AnnotateOptions

    def units(self) -> list[WorkUnit]:
        job = self.options
        count = len(_pairs(job.input, job.question_field, job.answer_field))
        if not count:
            raise ConfigError(f"{job.input} holds no records")
        return [WorkUnit(i, "annotate", 0, job.seed, start, min(start + job.unit_size, count))
                for i, start in enumerate(range(0, count, job.unit_size))]

    def problems(self, unit: WorkUnit) -> Iterator[Problem | Rejection]:
        job = self.options
        pairs = _pairs(job.input, job.question_field, job.answer_field)
        domain, verifier = VERIFIER_OF[job.verifier]
        for index in range(unit.start, unit.stop):
            question, answer = pairs[index]
            metadata = json.dumps({"source": str(job.input), "row": index})
            try:
                payload = answer_payload(answer, job.answer_kind) if domain == "math" else {"output": answer} if domain == "code" else {}
                unreadable = ""
            except ValueError as exc:  # the math reader's AnswerParseError: an unclosed \\boxed{, ...
                payload, unreadable = {}, str(exc)
            problem = Problem(task="annotate", task_version=1, domain=domain, level=0, seed=job.seed, index=index, question=question,
                              answer=answer, payload=json.dumps(payload), space="lm", verifier=verifier, metadata=metadata)
            if unreadable:
                yield reject(problem, "verify_gold", Verdict.error(f"gold answer cannot be read: {unreadable}"))
            else:
                yield problem


@functools.lru_cache(maxsize=2)
def _backend(model: str, temperature: float, served_model: str | None, api: Literal["auto", "chat", "completions"] = "auto", tokenizer: str | None = None,
             concurrency: int = 4) -> Backend:
    """The model, loaded once per worker process (every unit of a worker shares it)."""
    return backend_for(model, temperature, served_model, api=api, tokenizer=tokenizer, concurrency=concurrency)


@dataclass(frozen=True, slots=True)
class ModelSteps:
    """Steps sampled from a language model (``LMSpace``). With ``batch``, the problems of a unit are
    searched together, one batched model call per round of steps; else one after another."""

    model: str
    temperature: float
    served_model: str | None
    lm: LMSettings
    seed: int
    batch: bool = True
    api: Literal["auto", "chat", "completions"] = "auto"
    tokenizer: str | None = None
    concurrency: int = 4
    prm: str | None = None
    """A process reward model folder (``cotforge.solvers.lm.prm``) whose step scores guide the search."""

    journaled: ClassVar[bool] = True
    """A unit's problems are saved one by one as they finish (``cotforge.pipelines.journal``)."""

    def check(self, first: Callable[[], Problem | None]) -> None:
        """A server is asked for one token of the first problem's first step before any unit starts, so a
        dead, foreign or broken server is one error now rather than every unit missing at the end. A local
        folder is loaded where the units run, not here."""
        if not self.model.startswith(("http://", "https://")) or (problem := first()) is None:
            return
        backend = _backend(self.model, self.temperature, self.served_model, self.api, self.tokenizer, self.concurrency)
        space = LMSpace(problem, backend, self.lm, seed=self.seed)
        backend.sample(Prompt(space.user), 1, stop=[self.lm.delimiter], max_tokens=1, seed=self.seed)

    def solve(self, problems: Sequence[Problem], settings: SearchSettings, min_steps: int,
              on_done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
        """One outcome per problem, in order; ``on_done`` is called with each as soon as it is made."""
        backend = _backend(self.model, self.temperature, self.served_model, self.api, self.tokenizer, self.concurrency)
        scorer = None
        if self.prm is not None:
            from cotforge.solvers.lm.prm import scorer_for

            scorer = scorer_for(self.prm)
        done = on_done or (lambda outcome: None)
        if not self.batch:
            outcomes = []
            for p in problems:
                outcomes.append(solve_problem(p, settings, min_steps, space=LMSpace(p, backend, self.lm, seed=self.seed, scorer=scorer)))
                done(outcomes[-1])
            return outcomes
        shared = BatchingBackend(backend, len(problems))

        def solve(problem: Problem) -> Outcome:
            try:
                shared.begin(problem.uid)
                outcome = solve_problem(problem, settings, min_steps, space=LMSpace(problem, shared, self.lm, seed=self.seed, scorer=scorer))
            finally:
                shared.leave()
            outcome = _own_time(outcome, shared, problem.uid)
            done(outcome)
            return outcome

        with ThreadPoolExecutor(max_workers=max(len(problems), 1)) as pool:
            return list(pool.map(solve, problems))


def _own_time(outcome: Outcome, shared: BatchingBackend, key: str) -> Outcome:
    """The outcome with its seconds (and those at its first solution) the problem's own, not the shared round's."""
    ledger = outcome.ledger
    at = ledger.at_solution
    ledger.seconds = shared.own_seconds(key, ledger.seconds)
    if at is not None:
        ledger.at_solution = dataclasses.replace(at, seconds=shared.own_seconds(key, at.seconds, at.calls))
    return dataclasses.replace(outcome, seconds=ledger.seconds)


def annotate_job(options: AnnotateOptions) -> Job:
    """``cotforge annotate``: the user's problems, a language model's steps."""
    steps = ModelSteps(options.model, options.temperature, options.served_model, options.lm.settings(), options.seed, options.batch,
                       options.api, options.tokenizer, options.concurrency, options.prm)
    return Job(options, UserProblems(options), steps, options.search, options.min_steps, tuple(options.algorithms))
