"""The records that flow between generators, solvers, verifiers and the pipeline.

They are frozen so a record, once made, can be shared between search nodes and
processes without defensive copies. Free-form metadata is a JSON string so the
Arrow schema of output rows stays fixed whatever a task chooses to record.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from cotforge.core.ledger import Cost

Row = dict[str, Any]
"""A row of an output table, as pyarrow reads and writes it (column name -> value)."""

VerdictStatus = Literal["accept", "reject", "unreadable", "error"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """Outcome of a check.

    ``reject``: the answer was read and is wrong. ``unreadable``: no answer could be read from the
    text with certainty (missing, ambiguous, self-contradicting) - never guessed, never "wrong".
    ``error``: the check itself could not be made (unusable gold, a crash in the check).
    """

    status: VerdictStatus
    reason: str = ""

    def __post_init__(self) -> None:
        if self.status not in ("accept", "reject", "unreadable", "error"):
            raise ValueError(f"Verdict.status must be accept|reject|unreadable|error, got {self.status!r}")

    @property
    def accepted(self) -> bool:
        return self.status == "accept"

    @classmethod
    def accept(cls, reason: str = "") -> Verdict:
        return cls("accept", reason)

    @classmethod
    def reject(cls, reason: str) -> Verdict:
        return cls("reject", reason)

    @classmethod
    def unreadable(cls, reason: str) -> Verdict:
        return cls("unreadable", reason)

    @classmethod
    def error(cls, reason: str) -> Verdict:
        return cls("error", reason)


@dataclass(frozen=True, slots=True)
class Problem:
    """A question with a checkable gold answer, and everything needed to solve and check it."""

    task: str
    task_version: int
    domain: str
    level: int
    seed: int
    index: int
    question: str
    answer: str
    """Gold answer in canonical text form (what a verifier compares against)."""
    payload: str
    """JSON string with the machine form of the problem (equation, statements, program)."""
    space: str
    """Registry key of the step space that solves this problem."""
    verifier: str
    """Registry key of the verifier that checks answers and steps."""
    metadata: str = "{}"
    """JSON string with free-form provenance (generator parameters, difficulty details)."""

    @property
    def uid(self) -> str:
        return f"{self.task}-v{self.task_version}-L{self.level}-s{self.seed}-{self.index}"

    def data(self) -> dict[str, Any]:
        """The decoded payload."""
        return json.loads(self.payload)


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a chain of thought: readable text plus the state it leads to."""

    text: str
    """The step as a careful human would write it."""
    state: str
    """The state after the step, in a machine-checkable text form (an equation, an assignment)."""
    kind: str = "step"
    """What sort of move this is: expand, collect, assume, deduce, execute, answer, ..."""
    value: float | None = None
    """Search value of the prefix ending in this step (exact or a Monte Carlo estimate)."""
    verified: bool | None = None
    """Step check: True = shown correct, False = shown wrong, None = not checkable."""
    intended_wrong: bool = False
    """True when the space proposed this as a plausible wrong move (a labelled negative)."""
    latex: str = ""
    """LaTeX of the new state (math step spaces fill it; empty where a state has no formula)."""
    error_kind: str = ""
    """For a plausible wrong move: which mistake it is (``sign_slip``, ``wrong_rule``, ``misread_clue`` ...),
    from the space's catalogue of error kinds; empty for a sound step."""


@dataclass(frozen=True, slots=True)
class Trace:
    """A path through the step tree, its final answer and the verdict on that answer."""

    steps: tuple[Step, ...]
    answer: str | None
    verdict: Verdict = field(default_factory=lambda: Verdict.error("not verified"))
    reaches_answer: tuple[bool | None, ...] = ()
    """Per step: True once the search found a verified answer below it (empty: not known)."""
    first_wrong_step: int | None = None
    """Index of the first step known to be wrong (a deliberate slip, or one its check fails)."""

    def with_steps(self, steps: tuple[Step, ...]) -> Trace:
        return dataclasses.replace(self, steps=steps)


@dataclass(frozen=True, slots=True)
class SearchSummary:
    """What the search did for one problem."""

    algorithm: str
    expansions: int
    nodes: int
    solved_at: int | None
    """Expansions spent when the first verified answer was found (None: never)."""
    cost: Cost | None = None
    """What a model-backed search spent (tokens, calls, expansions, seconds); None for a symbolic space."""
    cost_at_solution: Cost | None = None
    """The same at the first verified answer (None: unsolved, or a symbolic space)."""


@dataclass(frozen=True, slots=True)
class Record:
    """The output record: a problem, its verified chain of thought, and what the search learnt on the way."""

    problem: Problem
    chain: Trace
    """The chosen chain: checked steps, the final answer, the verifier's verdict."""
    cot: str
    """The chain written out as the fine-tuning target."""
    search_cot: str
    """The search written out, with its wrong turns (Stream of Search)."""
    negatives: tuple[Trace, ...]
    """Wrong-answer and dead-end chains, each with its first wrong step and why it failed."""
    search: SearchSummary
    metadata: str
    """JSON provenance: the problem's own, plus the search cost where a model was used."""


@dataclass(frozen=True, slots=True)
class Rejection:
    """A problem that yields no record, with the stage that dropped it and why; what was tried is kept."""

    problem: Problem
    stage: str
    """Where it was dropped: verify_gold, search, step_check, filter, dedup, ..."""
    verdict: Verdict
    final_answer: str | None = None
    cot: str | None = None
    """The chain that was judged and dropped (step_check, filter, dedup), written out."""
    attempts: tuple[Trace, ...] = ()
    """Chains the search explored (a model's text, for a language-model space), wrong or unfinished."""
