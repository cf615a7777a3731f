"""Expanding polynomial expressions one bracket at a time, then collecting like terms.

A state is a list of terms ``c·xᵖ·(bracket)(bracket)…`` with exact integer
coefficients. Moves: write a square as a product; distribute a term's first
bracket over the rest (or its coefficient over its only bracket); collect like
terms when no bracket is left. Each keeps the polynomial. Wrong moves on request:
a coefficient multiplied into the first term only, a minus sign kept on the first
term only, the cross terms of a product dropped, (a + b)² read as a² + b², and
like terms collected with a slip; each is kept only if it changes the polynomial.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

import sympy

from cotforge.domains.algebra import join_terms, pretty
from cotforge.domains.polynomial import poly_text
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.solvers.spaces._latex import latex

Bracket = tuple[int, ...]
"""Coefficients of a polynomial in x, highest power first."""
X = sympy.Symbol("x")


@dataclass(frozen=True, slots=True)
class Term:
    coef: int
    power: int = 0
    brackets: tuple[Bracket, ...] = ()
    squared: bool = False
    """Shown as (b)^2 rather than (b)(b); the two brackets are equal."""


@dataclass(frozen=True, slots=True)
class ExpandState:
    terms: tuple[Term, ...]
    done: bool = False
    slipped: bool = False


def _monomials(bracket: Bracket) -> list[tuple[int, int]]:
    degree = len(bracket) - 1
    return [(c, degree - i) for i, c in enumerate(bracket) if c]


def _term_text(t: Term) -> str:
    mono = poly_text([t.coef] + [0] * t.power, "x") if t.power or not t.brackets else ""
    if t.brackets and not mono:
        mono = {1: "", -1: "-"}.get(t.coef, f"{t.coef}*")
    elif t.brackets:
        mono += "*"
    if t.squared:
        return f"{mono}({poly_text(t.brackets[0], 'x')})**2"
    return mono + "*".join(f"({poly_text(b, 'x')})" for b in t.brackets)


def state_text(terms: tuple[Term, ...]) -> str:
    return join_terms([_term_text(t) for t in terms if t.coef])


def show(text: str) -> str:
    return pretty(text).replace("**", "^").replace(")*(", ")(").replace("*(", "(")


def to_terms(expr: sympy.Expr) -> tuple[Term, ...]:
    """Terms of an unevaluated sympy sum of products of brackets (the problem as written)."""
    out = []
    for arg in _flat(expr, sympy.Add):
        coef, power, brackets, squared = 1, 0, [], False
        factors = list(_flat(arg, sympy.Mul))
        for factor in factors:
            if factor.is_Number:
                coef *= int(factor)
            elif factor == X:
                power += 1
            elif factor.is_Pow and factor.base == X:
                power += int(factor.exp)
            elif factor.is_Pow:
                b = tuple(int(c) for c in sympy.Poly(factor.base, X).all_coeffs())
                brackets += [b] * int(factor.exp)
                squared = int(factor.exp) == 2 and not any(f.is_Add for f in factors)
            else:
                brackets.append(tuple(int(c) for c in sympy.Poly(factor, X).all_coeffs()))
        out.append(Term(coef, power, tuple(brackets), squared))
    return tuple(out)


def _flat(expr: sympy.Expr, kind: type) -> list[sympy.Expr]:
    """The operands of nested unevaluated sums (or products), flattened in written order."""
    if isinstance(expr, kind):
        return [leaf for arg in expr.args for leaf in _flat(arg, kind)]
    return [expr]


class ExpansionSpace(Space[ExpandState]):
    """Multiplying out the brackets of one polynomial expression."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.text = problem.data()["expression"]

    def root(self) -> ExpandState:
        return ExpandState(to_terms(sympy.parse_expr(self.text, local_dict={"x": X}, evaluate=False)))

    def is_terminal(self, state: ExpandState) -> bool:
        return state.done

    def answer(self, state: ExpandState) -> str | None:
        return state_text(state.terms) if state.done else None

    def heuristic(self, state: ExpandState) -> float:
        return float(sum(len(t.brackets) + t.squared for t in state.terms) + (not state.done))

    def _move(self, state: ExpandState, terms: tuple[Term, ...], text: str, kind: str, done: bool = False, wrong: bool = False) -> Move:
        machine = state_text(terms)
        step = Step(f"{text}: {show(machine)}", machine, kind, intended_wrong=wrong, latex=latex(machine))
        return Move(step, ExpandState(terms, done, state.slipped or wrong))

    def propose(self, state: ExpandState, k: int) -> list[Move]:
        i = next((n for n, t in enumerate(state.terms) if t.brackets), None)
        if i is None:
            return [self._move(state, self._collect(state.terms), "Collect like terms", "collect", done=True)]
        term = state.terms[i]
        if term.squared:
            new = replace(term, squared=False)
            return [self._move(state, self._swap(state, i, [new]), "Write the square as a product", "square")]
        return [self._move(state, self._swap(state, i, self._distribute(term)), self._describe(term), "distribute")]

    @staticmethod
    def _swap(state: ExpandState, i: int, new: list[Term]) -> tuple[Term, ...]:
        return state.terms[:i] + tuple(new) + state.terms[i + 1 :]

    @staticmethod
    def _distribute(term: Term, slip: str = "") -> list[Term]:
        first, rest = term.brackets[0], term.brackets[1:]
        monos = _monomials(first)
        if slip == "first_only":
            return [Term(term.coef * monos[0][0], term.power + monos[0][1], rest)] + [Term(c, p, rest) for c, p in monos[1:]]
        if slip == "sign":
            return [Term(term.coef * monos[0][0], term.power + monos[0][1], rest)] + [Term(-term.coef * c, term.power + p, rest) for c, p in monos[1:]]
        return [Term(term.coef * c, term.power + p, rest) for c, p in monos]

    @staticmethod
    def _describe(term: Term) -> str:
        if len(term.brackets) == 1:
            return f"Multiply each term of the bracket by {show(_term_text(Term(term.coef, term.power)))}"
        return f"Multiply each term of ({show(poly_text(term.brackets[0], 'x'))}) by the rest of the product"

    @staticmethod
    def _collect(terms: tuple[Term, ...], slip: bool = False) -> tuple[Term, ...]:
        by_power: dict[int, int] = {}
        for t in terms:
            by_power[t.power] = by_power.get(t.power, 0) + t.coef
        if slip:
            repeated = [p for p in by_power if sum(1 for t in terms if t.power == p) > 1]
            if not repeated:
                return terms
            by_power[repeated[0]] += 1
        return tuple(Term(c, p) for p, c in sorted(by_power.items(), reverse=True) if c)

    def propose_wrong(self, state: ExpandState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or state.done:
            return []
        truth = self._value(state.terms)
        moves = []
        i = next((n for n, t in enumerate(state.terms) if t.brackets), None)
        if i is None:
            moves.append(self._move(state, self._collect(state.terms, slip=True), "Collect like terms", "collect_slip", True, True))
        else:
            term = state.terms[i]
            if term.squared:
                (a, ca), (b, cb) = _monomials(term.brackets[0])[0], _monomials(term.brackets[0])[-1]
                new = [Term(term.coef * a * a, term.power + 2 * ca), Term(term.coef * b * b, term.power + 2 * cb)]
                moves.append(self._move(state, self._swap(state, i, new), "Square each term", "square_slip", wrong=True))
            else:
                for slip in ("first_only", "sign") if term.coef < 0 else ("first_only",):
                    moves.append(self._move(state, self._swap(state, i, self._distribute(term, slip)), self._describe(term), f"{slip}_slip", wrong=True))
                if len(term.brackets) == 2:
                    (a, b) = term.brackets
                    ma, mb = _monomials(a), _monomials(b)
                    pairs = [Term(term.coef * x * y, term.power + p + q) for (x, p), (y, q) in zip(ma, mb)]
                    moves.append(self._move(state, self._swap(state, i, pairs), "Multiply the firsts and the lasts", "cross_terms_slip", wrong=True))
        kept = [m for m in moves if self._value(m.next_state.terms) != truth]
        rng.shuffle(kept)
        return kept[:k]

    @staticmethod
    def _value(terms: tuple[Term, ...]) -> sympy.Expr:
        return sympy.expand(sympy.sympify(state_text(terms), locals={"x": X}))


SPACES.register("expansion", ExpansionSpace)
