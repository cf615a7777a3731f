"""Solving a problem by computing the quantities its graph defines, one per step.

Word problems, percentages, sequences and counting problems all state their work as a
graph (:mod:`cotforge.domains.quantities`), so one space serves them all.

Only the quantities the question needs are offered (an irrelevant fact is never
computed), in any order their inputs allow. Each step says what it finds and shows the
calculation in the quantity's unit ("The shirts cost 4 × $12 = $48."). Wrong moves on
request, each kept only if it changes the value and stays possible (no probability
above 1, no negative count): the wrong operation ("3 more" read as "3 times"), an
arithmetic slip, the wrong quantity used (a percent of the wrong base, where the
operand replaced is an amount of money), an off-by-one (``n - 1`` taken as ``n``,
one fewer left after a draw forgotten), and a complement mistake (``1 - p`` taken as ``p``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.domains.arith import ArithError
from cotforge.domains.quantities import (Quantity, answer_text, compute, from_json, is_ref, needed, operand, state_text)
from cotforge.solvers.spaces._latex import text
from cotforge.solvers.spaces._small_quant_texts import frame_latex, workings

CONFUSED = {"+": "*", "*": "+", "-": "+", "/": "*", "^": "*", "C": "P", "P": "C"}
"""The operation a hurried reader substitutes for each one."""
ERROR_KINDS = ("wrong_operation", "arithmetic_slip", "wrong_reference", "wrong_base", "off_by_one", "complement")


@dataclass(frozen=True, slots=True)
class KnownState:
    known: tuple[tuple[str, Fraction], ...]
    """Computed quantities so far, in the order found."""
    slipped: bool = False


def sentence(q: Quantity, calc: str) -> str:
    """The step's words: the label's frame filled with the calculation, or ``Label: calc.``."""
    if "{}" in q.label:
        filled = q.label.replace("{}", calc, 1)
        return filled[0].upper() + filled[1:]
    label = q.label[0].upper() + q.label[1:] if q.label[:2].isalpha() else q.label
    return f"{label}: {calc}."


def sentence_latex(q: Quantity, calc: str) -> str:
    """The LaTeX of a step: its words in ``\\text{}`` around the calculation."""
    if "{}" in q.label:
        before, _, after = q.label.partition("{}")
        before = before[0].upper() + before[1:] if before else before
        return (text(before) + " " if before else "") + calc + (" " + text(after) if after.strip(" .") else "")
    return text(q.label[0].upper() + q.label[1:] + ":") + " " + calc


def _texts(q: Quantity, shown: Quantity, values: dict[str, Fraction], value: Fraction, units: dict[str, str]) -> tuple[str, str]:
    """The calculation's words and the step's LaTeX: ``working`` and ``sentence_latex(q, working_latex(...))``, each
    number written once and the label's LaTeX kept per label (:mod:`._small_quant_texts`)."""
    calc, calc_tex = workings(shown, values, value, units)
    before, after = frame_latex(q.label)
    return calc, before + calc_tex + after


class QuantitiesSpace(Space[KnownState]):
    """Forward computation over one problem's graph."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.quantities = from_json(data["quantities"])
        self.by_id = {q.id: q for q in self.quantities}
        self.units = {q.id: q.unit for q in self.quantities}
        self.target = data["target"]
        self.wanted = needed(self.quantities, self.target)
        self.given = {q.id: Fraction(q.args[0]) for q in self.quantities if q.op == "given"}

    def root(self) -> KnownState:
        return KnownState(())

    def is_terminal(self, state: KnownState) -> bool:
        return any(k == self.target for k, _ in state.known)

    def answer(self, state: KnownState) -> str | None:
        return next((answer_text(v, self.units[k]) for k, v in state.known if k == self.target), None)

    def heuristic(self, state: KnownState) -> float:
        return float(len(self.wanted) - len(state.known))

    def _values(self, state: KnownState) -> dict[str, Fraction]:
        return {**self.given, **dict(state.known)}

    def _ready(self, state: KnownState) -> list[Quantity]:
        values = self._values(state)
        return [
            self.by_id[i] for i in self.wanted
            if i not in values and all(a in values for a in self.by_id[i].args if is_ref(a))
        ]  # fmt: skip

    def _move(self, state: KnownState, q: Quantity, value: Fraction, shown: Quantity, kind: str,
              error_kind: str = "") -> Move:
        values = self._values(state)
        known = state.known + ((q.id, value),)
        calc, tex = _texts(q, shown, values, value, self.units)
        step = Step(sentence(q, calc), state_text(dict(known)), kind, intended_wrong=bool(error_kind), latex=tex,
                    error_kind=error_kind)
        return Move(step, KnownState(known, state.slipped or bool(error_kind)))

    def propose(self, state: KnownState, k: int) -> list[Move]:
        values = self._values(state)
        moves = []
        for q in self._ready(state)[:k]:
            try:
                moves.append(self._move(state, q, self._compute(q, values), q, "compute"))
            except ArithError:
                continue
        return moves

    @staticmethod
    def _compute(q: Quantity, values: dict[str, Fraction]) -> Fraction:
        operands = [operand(a, values) for a in q.args]
        return compute(q.op, operands[0], operands[1])

    def _slips(self, q: Quantity, values: dict[str, Fraction], rng: random.Random) -> list[tuple[Quantity, Fraction | None, str]]:
        """Candidate wrong versions of ``q``: (the quantity as miscomputed, a forced value or None, kind)."""
        out: list[tuple[Quantity, Fraction | None, str]] = [(Quantity(q.id, CONFUSED[q.op], q.args, q.label, q.unit), None, "wrong_operation")]
        right = self._compute(q, values)
        if right.denominator == 1:
            off = right + (10 if abs(right) > 30 else 1) * rng.choice([1, -1])
        else:
            off = Fraction(right.numerator + 1, right.denominator)
        out.append((q, off, "arithmetic_slip"))
        refs = [i for i, a in enumerate(q.args) if is_ref(a)]
        others = [i for i in values if i not in q.args and values[i] != 0 and i in self.by_id]
        if others and refs:
            args = list(q.args)
            position = rng.choice(refs)
            args[position] = rng.choice(others)
            money_swap = self.units.get(str(q.args[position])) == "$" and self.units.get(str(args[position])) == "$"
            rate = any(self.units.get(a) == "dec" for a in q.args if is_ref(a))
            out.append((Quantity(q.id, q.op, tuple(args), q.label, q.unit), None, "wrong_base" if money_swap and rate else "wrong_reference"))
        rates = [i for i, a in enumerate(q.args) if is_ref(a) and self.units.get(a) == "dec"]
        if q.op == "*" and len(rates) == 1:  # a percent of the wrong amount: the price before the discount, the whole group
            base = q.args[1 - rates[0]]
            if is_ref(base):
                same = [i for i in values if i != base and i in self.by_id and self.units.get(i) == self.units.get(base) and values[i] != values[base]]
                if same:
                    args = list(q.args)
                    args[1 - rates[0]] = rng.choice(same)
                    out.append((Quantity(q.id, q.op, tuple(args), q.label, q.unit), None, "wrong_base"))
        if q.op in ("+", "-") and 1 in q.args and any(is_ref(a) for a in q.args):
            kind = "complement" if q.op == "-" and q.args[0] == 1 else "off_by_one"
            other = next(a for a in q.args if is_ref(a))
            out.append((q, values[other], kind))
        return out

    def propose_wrong(self, state: KnownState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or self.is_terminal(state):
            return []
        ready = self._ready(state)
        if not ready:
            return []
        q, values = rng.choice(ready), self._values(state)
        try:
            right = self._compute(q, values)
        except ArithError:
            return []
        whole = right.denominator == 1
        kept = []
        for shown, forced, kind in self._slips(q, values, rng):
            try:
                value = self._compute(shown, values) if forced is None else forced
            except ArithError:
                continue
            if value == right or (value < 0 and q.unit not in ("z", "q")) or (whole and value.denominator != 1) \
                    or (q.unit == "p" and value > 1):
                continue
            if q.unit == "$" and (value * 100).denominator != 1:
                continue
            kept.append((value, shown, kind))
        rng.shuffle(kept)  # the shuffle reads only the length: the same draws and order as over the moves
        return [self._move(state, q, value, shown, "compute", error_kind=kind) for value, shown, kind in kept[:k]]  # texts only for these


SPACES.register("quantities", QuantitiesSpace)
