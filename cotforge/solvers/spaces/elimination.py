"""Solving a linear system by elimination and substitution, with exact rows.

Moves: rewrite the equations in standard form (sympy expands and collects, once);
combine two equations to eliminate an unknown (and divide out a common factor);
solve an equation in one unknown; substitute a known value into the others. Each
keeps the solution set. Wrong moves on request are a sign slip or an arithmetic
slip in the combined constant, a substituted value with the wrong sign, and a
division turned upside down, each checked by exact elimination to change the solution.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from math import gcd

import sympy
from sympy.parsing.sympy_parser import parse_expr

from cotforge.domains.algebra import fraction_text
from cotforge.domains.linear import Row, row_text, solve, system_text
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._latex import latex

ORDINAL = ("first", "second", "third", "fourth")
ELIMINATIONS = 2
"""Eliminations offered per state (the cheapest): more only multiplies equivalent orders."""


@dataclass(frozen=True, slots=True)
class SystemState:
    rows: tuple[Row, ...] | None
    """Standard-form rows; None while the equations are still as written."""
    slipped: bool = False


def _scale(row: Row, k: Fraction) -> Row:
    return tuple(c * k for c in row[0]), row[1] * k


def _combine(a: Row, ka: Fraction, b: Row, kb: Fraction) -> Row:
    """``ka * a + kb * b``, divided by the common factor of its integer entries."""
    coeffs = tuple(ka * x + kb * y for x, y in zip(a[0], b[0]))
    const = ka * a[1] + kb * b[1]
    row = (coeffs, const)
    if all(v.denominator == 1 for v in (*coeffs, const)):
        g = 0
        for v in (*coeffs, const):
            g = gcd(g, int(v))
        first = next((c for c in coeffs if c != 0), Fraction(1))
        if g > 1 or first < 0:
            row = _scale(row, Fraction(1 if first > 0 else -1, g or 1))
    return row


def _h(value: Fraction) -> str:
    return fraction_text(value)


class EliminationSpace(Space[SystemState]):
    """Elimination over the standard-form rows of one system."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.names: tuple[str, ...] = tuple(data["variables"])
        self.equations: list[str] = data["equations"]
        self.n = len(self.names)
        self._memo: dict[SystemState, list[tuple[int, Move]]] = {}

    def _standard(self) -> tuple[Row, ...]:
        symbols = {n: sympy.Symbol(n) for n in self.names}
        rows = []
        for equation in self.equations:
            lhs, rhs = equation.split("=")
            diff = sympy.expand(parse_expr(lhs, local_dict=symbols) - parse_expr(rhs, local_dict=symbols))
            coeffs = tuple(Fraction(str(diff.coeff(symbols[n], 1))) for n in self.names)
            rows.append((coeffs, -Fraction(str(diff.subs({s: 0 for s in symbols.values()})))))
        return tuple(rows)

    def root(self) -> SystemState:
        rows = self._standard()
        written = tuple(row_text(r, self.names) for r in rows)
        return SystemState(rows if written == tuple(self.equations) else None)

    def key(self, state: SystemState) -> tuple:
        return (state.rows, state.slipped)

    def _solved(self, row: Row) -> int | None:
        """The unknown a row gives outright (``x = 3``), if any."""
        nonzero = [i for i, c in enumerate(row[0]) if c != 0]
        return nonzero[0] if len(nonzero) == 1 and row[0][nonzero[0]] == 1 else None

    def is_terminal(self, state: SystemState) -> bool:
        if state.rows is None:
            return False
        return sorted(self._solved(r) if self._solved(r) is not None else -1 for r in state.rows) == list(range(self.n))

    def answer(self, state: SystemState) -> str | None:
        if state.rows is None or not self.is_terminal(state):
            return None
        values = {self._solved(r): r[1] for r in state.rows}
        return answer_latex("(" + ", ".join(_h(values[i]) for i in range(self.n)) + ")", "tuple")

    def heuristic(self, state: SystemState) -> float:
        if state.rows is None:
            return 1.0 + self.n * self.n
        extra = sum(sum(1 for c in r[0] if c != 0) for r in state.rows) - self.n
        unscaled = sum(1 for r in state.rows if sum(1 for c in r[0] if c) == 1 and self._solved(r) is None)
        return float(extra + unscaled)

    def _move(self, state: SystemState, rows: tuple[Row, ...], text: str, kind: str, wrong: bool = False) -> Move:
        shown = system_text(rows, self.names, human=True)
        machine = system_text(rows, self.names)
        step = Step(f"{text}. The system is now: {shown}.", machine, kind, intended_wrong=wrong, latex=latex(machine))
        return Move(step, SystemState(rows, state.slipped or wrong))

    def propose(self, state: SystemState, k: int) -> list[Move]:
        if state.rows is None:
            text = "Expand the brackets and collect the unknowns on the left of each equation"
            return [self._move(state, self._standard(), text, "standard_form")]
        rows = state.rows
        for i, row in enumerate(rows):  # an equation in one unknown: solve it
            nonzero = [j for j, c in enumerate(row[0]) if c != 0]
            if len(nonzero) == 1 and row[0][nonzero[0]] != 1:
                c = row[0][nonzero[0]]
                new = rows[:i] + (_scale(row, 1 / c),) + rows[i + 1 :]
                return [self._move(state, new, f"Divide the {ORDINAL[i]} equation by {_h(c)}", "solve")]
        moves = [self._substitute(state, i) for i, r in enumerate(rows) if self._solved(r) is not None]
        moves = [m for m in moves if m is not None]
        if moves:
            return moves[:k]
        return [m for _, m in self._eliminations(state)[: min(k, ELIMINATIONS)]]

    def _substitute(self, state: SystemState, i: int, sign: int = 1) -> Move | None:
        rows = state.rows or ()
        var = self._solved(rows[i])
        if var is None:
            return None
        value = rows[i][1] * sign
        new = list(rows)
        touched = []
        for j, row in enumerate(rows):
            if j != i and row[0][var] != 0:
                coeffs = tuple(Fraction(0) if t == var else c for t, c in enumerate(row[0]))
                new[j] = (coeffs, row[1] - row[0][var] * value)
                touched.append(ORDINAL[j])
        if not touched:
            return None
        text = f"Substitute {self.names[var]} = {_h(value)} into the {' and '.join(touched)} equation{'s' if len(touched) > 1 else ''}"
        return self._move(state, tuple(new), text, "substitute", wrong=sign != 1)

    def _eliminations(self, state: SystemState) -> list[tuple[int, Move]]:
        """Pairs of equations and a shared unknown, cheapest multipliers first.

        Only an equation whose unknowns are among the other's is used to eliminate
        (so every elimination shrinks the system), unless no such pair exists.
        """
        if state in self._memo:
            return self._memo[state]
        rows = state.rows or ()
        support = [frozenset(v for v, c in enumerate(r[0]) if c != 0) for r in rows]
        nested = any(i != j and support[i] <= support[j] and self._solved(rows[i]) is None for i in range(len(rows)) for j in range(len(rows)))
        out = []
        for i, a in enumerate(rows):
            for j, b in enumerate(rows):
                if i == j or self._solved(a) is not None or self._solved(b) is not None:
                    continue
                if nested and not support[i] <= support[j]:
                    continue
                for v in range(self.n):
                    if a[0][v] == 0 or b[0][v] == 0:
                        continue
                    ka, kb = b[0][v], a[0][v]
                    g = Fraction(gcd(int(ka), int(kb))) if ka.denominator == kb.denominator == 1 else Fraction(1)
                    ka, kb = ka / g, kb / g
                    new_row = _combine(b, kb, a, -ka)
                    text = self._elimination_text(i, j, ka, kb, self.names[v])
                    new = rows[:j] + (new_row,) + rows[j + 1 :]
                    out.append((int(abs(ka) + abs(kb)), self._move(state, new, text, "eliminate")))
        out.sort(key=lambda item: item[0])
        self._memo[state] = out
        return out

    def _elimination_text(self, i: int, j: int, ka: Fraction, kb: Fraction, name: str) -> str:
        """Words for "replace equation j by kb*(j) - ka*(i)", multipliers shown only when not 1."""
        if kb < 0:
            ka, kb = -ka, -kb
        verb, prep = ("Subtract", "from") if ka > 0 else ("Add", "to")
        first = f"the {ORDINAL[i]} equation" if abs(ka) == 1 else f"{_h(abs(ka))} times the {ORDINAL[i]} equation"
        second = f"the {ORDINAL[j]}" if kb == 1 else f"{_h(kb)} times the {ORDINAL[j]}"
        return f"{verb} {first} {prep} {second} to eliminate {name}"

    def propose_wrong(self, state: SystemState, k: int, rng: random.Random) -> list[Move]:
        """Slips in the constant of a combination, a substituted sign, an inverted division."""
        if state.slipped or state.rows is None:
            return []
        truth = solve(state.rows)
        moves: list[Move] = []
        for _, move in self._eliminations(state)[:1]:
            assert move.next_state is not None
            rows = move.next_state.rows
            for j, (old, new) in enumerate(zip(state.rows, rows)):
                if old != new:
                    for wrong_const, kind in ((-new[1], "sign_slip"), (new[1] + 1, "arithmetic_slip")):
                        bad = rows[:j] + ((new[0], wrong_const),) + rows[j + 1 :]
                        moves.append(self._move(state, bad, move.step.text.split(". The system")[0], kind, wrong=True))
        for i, row in enumerate(state.rows):
            if self._solved(row) is not None and row[1] != 0:
                slip = self._substitute(state, i, sign=-1)
                if slip is not None:
                    moves.append(slip)
            nonzero = [v for v, c in enumerate(row[0]) if c != 0]
            if len(nonzero) == 1 and row[0][nonzero[0]] not in (0, 1) and row[1] != 0:
                c = row[0][nonzero[0]]
                coeffs = tuple(Fraction(1) if v == nonzero[0] else Fraction(0) for v in range(self.n))
                bad = state.rows[:i] + ((coeffs, c / row[1]),) + state.rows[i + 1 :]
                moves.append(self._move(state, bad, f"Divide the {ORDINAL[i]} equation by {_h(c)}", "division_slip", True))
        kept = [m for m in moves if m.next_state is not None and solve(m.next_state.rows) != truth]
        rng.shuffle(kept)
        return kept[:k]


SPACES.register("elimination", EliminationSpace)
