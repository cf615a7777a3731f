"""The step-space contract that every search algorithm works over."""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from cotforge.core.ledger import Ledger
from cotforge.core.records import Problem, Step

S = TypeVar("S")


@dataclass(frozen=True, slots=True)
class Move:
    """A proposed step and, for symbolic spaces, the state it leads to."""

    step: Step
    next_state: Any = None
    prior: float | None = None
    """Probability the proposer gives this move (an LM's step probability), if known."""


class Space(ABC, Generic[S]):
    """The moves available when solving one problem.

    A symbolic space proposes exact moves; ``propose_wrong`` may offer plausible
    wrong ones, each known to be wrong, which become labelled negatives.
    """

    def __init__(self, problem: Problem) -> None:
        self.problem = problem

    @property
    def ledger(self) -> Ledger:
        """What searching this space has cost so far: a model-backed space counts tokens and calls
        here, the search counts expansions and seconds (made on first use, so a subclass that does
        not call ``Space.__init__`` has one too)."""
        ledger = self.__dict__.get("_ledger")
        if ledger is None:
            ledger = self.__dict__["_ledger"] = Ledger()
        return ledger

    @ledger.setter
    def ledger(self, ledger: Ledger) -> None:
        self.__dict__["_ledger"] = ledger

    @abstractmethod
    def root(self) -> S:
        """The starting state (the problem as posed)."""

    @abstractmethod
    def propose(self, state: S, k: int) -> list[Move]:
        """Up to ``k`` candidate next steps from ``state``, best first."""

    def apply(self, state: S, move: Move) -> S:
        """The state after ``move``. Symbolic moves carry it already."""
        return move.next_state

    @abstractmethod
    def is_terminal(self, state: S) -> bool:
        """True when no further step applies (solved, or a dead end)."""

    @abstractmethod
    def answer(self, state: S) -> str | None:
        """The final answer a terminal state states, or None for a dead end."""

    def heuristic(self, state: S) -> float:
        """Estimated steps still needed (lower is closer); best-first orders by it."""
        return 0.0

    def key(self, state: S) -> Hashable:
        """A hashable identity for ``state`` so searches can merge duplicates."""
        return state

    def propose_wrong(self, state: S, k: int, rng: random.Random) -> list[Move]:
        """Up to ``k`` plausible wrong moves (``step.intended_wrong`` True). Default: none."""
        return []

    def conclude_careless(self, state: S) -> tuple[list[Step], str] | None:
        """From a wrong state, the steps and final answer of a solver that did not notice the slip: it
        goes on without looking for the contradiction and states the answer the wrong state implies
        (in the gold's format). For spaces whose sound moves from a wrong state end in a dead end, so
        that a negative can end like a solution. Default: None (no such conclusion)."""
        return None
