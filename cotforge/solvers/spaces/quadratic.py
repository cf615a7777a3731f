"""Solving a quadratic equation: standard form, factor or formula.

A state is a disjunction of equations ("x - 2 = 0 or x + 3 = 0"), kept as machine
text. Moves: bring every term to the left; divide out a common factor; factor
(when the roots are rational) and split the product; isolate x² and take both
square roots; or use the quadratic formula and then simplify. Every move keeps
the solution set. Wrong moves on request are the classic slips: a term moved
without changing its sign, factors with the wrong signs, the formula without the
minus on b or over a instead of 2a, a lost square root, dividing by x.

A state carries the exact form of each equation (:mod:`._quad_forms`: rational coefficients, roots ``r + s sqrt(m)``)
and the moves are computed from those, their texts written as sympy's printer wrote them when the space ran on
sympy; a state outside those forms takes the sympy route (:mod:`._quadratic_sympy`), which writes the same texts.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd, isqrt

from cotforge.core.memo import Memo
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.domains.latex_answer import answer_latex
from cotforge.domains.polynomial import poly_text
from cotforge.solvers.spaces._latex import latex
from cotforge.solvers.spaces._quad_forms import (Forms, Parts, Rewrite, Side, SideForms, Surd, Unhandled, difference, equation_sides,
                                                 forms_latex, high_first, linear_roots, linear_text, poly_side, poly_sstr,
                                                 product, project_root_text, rational_latex, rational_text, root_set_text,
                                                 surd_text, value_side, x_times)  # fmt: skip
from cotforge.solvers.spaces._quadratic_sympy import SympyRules, formula_parts, formula_text


@dataclass(frozen=True, slots=True)
class QuadState:
    parts: tuple[tuple[str, str], ...]
    """Equations (left, right) in machine text, any one of which may hold."""
    raw: bool = False
    """True right after the formula: the roots still need simplifying."""
    slipped: bool = False
    forms: Forms = field(default=None, compare=False, repr=False)
    """The exact sides of each part (None: the state takes the sympy route); not part of the state's identity."""


_SHARED_MAX = 20_000
_OPTIONS: Memo[tuple[str, QuadState], list] = Memo(_SHARED_MAX)
"""(unknown, state) -> the state's sound and wrong moves: a pure function of the two, shared by the search's space and
the fresh space the continued negatives use."""
_ROOTS: Memo[tuple[str, Parts, bool], frozenset] = Memo(_SHARED_MAX)
_ANSWERS: Memo[tuple[str, Parts], str] = Memo(_SHARED_MAX)


class QuadraticSpace(Space[QuadState]):
    """Rewrites of one quadratic equation in one unknown."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        data = problem.data()
        self.v = data["variable"]
        self.rules = SympyRules(self.v)
        lhs, rhs = (side.strip() for side in data["equation"].split("="))
        try:
            forms: Forms = (equation_sides(lhs, rhs, self.v),)
        except Unhandled:
            forms = None
        self.start = QuadState(((lhs, rhs),), forms=forms)

    def root(self) -> QuadState:
        return self.start

    def key(self, state: QuadState) -> tuple:
        return (state.parts, state.raw, state.slipped)

    def _solved(self, state: QuadState, n: int) -> bool:
        part = state.parts[n]
        if state.forms is None:
            return self.rules.solved(part)
        return part[0] == self.v and state.forms[n][1].value is not None

    def is_terminal(self, state: QuadState) -> bool:
        return not state.raw and all(self._solved(state, n) for n in range(len(state.parts)))

    def answer(self, state: QuadState) -> str | None:
        if not self.is_terminal(state):
            return None
        return _ANSWERS.remember((self.v, state.parts), lambda: self._answer(state))

    def _answer(self, state: QuadState) -> str:
        if state.forms is None:
            return self.rules.answer(state.parts)
        return answer_latex(root_set_text([right.value for _, right in state.forms if right.value is not None]), "set")

    def heuristic(self, state: QuadState) -> float:
        if state.raw:
            return 1.0
        if len(state.parts) > 1:
            return float(any(not self._solved(state, n) for n in range(len(state.parts))))
        if self._solved(state, 0):
            return 0.0
        if state.forms is not None:
            try:
                return self._exact_heuristic(state.parts[0], state.forms[0])
            except Unhandled:
                pass
        return self.rules.heuristic(state.parts)

    def _move(self, state: QuadState, parts: Parts, forms: Forms, text: str, kind: str, raw: bool, wrong: str = "") -> Move:
        new = QuadState(parts, raw, slipped=state.slipped or bool(wrong), forms=forms)
        machine = " or ".join(f"{a} = {b}" for a, b in parts)
        tex = self._state_latex(machine, parts, forms)
        step = Step(f"{text}: ${tex}$", machine, kind, intended_wrong=bool(wrong), latex=tex, error_kind=wrong)
        return Move(step, new)

    def _state_latex(self, machine: str, parts: Parts, forms: Forms) -> str:
        """The LaTeX of a move's state: written from its forms, byte for byte what reading its text back gives (that
        reading was a third of a record's time); read from the text where the state has no forms or a side whose
        text the forms' writers do not write."""
        if forms is not None:
            try:
                return forms_latex(parts, forms, self.v)
            except Unhandled:
                pass
        return latex(machine)

    def propose(self, state: QuadState, k: int) -> list[Move]:
        return [m for m, wrong in self._options(state) if not wrong][: 1 if state.slipped else k]

    def propose_wrong(self, state: QuadState, k: int, rng: random.Random) -> list[Move]:
        """Classic slips, each kept only when it changes the solution set."""
        if state.slipped or self.is_terminal(state):
            return []
        options = self._options(state)
        exact = state.forms is not None and all(m.next_state.forms is not None for m, _ in options)
        truth = self._roots(state, exact)
        kept = [m for m, wrong in options if wrong and self._roots(m.next_state, exact) != truth]
        rng.shuffle(kept)
        return kept[:k]

    def _options(self, state: QuadState) -> list[tuple[Move, bool]]:
        """Sound and wrong moves of ``state``, built once (propose and propose_wrong both ask)."""
        return _OPTIONS.remember((self.v, state), lambda: self._uncached_options(state))

    def _uncached_options(self, state: QuadState) -> list[tuple[Move, bool]]:
        """The sound moves and the plausible wrong ones (flagged True) from ``state``."""
        rewrite = None
        if state.forms is not None:
            try:
                rewrite = self._exact_rewrite(state.parts, state.forms, state.raw)
            except Unhandled:
                pass
        if rewrite is None:
            rewrite = self.rules.rewrite(state.parts, state.raw)
        parts, forms = rewrite.sound
        out = [(self._move(state, parts, forms, rewrite.text, rewrite.kind, rewrite.raw), False)]
        out += [(self._move(state, bad, bad_forms, rewrite.text, rewrite.kind, rewrite.raw, error), True)
                for bad, bad_forms, error in rewrite.wrong if bad != parts]  # fmt: skip
        return out

    def _roots(self, state: QuadState, exact: bool) -> frozenset:
        """The solution set: exact values (``exact``), or the sympy route's complex numbers rounded to 9 places."""
        return _ROOTS.remember((self.v, state.parts, exact), lambda: self._uncached_roots(state, exact))

    def _uncached_roots(self, state: QuadState, exact: bool) -> frozenset:
        if not exact or state.forms is None:
            return self.rules.roots(state.parts)
        out: set = set()
        for n, (left, right) in enumerate(state.forms):
            if self._solved(state, n):
                out.add(right.value)
                continue
            roots = linear_roots(difference(left, right))
            out |= {roots} if isinstance(roots, str) else set(roots)
        return frozenset(out)

    # -- the exact route: the sympy route's rewrites, computed on the forms ----------------------------------------

    def _special(self, part: tuple[str, str], form: tuple[Side, Side]) -> str:
        left, right = form
        if part[0] == f"{self.v}**2" and right.value is not None:
            return "square"
        if part[1] == "0" and left.mul is not None and len(left.mul) >= 2:
            return "product"
        return ""

    def _degree(self, form: tuple[Side, Side]) -> int:
        left, right = form
        if left.poly is None:
            raise Unhandled("an irrational left side")
        if right.poly is None:  # x = an irrational constant
            return 2 if left.poly[2] else 1 if left.poly[1] else 0
        poly = difference(left, right)
        return 2 if poly[2] else 1 if poly[1] else 0 if poly[0] else -1

    def _coeffs(self, form: tuple[Side, Side]) -> list[int]:
        coeffs = high_first(difference(*form))
        if any(c.denominator != 1 for c in coeffs):
            raise Unhandled("a fractional coefficient")
        return [int(c) for c in coeffs]

    def _exact_heuristic(self, part: tuple[str, str], form: tuple[Side, Side]) -> float:
        special = self._special(part, form)
        if special:
            return 2.0 if special == "product" else 1.0
        coeffs = self._coeffs(form)
        cost = 0.0 if part[1] == "0" and part[0] == poly_text(coeffs, self.v) else 1.0
        cost += 1.0 if gcd(*coeffs) > 1 or coeffs[0] < 0 else 0.0
        return cost + (2.0 if len(coeffs) == 3 else 1.0)

    def _exact_rewrite(self, parts: Parts, forms: tuple[tuple[Side, Side], ...], raw: bool) -> Rewrite:
        if raw:
            return self._exact_simplify(parts, forms)
        if len(parts) > 1 or self._special(parts[0], forms[0]) or self._degree(forms[0]) == 1:
            return self._exact_solve_linear(parts, forms)
        part, (left, right) = parts[0], forms[0]
        coeffs = self._coeffs(forms[0])
        v = self.v
        if not (part[1] == "0" and part[0] == poly_text(coeffs, v)):
            if left.poly is None or right.poly is None:
                raise Unhandled("an irrational side")
            lp, rp = left.poly, right.poly
            slips = [
                ([lp[2] + rp[2], lp[1] + rp[1], lp[0] + rp[0]], "sign_slip"),
                ([lp[2] - rp[2], lp[1] - rp[1], lp[0] - rp[0] + 1], "arithmetic_slip"),
                ([lp[2] - rp[2], lp[1], lp[0] - rp[0]] if rp[1] else [lp[2], lp[1], lp[0]], "dropped_term"),
            ]
            return self._rewrite("Bring every term to the left and combine like terms", "standard_form", coeffs, poly_text,
                                 [(_integers(w), e) for w, e in slips])  # fmt: skip
        if len(coeffs) != 3:
            raise Unhandled("not a quadratic")
        g = gcd(*coeffs) * (1 if coeffs[0] > 0 else -1)
        if g != 1:
            reduced = [c // g for c in coeffs]
            wrong = [
                ([reduced[0], reduced[1], reduced[2] + 1], "arithmetic_slip"),
                ([reduced[0], reduced[1], coeffs[2]], "distribution_error"),
                ([reduced[0], -reduced[1], reduced[2]] if reduced[1] else [reduced[0], 0, -reduced[2]], "sign_slip"),
            ]
            why = f"Divide both sides by ${g}$" + (" (the common factor)" if g > 0 else " (so the leading coefficient is positive)")
            return self._rewrite(why, "divide", reduced, poly_text, wrong, wrong_text=poly_text)
        return self._exact_quadratic(*coeffs)

    def _rewrite(self, text: str, kind: str, coeffs: list[int], sound_text: Callable[[list[int], str], str],
                 wrong: list[tuple[list[int], str]], wrong_text: Callable[[list[int], str], str] = poly_sstr) -> Rewrite:
        """A move to one polynomial equal to zero, and its slips (``sympy.sstr`` of an expanded polynomial, unless
        ``wrong_text`` says otherwise)."""
        v = self.v
        sound = (((sound_text(coeffs, v), "0"),), ((poly_side(coeffs), _ZERO_SIDE),))
        return Rewrite(text, kind, sound, tuple((((wrong_text(w, v), "0"),), ((poly_side(w), _ZERO_SIDE),), e) for w, e in wrong))

    def _exact_quadratic(self, a: int, b: int, c: int) -> Rewrite:
        v = self.v
        d = b * b - 4 * a * c
        if b == 0:
            k = Fraction(-c, a)
            square = (f"{v}**2", poly_side([1, 0, 0]))
            moved = [(-k, "sign_slip"), (Fraction(-c) if a != 1 else k / 2, "wrong_inverse"), (k + 1, "arithmetic_slip")]
            text = "Move the constant to the other side" + (f" and divide by ${a}$" if a != 1 else "")
            return Rewrite(text, "isolate", _solved_parts(square, [Surd(k)]),
                           tuple((*_solved_parts(square, [Surd(w)]), e) for w, e in moved))  # fmt: skip
        if d >= 0 and isqrt(d) ** 2 == d:
            r1, r2 = sorted((Fraction(-b - isqrt(d), 2 * a), Fraction(-b + isqrt(d), 2 * a)))
            factored, side = product(a, (r1, r2), v)
            zero = _ZERO_SIDE
            slips: list[tuple[str, Side, str]]
            if c == 0:
                text = f"Take out the common factor ${v}$"
                slips = [(poly_text([a, b], v), poly_side([a, b]), "lost_root"), (*product(a, (Fraction(0), Fraction(b, a)), v), "sign_slip"),
                         (*x_times((a, b + 1), v), "arithmetic_slip")]  # fmt: skip
            else:
                text = (f"Factor: the roots ${rational_latex(r1)}$ and ${rational_latex(r2)}$ multiply to "
                        f"${rational_latex(r1 * r2)}$ and add to ${rational_latex(r1 + r2)}$")
                slips = [(*product(a, (-r1, -r2), v), "sign_slip"), (*product(a, (r1, -r2), v), "wrong_factor"),
                         (*product(a, (r1, r2 + 1), v), "arithmetic_slip")]  # fmt: skip
            return Rewrite(text, "factor", (((factored, "0"),), ((side, zero),)), tuple((((t, "0"),), ((s, zero),), e) for t, s, e in slips))
        sound = self._formula(-b, d, 2 * a)
        formulas = ((*self._formula(b, d, 2 * a), "sign_slip"), (*self._formula(-b, d, a), "wrong_denominator"),
                    (*self._formula(-b, b * b + 4 * a * c, 2 * a), "arithmetic_slip"))  # fmt: skip
        done = all(project_root_text(right.value) == r for (_, r), (_, right) in zip(*sound) if right.value is not None)
        return Rewrite(formula_text(a, b, c, d, v), "formula", sound, formulas, raw=not done)

    def _formula(self, top: int, d: int, den: int) -> tuple[Parts, SideForms]:
        root = Surd.root(d)
        values = [(Surd(Fraction(top)) + root).scale(Fraction(1, den)), (Surd(Fraction(top)) - root).scale(Fraction(1, den))]
        sides = tuple((_UNKNOWN, value_side(z, (top, sign, d, den))) for z, sign in zip(values, "+-"))
        return formula_parts(top, d, den, self.v), sides

    def _exact_simplify(self, parts: Parts, forms: tuple[tuple[Side, Side], ...]) -> Rewrite:
        values = [right.value for _, right in forms]
        if len(values) != 2 or values[0] is None or values[1] is None:
            raise Unhandled("not the formula's two roots")
        v0, v1 = values[0], values[1]
        centre = (v0 + v1).scale(Fraction(1, 2))
        offset = v0 - centre
        x = (self.v, _UNKNOWN)
        wrong = (
            (*_root_parts(x, [centre + offset.scale(2 * sign) for sign in (1, -1)]), "arithmetic_slip"),
            (*_root_parts(x, [centre.scale(2) + offset.scale(sign) for sign in (1, -1)]), "distribution_error"),
            (*_root_parts(x, [v0]), "lost_root"),
        )
        simple = (tuple((a, project_root_text(z)) for (a, _), z in zip(parts, (v0, v1))),
                  tuple((left, value_side(z)) for (left, _), z in zip(forms, (v0, v1))))
        return Rewrite("Simplify the square root and reduce the fraction", "simplify", simple, wrong)

    def _exact_solve_linear(self, parts: Parts, forms: tuple[tuple[Side, Side], ...]) -> Rewrite:
        """Split a product, take square roots, or solve each linear equation."""
        v = self.v
        x = (v, _UNKNOWN)
        if len(parts) == 1:
            part, (left, right) = parts[0], forms[0]
            if part[1] == "0" and left.mul is not None:
                factors = [f for f in left.mul if f is not None and f[0] > 0]
                if len(factors) != len(left.mul):
                    raise Unhandled("a factor other than p*x + q with p > 0")
                split = _linear_parts(factors, v)
                flipped = _linear_parts([(p, -q) for p, q in factors], v)
                bumped = _linear_parts([(factors[0][0], factors[0][1] + 1)], v)
                products = ((split[0][:1], split[1][:1], "lost_root"), (*flipped, "sign_slip"),
                            (bumped[0] + split[0][1:], bumped[1] + split[1][1:], "arithmetic_slip"))  # fmt: skip
                return Rewrite("A product is zero only when one of its factors is zero", "zero_product", split, products)
            if part[0] == f"{v}**2":
                k = right.value
                if k is None or not k.rational:
                    raise Unhandled("an irrational square")
                root = Surd.root(k.r)
                roots = ((*_solved_parts(x, [root]), "lost_root"), (*_solved_parts(x, [k.scale(Fraction(1, 2)), k.scale(Fraction(-1, 2))]), "wrong_inverse"),
                         (*_solved_parts(x, [root + _ONE, -root - _ONE]), "arithmetic_slip"))  # fmt: skip
                return Rewrite("Take the square root of both sides (both signs)", "square_root", _solved_parts(x, [root, -root]), roots)
        lists: list[list[tuple[tuple[str, str], tuple[Side, Side]]]] = [[], [], [], []]
        for n, (part, form) in enumerate(zip(parts, forms)):
            if part[0] == v and form[1].value is not None:
                for made in lists:
                    made.append((part, form))
                continue
            poly = difference(*form)
            if poly[2] or not poly[1]:
                raise Unhandled("not a linear equation")
            a, b = poly[1], poly[0]
            x_value = -b / a
            for made, value in zip(lists, (x_value, -x_value, -b * a if a not in (1, -1) else -b - a, x_value + 1 if n == 0 else x_value)):
                made.append(((v, rational_text(value)), (_UNKNOWN, value_side(Surd(value)))))
        solved, negated, inverse, bumped = ((tuple(p for p, _ in made), tuple(f for _, f in made)) for made in lists)
        return Rewrite("Solve each equation", "solve", solved, ((*negated, "sign_slip"), (*inverse, "wrong_inverse"), (*bumped, "arithmetic_slip")))


_ZERO_SIDE = poly_side([0])
_UNKNOWN = poly_side([1, 0])
_ONE = Surd(Fraction(1))


def _integers(coeffs: list[Fraction]) -> list[int]:
    coeffs = list(coeffs)
    if any(Fraction(c).denominator != 1 for c in coeffs):
        raise Unhandled("a fractional coefficient")
    while len(coeffs) > 1 and not coeffs[0]:
        coeffs.pop(0)
    return [int(c) for c in coeffs]


def _solved_parts(left: tuple[str, Side], values: list[Surd]) -> tuple[Parts, SideForms]:
    """``left = value`` for each value, the value as ``sympy.sstr`` writes it."""
    return tuple((left[0], surd_text(z)) for z in values), tuple((left[1], value_side(z)) for z in values)


def _root_parts(left: tuple[str, Side], values: list[Surd]) -> tuple[Parts, SideForms]:
    """``left = value`` for each value, the value over one denominator (``domains.polynomial.root_text``)."""
    return tuple((left[0], project_root_text(z)) for z in values), tuple((left[1], value_side(z)) for z in values)


def _linear_parts(factors: list[tuple[int, int]], v: str) -> tuple[Parts, SideForms]:
    """``sympy.sstr`` of each linear factor ``p*x + q`` equal to zero."""
    return (tuple((linear_text(f, v), "0") for f in factors),
            tuple((poly_side([f[0], f[1]]), _ZERO_SIDE) for f in factors))  # fmt: skip


SPACES.register("quadratic", QuadraticSpace)
