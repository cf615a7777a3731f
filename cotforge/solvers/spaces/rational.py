"""Simplifying rational expressions: factor, flip a divisor, multiply, common denominator, combine, cancel.

A state is a short list of fractions joined by + - × ÷, each numerator and
denominator kept as machine text. Every move keeps the value (where defined).
Wrong moves on request: cancelling a term instead of a factor, adding tops and
bottoms straight across, flipping the wrong fraction, and a minus sign applied
to the first term of a numerator only; each is checked numerically to change the value.
"""

from __future__ import annotations

import random
from functools import lru_cache
from dataclasses import dataclass

import sympy

from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._latex import latex

X = sympy.Symbol("x")
SAMPLES = (sympy.Rational(17, 10), sympy.Rational(31, 7), sympy.Rational(-23, 9))


@dataclass(frozen=True, slots=True)
class Frac:
    num: str
    den: str


@dataclass(frozen=True, slots=True)
class RationalState:
    terms: tuple[Frac, ...]
    ops: tuple[str, ...]
    slipped: bool = False


@lru_cache(maxsize=4096)
def _e(text: str) -> sympy.Expr:
    return sympy.sympify(text, locals={"x": X})


@lru_cache(maxsize=4096)
def _factor_text(text: str) -> str:
    return sympy.sstr(sympy.factor(_e(text)))


def _t(expr: sympy.Expr) -> str:
    return sympy.sstr(expr)


def state_text(terms: tuple[Frac, ...], ops: tuple[str, ...]) -> str:
    parts = []
    for i, f in enumerate(terms):
        piece = f"({f.num})" if f.den == "1" else f"({f.num})/({f.den})"
        piece = f"({piece})" if ops and f.den != "1" else piece  # "(a/b) / (c/d)" keeps each fraction whole
        parts.append(piece if i == 0 else f" {ops[i - 1]} {piece}")
    return "".join(parts)


def show(text: str) -> str:
    return text.replace("**", "^").replace(" * ", " × ").replace(") / (", ") ÷ (").replace("*(", "(").replace(")*", ")").replace("*x", "x")


def _top_level(text: str, separators: tuple[str, ...]) -> list[str]:
    """Split at separators outside brackets, keeping the separators as their own items."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(text):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        sep = next((s for s in separators if depth == 0 and text.startswith(s, i)), None)
        if sep:
            out += [text[start:i].strip(), sep.strip()]
            i += len(sep)
            start = i
            continue
        i += 1
    return out + [text[start:].strip()]


def _balanced(text: str) -> bool:
    """True when no bracket closes before it opens (so stripping an outer pair was right)."""
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _split(text: str) -> tuple[tuple[Frac, ...], tuple[str, ...]]:
    """Fractions of the posed text: top-level "(a)/(b)" or "k/(b)" pieces joined by + - * /."""
    pieces = _top_level(text, (" + ", " - ", " * ", " / "))
    terms = []
    for piece in pieces[::2]:
        while piece.startswith("(") and piece.endswith(")") and len(_top_level(piece[1:-1], (")(",))) == 1 and _balanced(piece[1:-1]):
            piece = piece[1:-1]
        parts = _top_level(piece, ("/",))
        top, bottom = parts[0], parts[2] if len(parts) > 1 else ""
        terms.append(Frac(_t(_e(top)), _t(_e(bottom)) if bottom else "1"))
    return tuple(terms), tuple(pieces[1::2])


class RationalSpace(Space[RationalState]):
    """Step-by-step simplification of one rational expression in x."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.text = problem.data()["expression"]

    def root(self) -> RationalState:
        return RationalState(*_split(self.text))

    def _cancelled(self, f: Frac) -> bool:
        return sympy.degree(sympy.gcd(_e(f.num), _e(f.den)), X) == 0 if f.den != "1" else True

    def is_terminal(self, state: RationalState) -> bool:
        return len(state.terms) == 1 and self._cancelled(state.terms[0]) and self._factored(state.terms[0])

    def _factored(self, f: Frac) -> bool:
        return all(_factor_text(t) == t for t in (f.num, f.den))

    def answer(self, state: RationalState) -> str | None:
        if not self.is_terminal(state):
            return None
        f = state.terms[0]
        return answer_latex(f.num if f.den == "1" else f"({f.num})/({f.den})", "simplified")

    def heuristic(self, state: RationalState) -> float:
        return float(2 * len(state.ops) + (not all(self._factored(f) for f in state.terms)) + (len(state.terms) == 1 and not self._cancelled(state.terms[0])))

    def _move(self, state: RationalState, terms: tuple[Frac, ...], ops: tuple[str, ...], text: str, kind: str, wrong: bool = False) -> Move:
        machine = state_text(terms, ops)
        step = Step(f"{text}: {show(machine)}", machine, kind, intended_wrong=wrong, latex=latex(machine))
        return Move(step, RationalState(terms, ops, state.slipped or wrong))

    def propose(self, state: RationalState, k: int) -> list[Move]:
        move = self._next(state, slip=False)
        return [move] if move is not None else []

    def propose_wrong(self, state: RationalState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or self.is_terminal(state):
            return []
        move = self._next(state, slip=True)
        if move is None or _values(move.step.state) == _values(state_text(state.terms, state.ops)):
            return []
        return [move]

    def _next(self, state: RationalState, slip: bool) -> Move | None:
        terms, ops = state.terms, state.ops
        if not all(self._factored(f) for f in terms):
            if slip:
                return None
            factored = tuple(Frac(_t(sympy.factor(_e(f.num))), _t(sympy.factor(_e(f.den)))) for f in terms)
            return self._move(state, factored, ops, "Factor every numerator and denominator", "factor")
        if "/" in ops:
            i = ops.index("/")
            j = i if slip else i + 1
            flipped = Frac(terms[j].den, terms[j].num)
            new_terms = terms[:j] + (flipped,) + terms[j + 1 :]
            text = "Dividing by a fraction is multiplying by its reciprocal"
            return self._move(state, new_terms, ops[:i] + ("*",) + ops[i + 1 :], text, "reciprocal_slip" if slip else "reciprocal", slip)
        if "*" in ops:
            a, b = terms[0], terms[1]
            product = Frac(_t(sympy.factor(_e(f"({a.num})*({b.num})"))), _t(sympy.factor(_e(f"({a.den})*({b.den})"))))
            return None if slip else self._move(state, (product,) + terms[2:], ops[1:], "Multiply the numerators and the denominators", "multiply")
        if ops:
            a, b, op = terms[0], terms[1], ops[0]
            if a.den != b.den:
                if slip:
                    wrong = Frac(_t(sympy.expand(_e(a.num) + (1 if op == "+" else -1) * _e(b.num))), _t(sympy.expand(_e(a.den) + _e(b.den))))
                    return self._move(state, (wrong,) + terms[2:], ops[1:], "Add the numerators and the denominators", "straight_across_slip", True)
                lcd = sympy.factor(sympy.lcm(_e(a.den), _e(b.den)))
                scaled = tuple(Frac(_t(sympy.factor(_e(f.num) * sympy.cancel(lcd / _e(f.den)))), _t(lcd)) for f in (a, b))
                return self._move(state, scaled + terms[2:], ops, f"Rewrite both fractions over the common denominator {show(_t(lcd))}", "common_denominator")
            top_b = sympy.expand(_e(b.num))
            if slip and op == "-" and top_b.is_Add:
                first, rest = top_b.args[0], sympy.Add(*top_b.args[1:])
                top = sympy.expand(_e(a.num) - first + rest)
            elif slip:
                return None
            else:
                top = sympy.expand(_e(a.num) + (1 if op == "+" else -1) * top_b)
            combined = Frac(_t(sympy.factor(top)), a.den)
            return self._move(state, (combined,) + terms[2:], ops[1:], "Combine the numerators over the common denominator", "sign_slip" if slip else "combine", slip)
        f = terms[0]
        if slip:
            num, den = sympy.expand(_e(f.num)), sympy.expand(_e(f.den))
            shared = set(sympy.Add.make_args(num)) & set(sympy.Add.make_args(den)) if num.is_Add and den.is_Add else set()
            if not shared:
                return None
            term = next(iter(shared))
            wrong = Frac(_t(sympy.factor(num - term)), _t(sympy.factor(den - term)))
            return self._move(state, (wrong,), (), f"Cancel {show(_t(term))} from the top and the bottom", "term_cancel_slip", True)
        g = sympy.gcd(_e(f.num), _e(f.den))
        num, den = sympy.factor(sympy.cancel(_e(f.num) / g)), sympy.factor(sympy.cancel(_e(f.den) / g))
        return self._move(state, (Frac(_t(num), _t(den)),), (), f"Cancel the common factor {show(_t(sympy.factor(g)))}", "cancel")


def _values(text: str) -> tuple | None:
    try:
        expr = _e(text)
        return tuple(round(float(expr.subs(X, p)), 9) for p in SAMPLES)
    except (TypeError, ValueError, ZeroDivisionError):
        return None


SPACES.register("rational", RationalSpace)
