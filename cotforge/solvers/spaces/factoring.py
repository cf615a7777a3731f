"""Factoring a polynomial completely: common factor, trinomials, squares, grouping.

A state holds the factors found so far and the one polynomial still being worked
on, possibly rewritten (middle term split, or terms grouped). Moves: take out the
common factor (with a power of x); factor a monic trinomial by the product–sum
method; split the middle term of a non-monic one, group, and take out the common
bracket; a difference of two squares or a perfect square; grouping a cubic. Each
keeps the polynomial. Wrong moves on request are sign slips in each method and a
common factor divided out of the first term only; each is checked by expanding.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from math import gcd, isqrt

import sympy

from cotforge.domains.polynomial import poly_text
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._latex import latex

X = sympy.Symbol("x")
Coeffs = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class FactorState:
    done: tuple[str, ...]
    """Factors that cannot be factored further, in machine text."""
    work: Coeffs | None
    """The polynomial still to factor (highest power first), or None when finished."""
    rewrite: str = ""
    """The work polynomial as rewritten so far (split or grouped), if it has been."""
    split: tuple[int, int] = (0, 0)
    """The two coefficients the middle term was split into."""
    started: bool = False
    slipped: bool = False


def _lin(a: int, b: int) -> str:
    return f"({poly_text([a, b], 'x')})"


def _p(n: int) -> str:
    return f"({n})" if n < 0 else str(n)


def _square(n: int) -> int | None:
    return isqrt(n) if n >= 0 and isqrt(n) ** 2 == n else None


def _pair(product: int, total: int) -> tuple[int, int] | None:
    """Two integers with the given product and sum."""
    for m in range(-abs(product) - 1, abs(product) + 2):
        if m and product % m == 0 and m + product // m == total:
            return m, product // m
    return None if product else ((0, total) if total else None)


def state_text(state: FactorState) -> str:
    work = ""
    if state.work is not None:
        work = f"({state.rewrite or poly_text(list(state.work), 'x')})"
    parts = [*state.done] + ([work] if work else [])
    return "*".join(parts) if parts else "1"


def show(text: str) -> str:
    return text.replace("**", "^").replace(")*(", ")(").replace("*(", "(").replace("*x", "x").replace("*", "·")


class FactoringSpace(Space[FactorState]):
    """Complete factorisation of one polynomial with integer coefficients."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        text = problem.data()["expression"]
        self.coeffs: Coeffs = tuple(int(c) for c in sympy.Poly(sympy.sympify(text, locals={"x": X}), X).all_coeffs())
        self.value = sympy.expand(sympy.sympify(text, locals={"x": X}))

    def root(self) -> FactorState:
        return FactorState((), self.coeffs)

    def is_terminal(self, state: FactorState) -> bool:
        return state.work is None

    def answer(self, state: FactorState) -> str | None:
        return state_text(state) if state.work is None else None

    def heuristic(self, state: FactorState) -> float:
        if state.work is None:
            return 0.0
        return float(len(state.work) - 2 + (not state.started) + (1 if state.rewrite else 0))

    def _move(self, state: FactorState, new: FactorState, text: str, kind: str, wrong: bool = False) -> Move:
        new = FactorState(new.done, new.work, new.rewrite, new.split, True, state.slipped or wrong)
        machine = state_text(new)
        return Move(Step(f"{text}: {show(machine)}", machine, kind, intended_wrong=wrong, latex=latex(machine)), new)

    def propose(self, state: FactorState, k: int) -> list[Move]:
        return self._moves(state, slip=False)[:k]

    def propose_wrong(self, state: FactorState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or state.work is None:
            return []
        kept = [m for m in self._moves(state, slip=True) if sympy.expand(sympy.sympify(m.step.state, locals={"x": X})) != self.value]
        rng.shuffle(kept)
        return kept[:k]

    def _moves(self, state: FactorState, slip: bool) -> list[Move]:
        work = state.work
        if work is None:
            return []
        if not state.started:
            g = gcd(*work)
            power = next(i for i, c in enumerate(reversed(work)) if c)
            if g > 1 or power:
                return self._common(state, g, power, slip)
        if len(work) == 4:
            return self._grouping(state, slip)
        if len(work) == 3:
            return self._quadratic(state, slip)
        return [self._move(state, FactorState(state.done + (_lin(*work),), None), "The remaining factor is linear", "done")] if not slip else []

    def _common(self, state: FactorState, g: int, power: int, slip: bool) -> list[Move]:
        work = state.work or ()
        inner = list(work[: len(work) - power])
        reduced = [inner[0] // g] + inner[1:] if slip else [c // g for c in inner]
        outside = ([str(g)] if g > 1 else []) + (["x" if power == 1 else f"x**{power}"] if power else [])
        shown = show("*".join(outside))
        new = FactorState(state.done + tuple(outside), tuple(reduced))
        done = len(reduced) == 2
        if done and not slip:
            new = FactorState(new.done + (_lin(*reduced),), None)
        return [self._move(state, new, f"Take out the common factor {shown}", "common_slip" if slip else "common_factor", slip)]

    def _quadratic(self, state: FactorState, slip: bool) -> list[Move]:
        a, b, c = state.work or (0, 0, 0)
        ra, rc = _square(a), _square(-c) if b == 0 else None
        if b == 0 and ra and rc:
            second = (ra, -rc) if slip else (ra, rc)
            new = FactorState(state.done + (_lin(ra, -rc), _lin(*second)), None)
            text = f"Difference of two squares: ({show(poly_text([ra, 0], 'x'))})^2 - {rc}^2 = (A - B)(A + B)"
            return [self._move(state, new, text, "squares_slip" if slip else "difference_of_squares", slip)]
        sa, sc = _square(a), _square(c)
        if sa and sc and b * b == 4 * a * c:
            sign = 1 if b > 0 else -1
            lin = _lin(sa, sign * sc * (-1 if slip else 1))
            new = FactorState(state.done + (lin, lin), None)
            text = f"Perfect square: {show(poly_text([a, b, c], 'x'))} = ({show(lin[1:-1])})^2"
            return [self._move(state, new, text, "perfect_square_slip" if slip else "perfect_square", slip)]
        pair = _pair(a * c, b)
        if pair is None:
            return [] if slip else [self._move(state, FactorState(state.done + (f"({poly_text([a, b, c], 'x')})",), None), "This quadratic has no rational roots, so it stays as it is", "irreducible")]
        m, n = pair
        if a == 1:
            signs = (-m, -n) if slip else (m, n)
            new = FactorState(state.done + (_lin(1, signs[0]), _lin(1, signs[1])), None)
            text = f"Two numbers that multiply to {c} and add to {b} are {m} and {n}"
            return [self._move(state, new, text, "product_sum_slip" if slip else "product_sum", slip)]
        if not state.rewrite:
            m, n = (-m, -n) if slip else (m, n)
            split = f"{poly_text([a, 0, 0], 'x')} + {poly_text([m, 0], 'x')} + {poly_text([n, 0], 'x')} + {c}".replace("+ -", "- ")
            text = f"Split the middle term: {_p(m)} × {_p(n)} = {a * c} = a·c and {_p(m)} + {_p(n)} = {m + n}"
            return [self._move(state, FactorState(state.done, state.work, split, (m, n)), text, "split_slip" if slip else "split", slip)]
        # grouped: a x^2 + m x + n x + c = g1 x (p x + q) + g2 (p x + q)
        m, n = state.split
        g1 = gcd(a, m)
        p, q = a // g1, m // g1
        g2 = n // p
        if slip:
            g2 = -g2
        new = FactorState(state.done + (_lin(p, q), _lin(g1, g2)), None)
        grouped = show(f"{poly_text([g1, 0], 'x')}*{_lin(p, q)} {'+' if n // p > 0 else '-'} {abs(n // p)}*{_lin(p, q)}")
        text = f"Group in pairs: {grouped}, then take out the common bracket"
        return [self._move(state, new, text, "group_slip" if slip else "group", slip)]

    def _grouping(self, state: FactorState, slip: bool) -> list[Move]:
        a3, a2, a1, a0 = state.work or (0, 0, 0, 0)
        if a3 != 1 or a2 == 0 or a0 != a1 * a2:
            return []
        bracket = _lin(1, a2)
        rest = (1, 0, -a1 if slip else a1)
        text = f"Group in pairs: x^2{bracket} {'+' if a1 > 0 else '-'} {abs(a1)}{bracket}, then take out the common bracket"
        new = FactorState(state.done + (bracket,), rest)
        return [self._move(state, new, text, "grouping_slip" if slip else "grouping", slip)]


SPACES.register("factoring", FactoringSpace)
