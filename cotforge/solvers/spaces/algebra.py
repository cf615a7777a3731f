"""Equation solving by sympy rewrites: clear fractions, expand, move terms, divide.

Each move applies the same operation to both sides, so it keeps the solution set;
the search chooses the order (for example, gather the unknown on the left or on
the right). Wrong moves on request apply an operation to one side only, or
divide where they should multiply: classic slips, each checked to really change
the solution set.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from math import lcm

import sympy
from sympy.parsing.sympy_parser import parse_expr

from cotforge.domains.algebra import fraction_text, pretty
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._latex import latex


@dataclass(frozen=True, slots=True)
class Equation:
    lhs: sympy.Expr
    rhs: sympy.Expr

    def machine(self) -> str:
        return f"{sympy.sstr(self.lhs)} = {sympy.sstr(self.rhs)}"

    def display(self) -> str:
        return pretty(self.machine())


def _signed_amount(term: sympy.Expr) -> tuple[str, str]:
    """("Subtract", "3x") for a positive term, ("Add", "3x") for a negative one."""
    if term.could_extract_minus_sign():
        return "Add", pretty(sympy.sstr(-term))
    return "Subtract", pretty(sympy.sstr(term))


class AlgebraSpace(Space[Equation]):
    """Rewrites of a linear equation in one unknown."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.x = sympy.Symbol(data["variable"])
        self.original = data["equation"]

    def root(self) -> Equation:
        lhs, rhs = self.original.split("=")
        local = {self.x.name: self.x}
        return Equation(parse_expr(lhs, local_dict=local, evaluate=False), parse_expr(rhs, local_dict=local, evaluate=False))

    def key(self, state: Equation) -> tuple:
        return (sympy.srepr(state.lhs), sympy.srepr(state.rhs))

    def _coeffs(self, side: sympy.Expr) -> tuple[sympy.Rational, sympy.Rational]:
        expanded = sympy.expand(side)
        return expanded.coeff(self.x, 1), expanded.coeff(self.x, 0)

    def _is_expanded(self, state: Equation) -> bool:
        return sympy.expand(state.lhs) == state.lhs and sympy.expand(state.rhs) == state.rhs

    def _denominator(self, state: Equation) -> int:
        coeffs = [*self._coeffs(state.lhs), *self._coeffs(state.rhs)]
        return lcm(*(int(sympy.fraction(c)[1]) for c in coeffs))

    def is_terminal(self, state: Equation) -> bool:
        if state.lhs == self.x and state.rhs.is_number:
            return True
        return not state.lhs.has(self.x) and not state.rhs.has(self.x)

    def answer(self, state: Equation) -> str | None:
        if state.lhs == self.x and state.rhs.is_Rational:
            return answer_latex(fraction_text(sympy_fraction(state.rhs)))
        return None

    def heuristic(self, state: Equation) -> float:
        (al, bl), (ar, br) = self._coeffs(state.lhs), self._coeffs(state.rhs)
        return float(
            (self._denominator(state) > 1)
            + (not self._is_expanded(state))
            + (ar != 0)
            + (bl != 0)
            + (al - ar not in (0, 1))
        )

    def _move(self, text: str, kind: str, new: Equation, wrong: bool = False) -> Move:
        step = Step(text=f"{text}: {new.display()}", state=new.machine(), kind=kind, intended_wrong=wrong, latex=latex(new.machine()))
        return Move(step=step, next_state=new)

    def _both_sides(self, state: Equation, term: sympy.Expr, kind: str, slip: bool = False) -> Move:
        """Subtract ``term`` from both sides (or, as a slip, add it on the right)."""
        verb, amount = _signed_amount(term)
        rhs = state.rhs + term if slip else state.rhs - term
        new = Equation(sympy.expand(state.lhs - term), sympy.expand(rhs))
        text = f"{verb} {amount} {'to' if verb == 'Add' else 'from'} both sides"
        return self._move(text, kind, new, wrong=slip)

    def propose(self, state: Equation, k: int) -> list[Move]:
        moves: list[Move] = []
        x = self.x
        if not self._is_expanded(state):
            new = Equation(sympy.expand(state.lhs), sympy.expand(state.rhs))
            return [self._move("Expand the brackets and combine like terms", "expand", new)]
        d = self._denominator(state)
        if d > 1:
            new = Equation(sympy.expand(d * state.lhs), sympy.expand(d * state.rhs))
            return [self._move(f"Multiply both sides by {d} to clear the fractions", "clear_fractions", new)]
        (al, bl), (ar, br) = self._coeffs(state.lhs), self._coeffs(state.rhs)
        if ar != 0:
            moves.append(self._both_sides(state, ar * x, "move_unknown"))
        if al != 0 and ar != 0:
            moves.append(self._both_sides(state, al * x, "move_unknown"))
        if ar == 0 and al != 0:  # unknown on the left only
            if bl != 0:
                moves.append(self._both_sides(state, bl, "move_constant"))
            elif al != 1:
                new = Equation(x, sympy.Rational(br) / al)
                moves.append(self._move(f"Divide both sides by {pretty(sympy.sstr(al))}", "divide", new))
            elif state.lhs != x:
                moves.append(self._move("Simplify", "simplify", Equation(x, state.rhs)))
        if al == 0 and ar != 0:  # unknown on the right only
            if br != 0:
                moves.append(self._both_sides(state, br, "move_constant"))
            else:
                new = Equation(x, sympy.Rational(bl) / ar)
                text = "Swap the two sides" if ar == 1 else f"Divide both sides by {pretty(sympy.sstr(ar))} and swap them"
                moves.append(self._move(text, "divide", new))
        return moves[:k]

    def propose_wrong(self, state: Equation, k: int, rng: random.Random) -> list[Move]:
        """Sign slips and inverted division, kept only if they change the solution set."""
        moves: list[Move] = []
        (al, bl), (ar, br) = self._coeffs(state.lhs), self._coeffs(state.rhs)
        expanded = self._is_expanded(state) and self._denominator(state) == 1
        if expanded and bl != 0 and al != 0:
            moves.append(self._both_sides(state, bl, "move_constant", slip=True))
        if expanded and ar != 0:
            moves.append(self._both_sides(state, ar * self.x, "move_unknown", slip=True))
        if al not in (0, 1) and bl == 0 and ar == 0:
            new = Equation(self.x, sympy.Rational(br) * al)
            moves.append(self._move(f"Divide both sides by {pretty(sympy.sstr(al))}", "divide", new, wrong=True))
        truth = self._solutions(state)
        kept = [m for m in moves if self._solutions(m.next_state) != truth]
        rng.shuffle(kept)
        return kept[:k]

    def _solutions(self, state: Equation) -> tuple:
        (al, bl), (ar, br) = self._coeffs(state.lhs), self._coeffs(state.rhs)
        if al == ar:
            return ("all",) if bl == br else ()
        return ((br - bl) / (al - ar),)


def sympy_fraction(value: sympy.Rational):  # type: ignore[no-untyped-def]
    from fractions import Fraction

    return Fraction(int(value.p), int(value.q))


SPACES.register("algebra", AlgebraSpace)
