"""Expanding polynomial expressions one bracket at a time, then collecting like terms power by power.

A state is a list of terms ``c·xᵖ·(bracket)(bracket)…`` with exact integer coefficients.
Moves, in the order a careful student makes them: write a square as a product; multiply
each term of a term's first bracket by the rest of the product; distribute a coefficient
over its only bracket; then collect the like terms of one power at a time (never more
than one power per step, so no step adds up a long row of terms unseen). A step says
what it does, shows the local calculation and the whole new expression, in LaTeX.
The chain ends when no bracket is left, no two terms share a power and the terms stand
in descending powers; a step that would change nothing is never offered.

Wrong moves on request (``Step.error_kind``): a coefficient multiplied into the first
term only, or into every bracket of a product or into a square's bracket, 3(x + 1)² =
(3x + 3)² (``wrong_distribution``), a minus sign kept on the first term only
(``sign_slip``), the cross terms of a product dropped (``dropped_term``), (a + b)² read
as a² + b², or the powers multiplied where they add, x²·x³ = x⁶ (``wrong_rule``), one
product of a distribution one row off the times table, or like terms added with a slip
(``arithmetic_slip``), or subtracted where they add (``sign_slip``); each is kept only if it changes the
polynomial, checked exactly (no sympy on this path).
"""

from __future__ import annotations

from collections import Counter
import random
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

import sympy

from cotforge.core.memo import Memo
from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES
from cotforge.core.space import Move, Space
from cotforge.domains.algebra import join_terms, sympy_text
from cotforge.domains.polynomial import poly_text
from cotforge.domains.latex import latex as _uncached_latex
from cotforge.domains.latex_answer import answer_latex
from cotforge.solvers.spaces._expand_read import read_sum

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
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.coef, self.power, self.brackets, self.squared)))

    def __hash__(self) -> int:
        return self._hash


@dataclass(frozen=True, slots=True)
class ExpandState:
    terms: tuple[Term, ...]
    done: bool = False
    slipped: bool = False
    _hash: int = field(init=False, repr=False, compare=False)
    """The hash of the three fields, computed once: the search and the negatives look states up many times."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.terms, self.done, self.slipped)))

    def __hash__(self) -> int:
        return self._hash


def _monomials(bracket: Bracket) -> list[tuple[int, int]]:
    degree = len(bracket) - 1
    return [(c, degree - i) for i, c in enumerate(bracket) if c]


@lru_cache(maxsize=20_000)
def _term_text(t: Term) -> str:
    mono = poly_text([t.coef] + [0] * t.power, "x") if t.power or not t.brackets else ""
    if t.brackets and not mono:
        mono = {1: "", -1: "-"}.get(t.coef, f"{t.coef}*")
    elif t.brackets:
        mono += "*"
    if t.squared:
        return f"{mono}({poly_text(t.brackets[0], 'x')})**2"
    return mono + "*".join(f"({poly_text(b, 'x')})" for b in t.brackets)


@lru_cache(maxsize=20_000)
def state_text(terms: tuple[Term, ...]) -> str:
    return join_terms([_term_text(t) for t in terms if t.coef])


_WRITTEN = re.compile(r"[0-9x*+\- ()]+")
"""The texts this space writes: integers, x, ``*``, ``**``, signs and brackets."""


@lru_cache(maxsize=16384)
def latex(machine: str) -> str:
    """LaTeX of a text this space wrote, by substitution (``**k`` -> ``^{k}``, ``*`` -> a space, brackets sized): the
    same LaTeX ``domains.latex`` gives these texts (``tests/solvers/spaces/test_math_latex.py``) without parsing
    them again. Any other text goes to ``domains.latex``."""
    if _WRITTEN.fullmatch(machine) is None:
        return _uncached_latex(machine)
    if "***" in machine:
        return re.sub(r"\*\*(\d+)", r"^{\1}", machine).replace("*", " ").replace("(", r"\left(").replace(")", r"\right)")
    head, *rest = machine.split("**")
    pieces = [head]
    for piece in rest:  # r"\*\*(\d+)" -> r"^{\1}", without the regex engine
        digits = len(piece) - len(piece.lstrip("0123456789"))
        pieces.append(f"^{{{piece[:digits]}}}{piece[digits:]}" if digits else "**" + piece)
    out = "".join(pieces)
    return out.replace("*", " ").replace("(", r"\left(").replace(")", r"\right)")


def tex(machine: str) -> str:
    """Inline LaTeX of machine text: ``$3 x^{2} - 19 x - 24$``."""
    return f"${latex(machine)}$"


@lru_cache(maxsize=20_000)
def _answer(machine: str) -> str:
    """The final answer's LaTeX (the search and the negatives ask it of the same end states many times): for a text
    this space wrote, :func:`latex` (what ``answer_latex(machine, "expanded")`` gives it, without parsing it again)."""
    if _WRITTEN.fullmatch(machine) is not None and machine.strip():
        return latex(machine)
    return answer_latex(machine, "expanded")


def poly_of(terms: tuple[Term, ...]) -> dict[int, int]:
    """The polynomial the terms make, as {power: coefficient}, exactly (no sympy)."""
    out: dict[int, int] = {}
    for t in terms:
        prod = {t.power: t.coef}
        for b in t.brackets:
            prod = _times(prod, b)
        for p, c in prod.items():
            out[p] = out.get(p, 0) + c
    return {p: c for p, c in out.items() if c}


def _times(prod: dict[int, int], bracket: Bracket) -> dict[int, int]:
    out: dict[int, int] = {}
    for p, c in prod.items():
        for e, d in _monomials(bracket):  # (coefficient, power)
            out[p + d] = out.get(p + d, 0) + c * e
    return out


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


def _flat(expr: sympy.Expr, kind: type[sympy.Expr]) -> list[sympy.Expr]:
    """The operands of nested unevaluated sums (or products), flattened in written order."""
    if isinstance(expr, kind):
        return [leaf for arg in expr.args for leaf in _flat(arg, kind)]
    return [expr]


def finished(terms: tuple[Term, ...]) -> bool:
    """No bracket left, no two terms of one power, powers descending: the expanded form."""
    powers = [t.power for t in terms if t.coef]
    return not any(t.brackets for t in terms) and powers == sorted(set(powers), reverse=True)


_PROPOSED_MAX = 20_000
_PROPOSED: Memo[ExpandState, list[Move]] = Memo(_PROPOSED_MAX)
_WRONG: Memo[ExpandState, list[Move]] = Memo(_PROPOSED_MAX)


class ExpansionSpace(Space[ExpandState]):
    """Multiplying out the brackets of one polynomial expression."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.text = problem.data()["expression"]

    def root(self) -> ExpandState:
        read = read_sum(self.text)  # exactly, as the sympy route reads the texts the generator writes
        if read is not None:
            return ExpandState(tuple(Term(*t) for t in read))
        return ExpandState(to_terms(sympy_text(self.text, {"x": X}, evaluate=False, xor=False)))

    def is_terminal(self, state: ExpandState) -> bool:
        return state.done

    def answer(self, state: ExpandState) -> str | None:
        return _answer(state_text(state.terms)) if state.done else None

    def heuristic(self, state: ExpandState) -> float:
        powers = [t.power for t in state.terms if not t.brackets]
        return float(sum(len(t.brackets) + t.squared for t in state.terms) + len(powers) - len(set(powers)))

    def key(self, state: ExpandState) -> tuple:
        return (state.terms, state.done, state.slipped)

    def foresee(self, state: ExpandState) -> tuple[str | None, int]:
        """Where the sound moves from ``state`` end, the expanded polynomial of its terms (powers descending), and how
        many steps that takes (``_steps_left``), without writing them: the continued negatives continue first the wrong moves
        ``choose`` will prefer (``continue_negative.Foresees``)."""
        if state.done:
            return self.answer(state), 0
        expanded = poly_of(state.terms)
        end = _answer(state_text(tuple(Term(expanded[p], p) for p in sorted(expanded, reverse=True))))
        return end, _steps_left(state.terms)

    def _move(self, state: ExpandState, terms: tuple[Term, ...], text: str, kind: str, error_kind: str = "") -> Move:
        terms = tuple(t for t in terms if t.coef)
        machine = state_text(terms)
        step = Step(text.replace("{whole}", tex(machine)), machine, kind, intended_wrong=bool(error_kind), latex=latex(machine),
                    error_kind=error_kind)
        return Move(step, ExpandState(terms, finished(terms), state.slipped or bool(error_kind)))

    def propose(self, state: ExpandState, k: int) -> list[Move]:
        # a pure function of the state, shared with the negatives' fresh space
        return list(_PROPOSED.remember(state, lambda: self._propose(state)))

    def _propose(self, state: ExpandState) -> list[Move]:
        i = next((n for n, t in enumerate(state.terms) if t.brackets), None)
        if i is None:
            return [self._collect_move(state)]
        term = state.terms[i]
        if term.squared:
            unsquared = replace(term, squared=False)
            square = tex(_term_text(replace(term, coef=1)))
            text = f"Write the square as a product: {square[:-1]} = {latex(_term_text(replace(unsquared, coef=1)))}$, so the expression is {{whole}}."
            return [self._move(state, self._swap(state, i, [unsquared]), text, "square")]
        new = self._distribute(term)
        return [self._move(state, self._swap(state, i, new), self._describe(term, new), "distribute")]

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
        if slip == "exponents":  # x^a * x^b read as x^(a*b) where both carry x
            return [Term(term.coef * c, term.power * p if term.power and p else term.power + p, rest) for c, p in monos]
        if slip == "times_table":  # the last product one row off the times table: 3*7 = 24
            (c, p), off = monos[-1], 1 if term.coef * monos[-1][0] > 0 else -1
            return [Term(term.coef * e, term.power + d, rest) for e, d in monos[:-1]] + [Term(term.coef * c + off * abs(term.coef), term.power + p, rest)]
        return [Term(term.coef * c, term.power + p, rest) for c, p in monos]

    @staticmethod
    def _describe(term: Term, new: list[Term]) -> str:
        local = f"{latex(_term_text(term))} = {latex(state_text(tuple(new)))}"
        if len(term.brackets) == 1:
            factor = latex(_term_text(Term(term.coef, term.power)))
            return f"Multiply each term of $({latex(poly_text(term.brackets[0], 'x'))})$ by ${factor}$: ${local}$, so the expression is {{whole}}."
        rest = "*".join(f"({poly_text(b, 'x')})" for b in term.brackets[1:])
        return (f"Multiply each term of $({latex(poly_text(term.brackets[0], 'x'))})$ by the rest of the product, ${latex(rest)}$: "
                f"${local}$, so the expression is {{whole}}.")

    def _collect_move(self, state: ExpandState, slip: str = "") -> Move:
        groups: dict[int, list[int]] = {}
        for t in state.terms:
            groups.setdefault(t.power, []).append(t.coef)
        repeated = [p for p, cs in groups.items() if len(cs) > 1]
        if not repeated:  # only the order is left to fix
            terms = tuple(sorted(state.terms, key=lambda t: -t.power))
            return self._move(state, terms, "Write the terms in descending powers of $x$: {whole}.", "arrange")
        power = max(repeated)
        total = sum(groups[power])
        if slip == "arithmetic":
            total += 1
        elif slip == "sign":
            total = groups[power][0] - sum(groups[power][1:])
        before = latex(state_text(tuple(Term(c, power) for c in groups[power])))
        after = latex(state_text((Term(total, power),))) if total else "0"
        kept = [t for t in state.terms if t.power != power] + [Term(total, power)]
        terms = tuple(sorted(kept, key=lambda t: -t.power))
        name = "constant terms" if power == 0 else f"${latex(poly_text([1] + [0] * power, 'x'))}$ terms"
        return self._move(state, terms, f"Collect the {name}: ${before} = {after}$, so the expression is {{whole}}.", "collect",
                          error_kind={"arithmetic": "arithmetic_slip", "sign": "sign_slip"}.get(slip, ""))

    def propose_wrong(self, state: ExpandState, k: int, rng: random.Random) -> list[Move]:
        if state.slipped or state.done:
            return []
        kept = list(_WRONG.remember(state, lambda: self._wrong(state)))  # pure, shared as ``_PROPOSED``
        rng.shuffle(kept)
        return kept[:k]

    def _wrong(self, state: ExpandState) -> list[Move]:
        """The wrong moves that change the polynomial, in the order they are built."""
        truth = poly_of(state.terms)
        moves = []
        i = next((n for n, t in enumerate(state.terms) if t.brackets), None)
        if i is None:
            moves += [self._collect_move(state, "arithmetic"), self._collect_move(state, "sign")]
        else:
            term = state.terms[i]
            if term.squared:
                (a, ca), (b, cb) = _monomials(term.brackets[0])[0], _monomials(term.brackets[0])[-1]
                new = [Term(term.coef * a * a, term.power + 2 * ca), Term(term.coef * b * b, term.power + 2 * cb)]
                square = latex(_term_text(replace(term, coef=1)))
                text = f"Square each term: ${square} = {latex(state_text(tuple(replace(t, coef=t.coef // term.coef) for t in new)))}$, so the expression is {{whole}}."
                moves.append(self._move(state, self._swap(state, i, new), text, "square", "wrong_rule"))
                if (term.coef, term.power) != (1, 0):
                    moves.append(self._into_each(state, i, term))
            else:
                for slip, kind in (("first_only", "wrong_distribution"), ("sign", "sign_slip"), ("exponents", "wrong_rule"),
                                   ("times_table", "arithmetic_slip")):
                    if (slip == "sign" and term.coef > 0) or (slip == "exponents" and not _exponent_rule_shows(term)) or \
                            (slip == "times_table" and abs(term.coef) < 2):
                        continue
                    new = self._distribute(term, slip)
                    moves.append(self._move(state, self._swap(state, i, new), self._describe(term, new), "distribute", kind))
                if len(term.brackets) > 1 and (term.coef, term.power) != (1, 0):
                    moves.append(self._into_each(state, i, term))
                if len(term.brackets) == 2:
                    left, right = term.brackets
                    pairs = [Term(term.coef * x * y, term.power + p + q) for (x, p), (y, q) in zip(_monomials(left), _monomials(right))]
                    local = f"{latex(_term_text(term))} = {latex(state_text(tuple(pairs)))}"
                    text = f"Multiply the first terms and the last terms: ${local}$, so the expression is {{whole}}."
                    moves.append(self._move(state, self._swap(state, i, pairs), text, "distribute", "dropped_term"))
        return [m for m in moves if m.step.intended_wrong and poly_of(m.next_state.terms) != truth]

    def _into_each(self, state: ExpandState, i: int, term: Term) -> Move:
        """The factor in front multiplied into every bracket of a product, or into a square's bracket:
        3(x + 1)(x + 2) = (3x + 3)(3x + 6), 2(x - 1)^2 = (2x - 2)^2 (``wrong_distribution``)."""
        scaled = tuple(tuple(term.coef * c for c in b) + (0,) * term.power for b in term.brackets)
        new = Term(1, 0, scaled, term.squared)
        factor = latex(_term_text(Term(term.coef, term.power)))
        where = "inside the square" if term.squared else "into each bracket"
        text = f"Take ${factor}$ {where}: ${latex(_term_text(term))} = {latex(_term_text(new))}$, so the expression is {{whole}}."
        return self._move(state, self._swap(state, i, [new]), text, "square" if term.squared else "distribute", "wrong_distribution")


def _steps_left(terms: tuple[Term, ...]) -> int:
    """How many sound moves take ``terms`` to the expanded form: one per square written as a product and per bracket
    multiplied out (each product's brackets are distributed term by term), then one per power collected, or one to
    arrange the terms where nothing is left to collect and they are out of order."""
    flat: list[Term] = []
    steps = sum(_distributions(t, flat) for t in terms if t.coef)
    powers = Counter(t.power for t in flat)
    repeated = sum(1 for n in powers.values() if n > 1)
    return steps + (repeated or (0 if finished(tuple(flat)) else 1))


def _distributions(term: Term, flat: list[Term]) -> int:
    """The moves that multiply out ``term``; its bracket-free terms are added to ``flat``."""
    if not term.brackets:
        flat.append(term)
        return 0
    if term.squared:
        return 1 + _distributions(replace(term, squared=False), flat)
    return 1 + sum(_distributions(t, flat) for t in ExpansionSpace._distribute(term) if t.coef)


def _exponent_rule_shows(term: Term) -> bool:
    """Whether the rule x^a * x^b = x^(a+b) is used with a power above 1: the factor and some term of the
    bracket both carry x and one of the two powers is above 1 (x * x = x^2 is known by sight, not by the rule)."""
    return any(term.power and p and max(term.power, p) > 1 for _, p in _monomials(term.brackets[0]))


SPACES.register("expansion", ExpansionSpace)
