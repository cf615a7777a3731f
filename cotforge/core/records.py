"""The records that flow between generators, solvers, verifiers and the pipeline.

They are frozen so a record, once made, can be shared between search nodes and
processes without defensive copies. Free-form metadata is a JSON string so the
Arrow schema of output rows stays fixed whatever a task chooses to record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

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
    def accept(cls, reason: str = "") -> "Verdict":
        return cls("accept", reason)

    @classmethod
    def reject(cls, reason: str) -> "Verdict":
        return cls("reject", reason)

    @classmethod
    def unreadable(cls, reason: str) -> "Verdict":
        return cls("unreadable", reason)

    @classmethod
    def error(cls, reason: str) -> "Verdict":
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

    def with_steps(self, steps: tuple[Step, ...]) -> "Trace":
        return Trace(steps=steps, answer=self.answer, verdict=self.verdict)
