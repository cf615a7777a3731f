"""One problem through search and verification, into a record or a rejection.

The one row builder (``build_record``) and the one reject builder (``reject``) of the
pipeline live here; ``cotforge.pipelines.rows`` turns either into an Arrow row.
"""

from __future__ import annotations

import dataclasses
import json
import random
from dataclasses import dataclass

from cotforge.core.ledger import Cost, Ledger
from cotforge.core.records import Problem, Record, Rejection, Row, SearchSummary, Step, Trace, Verdict
from cotforge.core.registry import SEARCHES, SPACES, VERIFIERS
from cotforge.core.rng import item_seed
from cotforge.core.space import Space
from cotforge.pipelines.rows import raw_row
from cotforge.pipelines.continue_negative import checked, continued_negatives
from cotforge.solvers.linearize import cot_text, path_steps
from cotforge.solvers.search.base import SearchResult, SearchSettings
from cotforge.solvers.search_trace import search_trace
from cotforge.verifiers.base import Verifier


@dataclass(frozen=True, slots=True)
class Outcome:
    """A record (accepted) or a rejection (why not), with what the search cost."""

    result: Record | Rejection
    ledger: Ledger = dataclasses.field(default_factory=Ledger)
    """The search's cost ledger (tokens and calls where the space called a model)."""
    solved_at: int | None = None
    seconds: float = 0.0

    @property
    def problem(self) -> Problem:
        return self.result.problem

    @property
    def record(self) -> Record | None:
        return self.result if isinstance(self.result, Record) else None

    @property
    def row(self) -> Row | None:
        """The record as a row of ``data/raw`` (None if rejected)."""
        return raw_row(self.result) if isinstance(self.result, Record) else None

    @property
    def stage(self) -> str:
        return "" if isinstance(self.result, Record) else self.result.stage

    @property
    def verdict(self) -> Verdict:
        return self.result.chain.verdict if isinstance(self.result, Record) else self.result.verdict

    @property
    def final_answer(self) -> str | None:
        return self.result.chain.answer if isinstance(self.result, Record) else self.result.final_answer

    @property
    def expansions(self) -> int:
        return self.ledger.expansions


def reject(problem: Problem, stage: str, verdict: Verdict, final_answer: str | None = None, cot: str | None = None,
           attempts: tuple[Trace, ...] = (), ledger: Ledger | None = None, algorithm: str = "") -> Rejection:
    """The one way a problem is dropped; a model-backed search's spend is named in the reason."""
    if ledger is not None and ledger.calls:
        verdict = Verdict(verdict.status, f"{verdict.reason} ({algorithm}: spent {ledger.tokens} tokens in {ledger.calls} calls)")
    return Rejection(problem, stage, verdict, final_answer, cot, attempts)


def _trace(result: SearchResult, node_id: int, verifier: Verifier, problem: Problem, verdicts: dict[str | None, Verdict]) -> Trace:
    """The path to ``node_id`` with its steps checked, its first wrong step and its verdict."""
    path = result.path_to(node_id)
    steps = path_steps(result, path)
    checks = verifier.check_steps(problem, steps)
    first_wrong = next((i for i, (s, ok) in enumerate(zip(steps, checks)) if s.intended_wrong or ok is False), None)
    node = result.nodes[node_id]
    if node.answer is None:
        verdict = Verdict.reject("dead end" if node.terminal else "unfinished: the budget ran out")
    else:
        if node.answer not in verdicts:
            verdicts[node.answer] = verifier.verify(problem, node.answer)
        verdict = verdicts[node.answer]
    return Trace(steps=tuple(checked(s, ok, s.value) for s, ok in zip(steps, checks)), answer=node.answer,
                 verdict=verdict, reaches_answer=tuple(result.nodes[i].solved_below for i in path[1:]), first_wrong_step=first_wrong)


def _negatives(result: SearchResult, verifier: Verifier, problem: Problem, limit: int, verdicts: dict[str | None, Verdict],
               unfinished: bool = False) -> tuple[Trace, ...]:
    """Wrong-answer and dead-end paths (with ``unfinished``, then the deepest paths the budget cut short)."""
    ends = [n.id for n in result.terminals() if (n.reward or 0.0) < 1.0]
    if unfinished:
        leaves = [n for n in result.nodes if not n.terminal and not n.children and n.parent is not None]
        ends += [n.id for n in sorted(leaves, key=lambda n: (-n.depth, n.id))]
    return tuple(_trace(result, i, verifier, problem, verdicts) for i in ends[:limit])


def solve_problem(problem: Problem, settings: SearchSettings, min_steps: int = 2, space: Space | None = None) -> Outcome:
    """Search for a verified chain of thought; check every step; build the record (or the rejection).

    ``space`` defaults to the problem's registered step space (a language-model space is passed
    in by its step source).
    """
    verifier = VERIFIERS.get(problem.verifier)
    gold = verifier.verify(problem, problem.answer)
    if not gold.accepted:
        return Outcome(reject(problem, "verify_gold", Verdict.error(f"gold answer does not verify: {gold.reason}")))
    verdicts: dict[str | None, Verdict] = {problem.answer: gold}  # the search often finds the gold's own text

    def reward(answer: str | None) -> float:
        if answer not in verdicts:
            verdicts[answer] = verifier.verify(problem, answer)
        return 1.0 if verdicts[answer].accepted else 0.0

    registered = space is None
    space = space if space is not None else SPACES.get(problem.space)(problem)
    rng = random.Random(item_seed(problem.task, problem.task_version, problem.seed, problem.index) ^ 0x5EA2C4)
    result = SEARCHES.get(settings.algorithm)(space, reward, settings, rng)
    ledger = result.ledger

    def outcome(made: Record | Rejection) -> Outcome:
        return Outcome(made, ledger, result.solved_at, result.seconds)

    path = result.best_path()
    if path is None:
        caps = [f"{settings.max_expansions} expansions"]
        caps += [f"{settings.max_tokens} tokens"] if settings.max_tokens is not None else []
        caps += [f"{settings.max_seconds:g} s"] if settings.max_seconds is not None else []
        reason = f"no verified answer within the budget ({', '.join(caps)}; used {result.expansions} expansions)"
        attempts = _negatives(result, verifier, problem, max(settings.negatives, 1), verdicts, unfinished=True)
        return outcome(reject(problem, "search", Verdict.reject(reason), attempts=attempts, ledger=ledger, algorithm=result.algorithm))
    steps = path_steps(result, path)
    answer = result.nodes[path[-1]].answer
    checks = verifier.check_steps(problem, steps)
    bad = [i + 1 for i, ok in enumerate(checks) if ok is False]
    if bad or len(steps) < min_steps:
        stage, why = ("step_check", f"steps {bad} fail their check") if bad else (
            "filter", f"chain of thought has {len(steps)} step(s), fewer than min_steps={min_steps}")
        return outcome(reject(problem, stage, Verdict.reject(why), answer, cot_text(steps, answer), ledger=ledger, algorithm=result.algorithm))
    # wrong moves from a space of their own: a space may ration the slips it offers (CSP spaces offer a
    # few per instance), and the search has spent them on its own instance
    fresh = SPACES.get(problem.space)(problem) if registered else space
    negatives = record_negatives(problem, fresh, result, path, verifier, settings.negatives, verdicts, steps, checks)
    return outcome(build_record(problem, result, path, verdicts, negatives, checks, steps))


def record_negatives(problem: Problem, space: Space, result: SearchResult, path: list[int], verifier: Verifier, limit: int,
                     verdicts: dict[str | None, Verdict], steps: tuple[Step, ...] | None = None,
                     checks: list[bool | None] | None = None) -> tuple[Trace, ...]:
    """The record's negatives: the chain with a wrong move at some step, continued by sound moves to a wrong
    end (``continue_negative``); then, to fill ``limit``, the search's own failed paths that took no planted
    wrong move (a guess that ran into a contradiction, a language model's wrong chain)."""

    def verdict_of(answer: str | None) -> Verdict:
        if answer not in verdicts:
            verdicts[answer] = verifier.verify(problem, answer)
        return verdicts[answer]

    rng = random.Random(item_seed(problem.task, problem.task_version, problem.seed, problem.index) ^ 0x4E6A71)
    states = [result.nodes[i].state for i in path[:-1]]
    chain = steps if steps is not None else path_steps(result, path)
    made = continued_negatives(space, problem, verifier, chain, states, limit, rng, verdict_of, chain_checks=checks)
    if len(made) < limit and result.nodes:
        own = [t for t in _negatives(result, verifier, problem, len(result.nodes), verdicts) if not any(s.intended_wrong for s in t.steps)]
        made += tuple(own[: limit - len(made)])
    return made


def build_record(problem: Problem, result: SearchResult, path: list[int], verdicts: dict[str | None, Verdict],
                 negatives: tuple[Trace, ...], checks: list[bool | None], path_stepped: tuple[Step, ...] | None = None) -> Record:
    """The one row builder: the chosen chain with its checks, the negatives, what the search did and cost
    (``path_stepped``: ``path_steps(result, path)`` where the caller has it)."""
    plain = path_stepped if path_stepped is not None else path_steps(result, path)
    steps = tuple(checked(s, ok, s.value) for s, ok in zip(plain, checks))
    answer = result.nodes[path[-1]].answer
    chain = Trace(steps, answer, verdicts[answer], reaches_answer=tuple(result.nodes[i].solved_below for i in path[1:]))
    ledger = result.ledger
    metered = ledger.calls > 0  # the space called a model: its cost is part of the record
    summary = SearchSummary(result.algorithm, result.expansions, len(result.nodes), result.solved_at,
                            cost=ledger.now() if metered else None, cost_at_solution=ledger.at_solution if metered else None)
    metadata = problem.metadata
    if metered:
        spent = Cost(ledger.tokens, ledger.calls, ledger.expansions, ledger.seconds)
        metadata = json.dumps({**json.loads(problem.metadata), "cost": dataclasses.asdict(spent)})
    return Record(problem, chain, cot_text(steps, answer), search_trace(result, path=path),
                  negatives, summary, metadata)
