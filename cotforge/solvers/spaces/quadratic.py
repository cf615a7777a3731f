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
import random
from dataclasses import dataclass
from functools import lru_cache
from math import gcd

import sympy

from cotforge.domains.algebra import sympy_text
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
    slipped: bool = False


@lru_cache(maxsize=4096)
def _expr(text: str, v: str) -> sympy.Expr:
    return sympy_text(text, {v: sympy.Symbol(v)}, xor=False)


@lru_cache(maxsize=4096)
def _poly(part: tuple[str, str], v: str) -> sympy.Poly:
    """``lhs - rhs`` of an equation as a polynomial in ``v`` (the search and the negatives ask for the same parts)."""
    return sympy.Poly(sympy.expand(_expr(part[0], v) - _expr(part[1], v)), sympy.Symbol(v))


_SHARED_MAX = 20_000
_OPTIONS: dict[tuple[str, QuadState], list] = {}
"""(unknown, state) -> the state's sound and wrong moves: a pure function of the two, shared by the search's space and
the fresh space the continued negatives use (building them is sympy work: factoring, roots, printing)."""
_ROOTS: dict[tuple[str, tuple[tuple[str, str], ...]], frozenset] = {}
_ANSWERS: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}


def _paren(n: int) -> str:
    return f"({n})" if n < 0 else str(n)


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
        return (state.parts, state.raw, state.slipped)

    def _poly(self, part: tuple[str, str]) -> sympy.Poly:
        return _poly(part, self.v)

    def _solved(self, part: tuple[str, str]) -> bool:
        return part[0] == self.v and self.x not in _expr(part[1], self.v).free_symbols

    def is_terminal(self, state: QuadState) -> bool:
        return not state.raw and all(self._solved(p) for p in state.parts)

    def answer(self, state: QuadState) -> str | None:
        if not self.is_terminal(state):
            return None
        key = (self.v, state.parts)
        if key not in _ANSWERS:
            if len(_ANSWERS) >= _SHARED_MAX:
                _ANSWERS.clear()
            _ANSWERS[key] = answer_latex(root_set_text(_expr(p[1], self.v) for p in state.parts), "set")
        return _ANSWERS[key]

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

    def _move(self, state: QuadState, parts: tuple[tuple[str, str], ...], text: str, kind: str, raw: bool = False, wrong: str = "") -> Move:
        new = QuadState(parts, raw, slipped=state.slipped or bool(wrong))
        machine = " or ".join(f"{a} = {b}" for a, b in parts)
        tex = latex(machine)
        step = Step(f"{text}: ${tex}$", machine, kind, intended_wrong=bool(wrong), latex=tex, error_kind=wrong)
        return Move(step, new)

    def propose(self, state: QuadState, k: int) -> list[Move]:
        return [m for m, wrong in self._options(state) if not wrong][: 1 if state.slipped else k]

    def propose_wrong(self, state: QuadState, k: int, rng: random.Random) -> list[Move]:
        """Classic slips, each kept only when it changes the solution set."""
        if state.slipped or self.is_terminal(state):
            return []
        truth = self._roots(state)
        kept = [m for m, wrong in self._options(state) if wrong and self._roots(m.next_state) != truth]
        rng.shuffle(kept)
        return kept[:k]

    def _options(self, state: QuadState) -> list[tuple[Move, bool]]:
        """Sound and wrong moves of ``state``, built once (propose and propose_wrong both ask)."""
        key = (self.v, state)
        if key not in _OPTIONS:
            if len(_OPTIONS) >= _SHARED_MAX:
                _OPTIONS.clear()
            _OPTIONS[key] = self._uncached_options(state)
        return _OPTIONS[key]

    def _uncached_options(self, state: QuadState) -> list[tuple[Move, bool]]:
        """The sound moves and the plausible wrong ones (flagged True) from ``state``."""
        if state.raw:
            return self._simplify(state)
        if len(state.parts) > 1 or self._special(state.parts[0]) or self._poly(state.parts[0]).degree() == 1:
            return self._solve_linear(state)
        part = state.parts[0]
        poly = self._poly(part)
        coeffs = [int(c) for c in poly.all_coeffs()]
        v = self.v
        if not self._standard(part):
            left, right = _expr(part[0], v), _expr(part[1], v)
            text = "Bring every term to the left and combine like terms"
            wrong = [
                (sympy.expand(left + right), "sign_slip"),
                (sympy.expand(left - right + 1), "arithmetic_slip"),
                (sympy.expand(left - right + right.coeff(self.x, 1) * self.x) if right.coeff(self.x, 1) else sympy.expand(left), "dropped_term"),
            ]
            return self._variants(state, ((poly_text(coeffs, v), "0"),), text, "standard_form", [(((sympy.sstr(w), "0"),), e) for w, e in wrong])
        g = gcd(*coeffs) * (1 if coeffs[0] > 0 else -1)
        if g != 1:
            reduced = [c // g for c in coeffs]
            wrong = [
                ([reduced[0], reduced[1], reduced[2] + 1], "arithmetic_slip"),
                ([reduced[0], reduced[1], coeffs[2]], "distribution_error"),
                ([reduced[0], -reduced[1], reduced[2]] if reduced[1] else [reduced[0], 0, -reduced[2]], "sign_slip"),
            ]
            why = f"Divide both sides by ${g}$" + (" (the common factor)" if g > 0 else " (so the leading coefficient is positive)")
            return self._variants(state, ((poly_text(reduced, v), "0"),), why, "divide", [(((poly_text(w, v), "0"),), e) for w, e in wrong])
        return self._quadratic_moves(state, coeffs)

    def _variants(self, state: QuadState, parts: tuple[tuple[str, str], ...], text: str, kind: str, wrong: list, raw: bool = False) -> list[tuple[Move, bool]]:
        out = [(self._move(state, parts, text, kind, raw), False)]
        out += [(self._move(state, bad, text, kind, raw, error), True) for bad, error in wrong if bad != parts]
        return out

    def _quadratic_moves(self, state: QuadState, coeffs: list[int]) -> list[tuple[Move, bool]]:
        a, b, c = coeffs
        v, x = self.v, self.x
        d = b * b - 4 * a * c
        wrong: list[tuple[tuple[tuple[str, str], ...], str]]
        if b == 0:
            k = sympy.Rational(-c, a)
            wrong = [(((f"{v}**2", sympy.sstr(-k)),), "sign_slip"), (((f"{v}**2", sympy.sstr(sympy.Integer(-c) if a != 1 else k / 2)),), "wrong_inverse"),
                     (((f"{v}**2", sympy.sstr(k + 1)),), "arithmetic_slip")]  # fmt: skip
            text = "Move the constant to the other side" + (f" and divide by ${a}$" if a != 1 else "")
            return self._variants(state, ((f"{v}**2", sympy.sstr(k)),), text, "isolate", wrong)
        if d >= 0 and sympy.sqrt(d).is_Rational:
            r1, r2 = sorted(sympy.roots(sympy.Poly(a * x**2 + b * x + c, x), multiple=True))  # a double root twice
            factored = sympy.factor(a * x**2 + b * x + c)
            if c == 0:
                text = f"Take out the common factor ${v}$"
                wrong = [(((poly_text([a, b], v), "0"),), "lost_root"),
                         (((sympy.sstr(sympy.factor(a * x**2 - b * x)), "0"),), "sign_slip"),
                         (((sympy.sstr(x * (a * x + b + 1)), "0"),), "arithmetic_slip")]  # fmt: skip
            else:
                text = f"Factor: the roots ${latex(sympy.sstr(r1))}$ and ${latex(sympy.sstr(r2))}$ multiply to ${latex(sympy.sstr(r1 * r2))}$ and add to ${latex(sympy.sstr(r1 + r2))}$"
                product = lambda p, q: ((sympy.sstr(sympy.factor(a * (x - p) * (x - q))), "0"),)  # noqa: E731
                wrong = [(product(-r1, -r2), "sign_slip"), (product(r1, -r2), "wrong_factor"), (product(r1, r2 + 1), "arithmetic_slip")]
            return self._variants(state, ((sympy.sstr(factored), "0"),), text, "factor", wrong)
        kind = "negative, so the roots are complex" if d < 0 else "not a perfect square, so the roots are irrational"
        text = (f"With $a = {a}$, $b = {b}$, $c = {c}$ the discriminant is $b^{{2}} - 4ac = {_paren(b)}^{{2}} - 4 \\cdot {_paren(a)} \\cdot {_paren(c)} = {d}$, "
                f"{kind}; the quadratic formula ${v} = \\frac{{-b \\pm \\sqrt{{b^{{2}} - 4ac}}}}{{2a}}$ gives")
        sound = self._formula_parts(-b, d, 2 * a)
        wrong = [(self._formula_parts(b, d, 2 * a), "sign_slip"), (self._formula_parts(-b, d, a), "wrong_denominator"),
                 (self._formula_parts(-b, b * b + 4 * a * c, 2 * a), "arithmetic_slip")]  # fmt: skip
        done = all(root_text(sympy.expand(_expr(r, v))) == r for _, r in sound)  # nothing left to simplify
        return self._variants(state, sound, text, "formula", wrong, raw=not done)

    def _formula_parts(self, top: int, d: int, den: int) -> tuple[tuple[str, str], ...]:
        return tuple((self.v, f"({top} {sign} sqrt({d}))/{den}") for sign in "+-")

    def _simplify(self, state: QuadState) -> list[tuple[Move, bool]]:
        values = [sympy.expand(_expr(b, self.v)) for _, b in state.parts]
        parts = tuple((a, root_text(value)) for (a, _), value in zip(state.parts, values))
        centre = (values[0] + values[1]) / 2
        offset = sympy.expand(values[0] - centre)
        wrong = [
            (tuple((self.v, root_text(centre + sign * 2 * offset)) for sign in (1, -1)), "arithmetic_slip"),
            (tuple((self.v, root_text(centre * 2 + sign * offset)) for sign in (1, -1)), "distribution_error"),
            (((self.v, root_text(values[0])),), "lost_root"),
        ]
        return self._variants(state, parts, "Simplify the square root and reduce the fraction", "simplify", wrong)

    def _solve_linear(self, state: QuadState) -> list[tuple[Move, bool]]:
        """Split a product, take square roots, or solve each linear equation."""
        parts, v, x = state.parts, self.v, self.x
        if len(parts) == 1:
            part = parts[0]
            lhs = _expr(part[0], v)
            if part[1] == "0" and isinstance(lhs, sympy.Mul):
                factors = [f for f in lhs.args if f.has(x)]
                split = tuple((sympy.sstr(f), "0") for f in factors)
                flipped = tuple((sympy.sstr(sympy.expand(2 * f.coeff(x, 1) * x - f)), "0") if f.coeff(x, 0) else (sympy.sstr(f), "0") for f in factors)
                wrong = [(split[:1], "lost_root"), (flipped, "sign_slip"), (tuple((sympy.sstr(f + 1), "0") for f in factors[:1]) + split[1:], "arithmetic_slip")]
                return self._variants(state, split, "A product is zero only when one of its factors is zero", "zero_product", wrong)
            if part[0] == f"{v}**2":
                k = _expr(part[1], v)
                root = sympy.sqrt(k)
                split = ((v, sympy.sstr(root)), (v, sympy.sstr(-root)))
                wrong = [(((v, sympy.sstr(root)),), "lost_root"), (((v, sympy.sstr(k / 2)), (v, sympy.sstr(-k / 2))), "wrong_inverse"),
                         (((v, sympy.sstr(root + 1)), (v, sympy.sstr(-root - 1))), "arithmetic_slip")]  # fmt: skip
                return self._variants(state, split, "Take the square root of both sides (both signs)", "square_root", wrong)
        solved, negated, inverse, bumped = [], [], [], []
        for n, part in enumerate(parts):
            if self._solved(part):
                root = _expr(part[1], v)
                solved.append(part)
                negated.append(part)
                inverse.append(part)
                bumped.append(part)
                continue
            difference = sympy.expand(_expr(part[0], v) - _expr(part[1], v))
            a, b = difference.coeff(x, 1), difference.coeff(x, 0)
            root = -b / a
            solved.append((v, sympy.sstr(root)))
            negated.append((v, sympy.sstr(-root)))
            inverse.append((v, sympy.sstr(-b * a if a not in (1, -1) else -b - a)))
            bumped.append((v, sympy.sstr(root + 1 if n == 0 else root)))
        wrong = [(tuple(negated), "sign_slip"), (tuple(inverse), "wrong_inverse"), (tuple(bumped), "arithmetic_slip")]
        return self._variants(state, tuple(solved), "Solve each equation", "solve", wrong)

    def _roots(self, state: QuadState) -> frozenset:
        """The solution set as complex numbers rounded to 9 places (enough to tell these apart)."""
        key = (self.v, state.parts)
        if key not in _ROOTS:
            if len(_ROOTS) >= _SHARED_MAX:
                _ROOTS.clear()
            _ROOTS[key] = self._uncached_roots(state)
        return _ROOTS[key]

    def _uncached_roots(self, state: QuadState) -> frozenset:
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
