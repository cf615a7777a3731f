"""Solving a quadratic equation with sympy rewrites: standard form, factor or formula.

A state is a disjunction of equations ("x - 2 = 0 or x + 3 = 0"), kept as machine
text. Moves: bring every term to the left; divide out a common factor; factor
(when the roots are rational) and split the product; isolate x² and take both
square roots; or use the quadratic formula and then simplify. Every move keeps
the solution set. Wrong moves on request are the classic slips: a term moved
without changing its sign, factors with the wrong signs, the formula without the
minus on b or over a instead of 2a, a lost square root, dividing by x.
"""

from __future__ import annotations

import cmath
import dataclasses
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from math import gcd

import sympy
from sympy.parsing.sympy_parser import parse_expr

from cotforge.domains.polynomial import poly_text, root_set_text, root_text
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._latex import latex


@dataclass(frozen=True, slots=True)
class QuadState:
    parts: tuple[tuple[str, str], ...]
    """Equations (left, right) in machine text, any one of which may hold."""
    raw: bool = False
    """True right after the formula: the roots still need simplifying."""
    discriminant: bool = False
    """True once the discriminant has been worked out (the formula comes next)."""
    slipped: bool = False


@lru_cache(maxsize=4096)
def _expr(text: str, v: str) -> sympy.Expr:
    return parse_expr(text, local_dict={v: sympy.Symbol(v)})


def _paren(n: int) -> str:
    return f"({n})" if n < 0 else str(n)


def show(text: str) -> str:
    """How a person writes machine text: 2x^2, √5, i."""
    out = re.sub(r"sqrt\((\d+)\)", r"√\1", text).replace("**", "^").replace("sqrt", "√").replace("*I", "i").replace("I", "i")
    for name in "xyzt":
        out = out.replace(f"{name}*(", f"{name}(")
    out = out.replace("*", "")
    return out


class QuadraticSpace(Space[QuadState]):
    """Rewrites of one quadratic equation in one unknown."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.v = data["variable"]
        self.x = sympy.Symbol(self.v)
        lhs, rhs = data["equation"].split("=")
        self.start = QuadState(((lhs.strip(), rhs.strip()),))

    def root(self) -> QuadState:
        return self.start

    def key(self, state: QuadState) -> tuple:
        return (state.parts, state.raw, state.discriminant, state.slipped)

    def _poly(self, part: tuple[str, str]) -> sympy.Poly:
        return sympy.Poly(sympy.expand(_expr(part[0], self.v) - _expr(part[1], self.v)), self.x)

    def _solved(self, part: tuple[str, str]) -> bool:
        return part[0] == self.v and self.x not in _expr(part[1], self.v).free_symbols

    def is_terminal(self, state: QuadState) -> bool:
        return not state.raw and all(self._solved(p) for p in state.parts)

    def answer(self, state: QuadState) -> str | None:
        return answer_latex(root_set_text(_expr(p[1], self.v) for p in state.parts), "set") if self.is_terminal(state) else None

    def heuristic(self, state: QuadState) -> float:
        if state.raw:
            return 1.0
        if len(state.parts) > 1:
            return float(any(not self._solved(p) for p in state.parts))
        part = state.parts[0]
        if self._solved(part):
            return 0.0
        special = self._special(part)
        if special:
            return 2.0 if special == "product" else 1.0
        poly = self._poly(part)
        cost = 0.0 if self._standard(part) else 1.0
        coeffs = [int(c) for c in poly.all_coeffs()]
        cost += 1.0 if gcd(*coeffs) > 1 or coeffs[0] < 0 else 0.0
        return cost + (2.0 if poly.degree() == 2 else 1.0)

    def _special(self, part: tuple[str, str]) -> str:
        """"product" for a factored form equal to zero, "square" for x² = k, else ""."""
        if part[0] == f"{self.v}**2" and self.x not in _expr(part[1], self.v).free_symbols:
            return "square"
        lhs = _expr(part[0], self.v)
        if part[1] == "0" and isinstance(lhs, sympy.Mul) and sum(1 for f in lhs.args if f.has(self.x)) >= 2:
            return "product"
        return ""

    def _standard(self, part: tuple[str, str]) -> bool:
        return part[1] == "0" and part[0] == poly_text([int(c) for c in self._poly(part).all_coeffs()], self.v)

    def _move(self, state: QuadState, parts: tuple[tuple[str, str], ...], text: str, kind: str, raw: bool = False, wrong: bool = False) -> Move:
        new = QuadState(parts, raw, state.slipped or wrong)
        machine = " or ".join(f"{a} = {b}" for a, b in parts)
        step = Step(f"{text}: {show(machine)}", machine, kind, intended_wrong=wrong, latex=latex(machine))
        return Move(step, new)

    def propose(self, state: QuadState, k: int) -> list[Move]:
        if state.raw:
            parts = tuple((a, root_text(_expr(b, self.v))) for a, b in state.parts)
            return [self._move(state, parts, "Simplify", "simplify")]
        if len(state.parts) > 1 or self._special(state.parts[0]) or self._poly(state.parts[0]).degree() == 1:
            return self._solve_linear(state)
        part = state.parts[0]
        poly = self._poly(part)
        coeffs = [int(c) for c in poly.all_coeffs()]
        if not self._standard(part):
            return [self._move(state, ((poly_text(coeffs, self.v), "0"),), "Bring every term to the left and combine like terms", "standard_form")]
        g = gcd(*coeffs) * (1 if coeffs[0] > 0 else -1)
        if g != 1:
            reduced = [c // g for c in coeffs]
            return [self._move(state, ((poly_text(reduced, self.v), "0"),), f"Divide both sides by {g}", "divide")]
        return self._quadratic_moves(state, coeffs)[:k]

    def _quadratic_moves(self, state: QuadState, coeffs: list[int]) -> list[Move]:
        a, b, c = coeffs
        v, x = self.v, self.x
        d = b * b - 4 * a * c
        moves = []
        if b == 0:
            k = sympy.Rational(-c, a)
            moves.append(self._move(state, ((f"{v}**2", sympy.sstr(k)),), "Move the constant to the other side", "isolate"))
        elif d >= 0 and sympy.sqrt(d).is_Rational:
            factored = sympy.factor(a * x**2 + b * x + c)
            hint = "Take out the common factor" if c == 0 else "Factor"
            moves.append(self._move(state, ((sympy.sstr(factored), "0"),), hint, "factor"))
        elif not state.discriminant:  # roots that are not rational: the discriminant, then the formula
            kind = "negative, so the roots are complex" if d < 0 else "not a perfect square, so the roots are irrational"
            text = f"With a = {a}, b = {b}, c = {c}, the discriminant is b^2 - 4ac = {_paren(b)}^2 - 4({a})({c}) = {d}, {kind}"
            machine = state.parts[0][0] + " = 0"
            step = Step(f"{text}. The equation is still", machine, "discriminant", latex=latex(machine))
            new = QuadState(state.parts, discriminant=True, slipped=state.slipped)
            moves.append(Move(dataclasses.replace(step, text=f"{step.text}: {show(step.state)}"), new))
        else:
            moves.append(self._formula(state, a, b, c, -b, d, 2 * a, "formula"))
        return moves

    def _formula(self, state: QuadState, a: int, b: int, c: int, top: int, d: int, den: int, kind: str) -> Move:
        """x = (top ± sqrt(d))/den; the correct move has top = -b, d = b² - 4ac, den = 2a."""
        text = f"By the quadratic formula, x = (-b ± √(b^2 - 4ac))/(2a) with b^2 - 4ac = {d}"
        if kind == "discriminant_slip":
            text = f"By the quadratic formula, with b^2 - 4ac = {_paren(b)}^2 + 4({a})({c}) = {d}"
        roots = tuple((self.v, f"({top} {sign} sqrt({d}))/{den}") for sign in "+-")
        return self._move(state, roots, text, kind, raw=True, wrong=kind != "formula")

    def _solve_linear(self, state: QuadState) -> list[Move]:
        """Split a product, take square roots, or solve each linear equation."""
        parts = state.parts
        if len(parts) == 1:
            part = parts[0]
            lhs = _expr(part[0], self.v)
            if part[1] == "0" and isinstance(lhs, sympy.Mul):
                factors = [f for f in lhs.args if f.has(self.x)]
                split = tuple((sympy.sstr(f), "0") for f in factors)
                return [self._move(state, split, "A product is zero only when one of its factors is zero", "zero_product")]
            if part[0] == f"{self.v}**2":
                k = _expr(part[1], self.v)
                split = ((self.v, sympy.sstr(sympy.sqrt(k))), (self.v, sympy.sstr(-sympy.sqrt(k))))
                return [self._move(state, split, "Take the square root of both sides (both signs)", "square_root")]
        solved = []
        for part in parts:
            if self._solved(part):
                solved.append(part)
                continue
            (root,) = sympy.solve(_expr(part[0], self.v) - _expr(part[1], self.v), self.x)
            solved.append((self.v, sympy.sstr(root)))
        return [self._move(state, tuple(solved), "Solve each equation", "solve")]

    def propose_wrong(self, state: QuadState, k: int, rng: random.Random) -> list[Move]:
        """Classic slips, each kept only when it changes the solution set."""
        if state.slipped or state.raw or self.is_terminal(state):
            return []
        truth = self._roots(state)
        moves: list[Move] = []
        if len(state.parts) == 1 and self._poly(state.parts[0]).degree() == 2:
            part = state.parts[0]
            coeffs = [int(c) for c in self._poly(part).all_coeffs()]
            a, b, c = coeffs
            d = b * b - 4 * a * c
            v = self.v
            if not self._standard(part):
                right = _expr(part[1], self.v)
                wrong = sympy.expand(_expr(part[0], self.v) + right)  # added instead of subtracted
                moves.append(self._move(state, ((sympy.sstr(wrong), "0"),), "Bring every term to the left and combine like terms", "sign_slip", wrong=True))
            elif gcd(*coeffs) == 1 and coeffs[0] > 0:
                d = b * b - 4 * a * c
                if d < 0 or not sympy.sqrt(d).is_Rational:
                    slips = [(b, d, 2 * a, "formula_sign_slip"), (-b, d, a, "formula_slip"), (-b, b * b + 4 * a * c, 2 * a, "discriminant_slip")]
                    moves += [self._formula(state, a, b, c, top, nd, den, kind) for top, nd, den, kind in slips]
                elif c != 0 and b != 0:
                    flipped = sympy.factor(a * self.x**2 - b * self.x + c)
                    moves.append(self._move(state, ((sympy.sstr(flipped), "0"),), "Factor", "factor_sign_slip", wrong=True))
                if c == 0:
                    moves.append(self._move(state, ((poly_text([a, b], v), "0"),), f"Divide both sides by {v}", "lost_root", wrong=True))
        if len(state.parts) == 1 and state.parts[0][0] == f"{self.v}**2":
            k_val = _expr(state.parts[0][1], self.v)
            moves.append(self._move(state, ((self.v, sympy.sstr(sympy.sqrt(k_val))),), "Take the square root of both sides", "lost_root", wrong=True))
        if len(state.parts) > 1 and all(p[1] == "0" for p in state.parts):
            flipped = tuple((self.v, sympy.sstr(-sympy.solve(_expr(p[0], self.v), self.x)[0])) for p in state.parts)
            moves.append(self._move(state, flipped, "Solve each equation", "sign_slip", wrong=True))
        kept = [m for m in moves if self._roots(m.next_state) != truth]
        rng.shuffle(kept)
        return kept[:k]

    def _roots(self, state: QuadState) -> frozenset:
        """The solution set as complex numbers rounded to 9 places (enough to tell these apart)."""
        out: set = set()
        for part in state.parts:
            if self._solved(part):
                out.add(_point(complex(sympy.N(_expr(part[1], self.v), 20))))
                continue
            coeffs = [complex(sympy.N(c, 20)) for c in self._poly(part).all_coeffs()]
            if len(coeffs) == 2:
                out.add(_point(-coeffs[1] / coeffs[0]))
            elif len(coeffs) == 3:
                a, b, c = coeffs
                root = cmath.sqrt(b * b - 4 * a * c)
                out |= {_point((-b + root) / (2 * a)), _point((-b - root) / (2 * a))}
            else:
                out.add("none" if any(coeffs) else "all")
        return frozenset(out)


def _point(z: complex) -> tuple[float, float]:
    return (round(z.real, 9) + 0.0, round(z.imag, 9) + 0.0)


SPACES.register("quadratic", QuadraticSpace)
