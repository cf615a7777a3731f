"""Solving a problem by computing the quantities its graph defines, one per step.

Word problems, sequences and counting problems all state their work as a graph
(:mod:`cotforge.domains.quantities`), so one space serves them all.

Only the quantities the question needs are offered (an irrelevant fact is never
computed), in any order their inputs allow. Each step states what it finds and the
calculation ("Ben's apples: 3 × 12 = 36"). Wrong moves on request: the wrong
operation ("3 more" taken as "3 times", "half as many" as "twice"), an arithmetic
slip, or the wrong person's amount used; each is kept only if it changes the value.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from cotforge.domains.algebra import fraction_text
from cotforge.domains.arith import ArithError
from cotforge.domains.quantities import Quantity, compute, from_json, needed, state_text, working
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._latex import latex, text

CONFUSED = {"+": "*", "*": "+", "-": "/", "/": "*", "^": "*", "C": "P", "P": "C"}
"""The operation a hurried reader substitutes for each one."""


@dataclass(frozen=True, slots=True)
class KnownState:
    known: tuple[tuple[str, Fraction], ...]
    """Computed quantities so far, in the order found."""
    slipped: bool = False


class QuantitiesSpace(Space[KnownState]):
    """Forward computation over one word problem's graph."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.quantities = from_json(data["quantities"])
        self.by_id = {q.id: q for q in self.quantities}
        self.target = data["target"]
        self.wanted = needed(self.quantities, self.target)
        self.given = {q.id: Fraction(q.args[0]) for q in self.quantities if q.op == "given"}

    def root(self) -> KnownState:
        return KnownState(())

    def is_terminal(self, state: KnownState) -> bool:
        return any(k == self.target for k, _ in state.known)

    def answer(self, state: KnownState) -> str | None:
        return next((fraction_text(v) for k, v in state.known if k == self.target), None)

    def heuristic(self, state: KnownState) -> float:
        return float(len(self.wanted) - len(state.known))

    def _values(self, state: KnownState) -> dict[str, Fraction]:
        return {**self.given, **dict(state.known)}

    def _ready(self, state: KnownState) -> list[Quantity]:
        values = self._values(state)
        return [
            self.by_id[i] for i in self.wanted
            if i not in values and all(a in values for a in self.by_id[i].args if isinstance(a, str))
        ]  # fmt: skip

    def _move(self, state: KnownState, q: Quantity, value: Fraction, calc: str, kind: str, wrong: bool = False) -> Move:
        known = state.known + ((q.id, value),)
        label = q.label[0].upper() + q.label[1:] if q.label[:2].isalpha() else q.label
        tex = f"{text(label)} = {latex(calc)}"
        step = Step(f"{label}: {calc}.", state_text(dict(known)), kind, intended_wrong=wrong, latex=tex)
        return Move(step, KnownState(known, state.slipped or wrong))

    def propose(self, state: KnownState, k: int) -> list[Move]:
        values = self._values(state)
        moves = []
        for q in self._ready(state)[:k]:
            try:
                moves.append(self._move(state, q, self._compute(q, values), working(q, values), "compute"))
            except ArithError:
                continue
        return moves

    @staticmethod
    def _compute(q: Quantity, values: dict[str, Fraction], op: str | None = None, args: tuple | None = None) -> Fraction:
        operands = [values[a] if isinstance(a, str) else Fraction(a) for a in (args or q.args)]
        return compute(op or q.op, operands[0], operands[1])

    def propose_wrong(self, state: KnownState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or self.is_terminal(state):
            return []
        ready = self._ready(state)
        if not ready:
            return []
        q, values = ready[0], self._values(state)
        right = self._compute(q, values)
        slips: list[tuple[Fraction, str, str]] = []
        op = CONFUSED[q.op]
        wrong_q = Quantity(q.id, op, q.args, q.label)
        try:
            value = self._compute(q, values, op=op)
            slips.append((value, working(wrong_q, values, value), "wrong_operation"))
        except ArithError:
            pass
        off = right + (10 if right > 30 else 1) * rng.choice([1, -1]) if right.denominator == 1 else Fraction(right.numerator + 1, right.denominator)
        slips.append((off, working(q, values, off), "arithmetic_slip"))
        others = [i for i in values if i not in q.args and values[i] != 0]
        refs = [i for i, a in enumerate(q.args) if isinstance(a, str)]
        if others and refs:
            args = list(q.args)
            args[refs[0]] = rng.choice(others)
            swapped = Quantity(q.id, q.op, tuple(args), q.label)
            try:
                value = self._compute(swapped, values)
                slips.append((value, working(swapped, values, value), "wrong_reference"))
            except ArithError:
                pass
        whole = right.denominator == 1
        kept = [self._move(state, q, v, calc, kind, wrong=True) for v, calc, kind in slips if v != right and v >= 0 and (v.denominator == 1 or not whole)]
        rng.shuffle(kept)
        return kept[:k]


SPACES.register("quantities", QuantitiesSpace)
