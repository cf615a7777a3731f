"""Rational expressions: cancel common factors, multiply, divide, add over a common denominator.

The simplified result is chosen first (a ratio of small factors) and the
question is built by multiplying a common factor in or splitting into partial
fractions; the gold is that construction. The step space factors, cancels,
finds common denominators and combines, and the verifier accepts only a fully
cancelled fraction equal to the gold.

Levels: 1 cancel one common factor; 2 factor a trinomial on top and bottom,
then cancel; 3 add or subtract two fractions with linear denominators; 4 a
product or quotient of two fractions; 5 a difference of fractions whose common
denominator needs factoring, then a cancellation.

The polynomial work is python-flint's (issue 21), the items as sympy made them: the texts are written by
``expanded_text``, the gold is the construction's fraction, and the independent check reads the posed text back
into a fraction of polynomials (``read_ratio``: exact arithmetic, reduced by gcd) and compares it with the gold. The
answer is ``sympy.fraction(sympy.factor(value))`` written by sympy's rules (``answer_text``). Where the reader
refuses a text or a writer is unsure, the check and the answer are sympy's, as before.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import sympy
from flint import fmpq, fmpq_poly

from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, TaskConfig
from cotforge.domains.itemspace import Choices
from cotforge.domains.latex import latex
from cotforge.domains.latex_answer import answer_latex
from cotforge.generators.math._unique import UniqueItemsGenerator
from cotforge.domains.rational_poly import MAX_DEGREE, expanded_text, factor_form, factored_text, lead

X = sympy.Symbol("x")
PX = fmpq_poly([0, 1])
"""x as a flint polynomial."""


@dataclass(frozen=True, slots=True)
class RationalExpressionConfig(TaskConfig):
    """The level sets the operation: cancel, factor and cancel, add, multiply or divide, both."""


def _sum(p: fmpq_poly) -> str:
    """``sympy.sstr(sympy.expand(e))`` of the construction's polynomial ``p`` (of degree 4 at most)."""
    text = expanded_text(p)
    if text is None:  # over MAX_DEGREE: never for these items
        raise RuntimeError(f"rational: no expanded text for {p}")
    return text


def _frac(top: fmpq_poly, bottom: fmpq_poly) -> str:
    return f"({_sum(top)})/({_sum(bottom)})"


Ratio = tuple[fmpq_poly, fmpq_poly]
"""A fraction of polynomials in x: (numerator, denominator), the denominator non-zero."""


def _reduced(num: fmpq_poly, den: fmpq_poly) -> Ratio:
    """``num/den`` in lowest terms, the denominator monic."""
    g = num.gcd(den)
    num, den = num // g, den // g
    c = lead(den)
    return num / c, den / c


_RATIO_TOKEN = re.compile(r"\s*(\*\*|[-+*/()x]|0(?!\d)|[1-9]\d{0,29}(?!\d))")


class _Unread(Exception):
    """Not the grammar ``read_ratio`` reads, or a division by zero: the caller asks sympy."""


class _RatioReader:
    """Python's grammar for ``+ - * / **``, brackets, whole numbers and ``x`` (``-x**2`` is ``-(x**2)``), each value a
    reduced ``Ratio``; a power only to a whole number from 0 to 16."""

    __slots__ = ("tokens", "at")

    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.at = tokens, 0

    def _peek(self) -> str:
        return self.tokens[self.at] if self.at < len(self.tokens) else ""

    def read(self) -> Ratio:
        value = self.sum()
        if self.at != len(self.tokens):
            raise _Unread
        return value

    def sum(self) -> Ratio:
        n, d = self.product()
        while self._peek() in ("+", "-"):
            op = self.tokens[self.at]
            self.at += 1
            n2, d2 = self.product()
            n, d = _reduced(n * d2 + n2 * d if op == "+" else n * d2 - n2 * d, d * d2)
        return n, d

    def product(self) -> Ratio:
        n, d = self.unary()
        while self._peek() in ("*", "/"):
            op = self.tokens[self.at]
            self.at += 1
            n2, d2 = self.unary()
            if op == "*":
                n, d = _reduced(n * n2, d * d2)
            elif n2.is_zero():
                raise _Unread
            else:
                n, d = _reduced(n * d2, d * n2)
        return n, d

    def unary(self) -> Ratio:
        if self._peek() in ("+", "-"):
            op = self.tokens[self.at]
            self.at += 1
            n, d = self.unary()
            return (-n, d) if op == "-" else (n, d)
        return self.power()

    def power(self) -> Ratio:
        n, d = self.atom()
        if self._peek() != "**":
            return n, d
        self.at += 1
        en, ed = self.unary()
        if en.degree() > 0 or ed.degree() > 0:
            raise _Unread
        exponent = en[0] / ed[0]
        if exponent.q != 1 or not 0 <= exponent.p <= 16:
            raise _Unread
        k = int(exponent.p)
        return n**k, d**k

    def atom(self) -> Ratio:
        token = self._peek()
        self.at += 1
        if token == "(":
            value = self.sum()
            if self._peek() != ")":
                raise _Unread
            self.at += 1
            return value
        if token == "x":
            return PX, fmpq_poly([1])
        if token.isdigit():
            return fmpq_poly([int(token)]), fmpq_poly([1])
        raise _Unread


def read_ratio(text: str) -> Ratio | None:
    """The reduced fraction of polynomials that ``text`` is, read as sympy's parse reads it, or None."""
    tokens: list[str] = []
    at, end = 0, len(text.rstrip())
    while at < end:
        match = _RATIO_TOKEN.match(text, at)
        if match is None:
            return None
        tokens.append(match.group(1))
        at = match.end()
    if not tokens:
        return None
    try:
        return _RatioReader(tokens).read()
    except (_Unread, RecursionError):
        return None


def _signed_content(p: fmpq_poly) -> fmpq:
    """The number that leaves a primitive integer polynomial with a positive leading coefficient."""
    c = fmpq(p.numer().content(), p.denom())
    return -c if lead(p) < 0 else c


def _part_text(p: fmpq_poly, primitive: fmpq_poly) -> str | None:
    """``sstr(Mul(n, *brackets))`` for ``p`` = n times ``primitive`` (its brackets): an integer times one bracket
    (not x) is multiplied out by ``Mul``, anything else reads as ``sympy.factor`` writes it."""
    if primitive.degree() < 1:
        return str(p[0])
    factors = factor_form(primitive).factors
    if len(factors) == 1 and factors[0][1] == 1 and factors[0][0] != (0, 1):
        return expanded_text(p)
    return factored_text(p)


def answer_text(value: Ratio) -> str | None:
    """``sympy.fraction(sympy.factor(value))`` written as the answer (``sstr(num)``, or ``(num)/(den)``), or None.

    ``factor`` gathers the numbers of top and bottom into one coefficient c = p/q before primitive brackets with
    positive leading coefficients; ``fraction`` gives the top p and the top's brackets, the bottom q and the bottom's,
    each multiplied by ``Mul`` (so 3 times one bracket is ``3*x - 3``, while 3 times two stays ``3*(x - 1)*x``).
    """
    num, den = value
    if num.is_zero() or max(num.degree(), den.degree()) > MAX_DEGREE:
        return None
    cn, cd = _signed_content(num), _signed_content(den)
    c = cn / cd
    top_brackets, bottom_brackets = num / cn, den / cd
    top = _part_text(top_brackets * c.p, top_brackets)
    bottom = bottom_brackets * c.q
    if top is None or bottom.is_one():
        return top
    bottom_text = _part_text(bottom, bottom_brackets)
    return None if bottom_text is None else f"({top})/({bottom_text})"


def _sympy_answer(text: str, gold: Ratio) -> str:
    """The check and the answer by sympy (the route before flint): the posed text parsed, cancelled, compared."""
    value = sympy.cancel(sympy.sympify(text, locals={"x": X}))
    num_g, den_g = (sum((sympy.Rational(int(c.p), int(c.q)) * X**j for j, c in enumerate(p.coeffs())), sympy.S.Zero) for p in gold)
    if sympy.cancel(value - num_g / den_g) != 0:  # construction and sympy disagree: a bug
        raise RuntimeError(f"rational gold mismatch: {text}")
    num, den = sympy.fraction(sympy.factor(value))
    return sympy.sstr(num) if den == 1 else f"({sympy.sstr(num)})/({sympy.sstr(den)})"


ROOTS = [n for n in range(-12, 13) if n]
PHRASES = (
    "Simplify completely: ${e}$",
    "Write ${e}$ as a single fraction in lowest terms.",
    "Simplify ${e}$.",
    "Reduce ${e}$ to lowest terms.",
    "Express ${e}$ as one fully simplified fraction.",
)
_EXTRA: dict[int, tuple[tuple[str, list], ...]] = {
    1: (("k", [1, 2, 3, 4, 6]), ("n", [1, 2, 3])),
    3: (("p", [1, 2, 3, 4, 5]), ("q", [-3, -2, -1, 1, 2, 3, 4])),
    4: (("form", ["product", "quotient"]),),
    5: (("m", [1, 2, 3, 4, 5]), ("which", [0, 1]), ("sign", [1, -1])),
}


class RationalExpressionGenerator(UniqueItemsGenerator):
    name = "rational_expression"
    version = 6
    """Version 4 (rows, not items): factoring slips keep the bracket a solver goes on to cancel and reach a
    wrong final answer in the solution's steps; new slips: a constant not divided when a coefficient is taken
    out, each top scaled by its own bottom's factor, a sign lost taking out a negative factor."""
    ITEMS_VERSION = 4
    """Versions 5 and 6 change rows only (5: a new combine-step slip, the tops as they were before scaling added
    over the common denominator; 6: the numerators and the denominators factored as two steps, the tops multiplied
    out before they are added, with slips at both): the items are drawn as version 4 drew them, the same questions."""
    domain = "math"
    space = "rational"
    verifier = "math"
    config_cls = RationalExpressionConfig

    def _key(self) -> str:
        return f"{self.name}|v{self.ITEMS_VERSION}|L{self.config.level}"

    def choices(self) -> Choices:
        level = self.config.level
        roots = {1: "ab", 2: "abc", 3: "ab", 4: "abcd", 5: ""}[level]
        digits = tuple((r, ROOTS) for r in roots) + _EXTRA.get(level, ())
        if level == 5:  # (x - a)(x - b) multiplied out reads the same both ways: each pair once
            digits = (("pair", [(a, b) for a in ROOTS for b in ROOTS if a < b]),) + digits
        return Choices(digits + (("phrase", list(range(len(PHRASES)))),))

    def build(self, rng: random.Random) -> Draft:
        level = self.config.level
        p = self.pick(self.choices(), lambda q: len({q[r] for r in "abcd" if r in q}) == len([r for r in "abcd" if r in q]))
        if "pair" in p:
            p = {**p, "a": p["pair"][0], "b": p["pair"][1]}
        a, b, c, d = (p.get(r, 0) for r in "abcd")
        xa, xb, xc, xd = (PX - r for r in (a, b, c, d))
        one = fmpq_poly([1])
        gold: Ratio  # the construction's value, not necessarily in lowest terms
        if level == 1:
            k, n = p["k"], p["n"]
            gold = (xa * fmpq(k, n), one)
            text = _frac(k * xa * xb, n * xb)
        elif level == 2:
            gold = (xa, xc)
            text = _frac(xa * xb, xb * xc)
        elif level == 3:
            pp, q = p["p"], p["q"]
            gold = (pp * xb + q * xa, xa * xb)
            text = f"{pp}/({_sum(xa)}) {'+' if q > 0 else '-'} {abs(q)}/({_sum(xb)})"
        elif level == 4:
            if p["form"] == "product":
                gold = (xa, xd)
                text = f"{_frac(xa * xb, xc * xd)} * {_frac(xc, xb)}"
            else:
                text = f"({_frac(xa * xb, xd)}) / ({_frac(xb**2, xc)})"
                gold = (xa * xc, xd * xb)  # (x - a)(x - b)/(x - d) times (x - c)/(x - b)**2
        else:
            m = p["m"] * p["sign"]
            far, near = (a, b) if p["which"] == 0 else (b, a)  # k/((x - a)(x - b)) + m/(x - near): the far factor cancels
            k = m * (far - near)
            gold = (fmpq_poly([m]), PX - far)
            second = f"+ {m}" if m > 0 else f"- {-m}"
            text = f"{k}/({_sum(xa * xb)}) {second}/({_sum(PX - near)})"
        value = read_ratio(text)  # the posed text read back: a route apart from the construction
        answer = None
        if value is not None:
            if value[0] * gold[1] != gold[0] * value[1]:  # construction and reading disagree: a bug
                raise RuntimeError(f"rational gold mismatch: {text}")
            answer = answer_text(value)
        if answer is None:
            answer = _sympy_answer(text, gold)
        return Draft(
            question=PHRASES[p["phrase"]].format(e=latex(text)),
            answer=answer_latex(answer, "simplified"),
            payload={"answer_sympy": answer, "check": "identity", "answer_kind": "simplified", "variable": "x", "expression": text},
            metadata={"operation": ["cancel", "factor_cancel", "add", "multiply_divide", "combine_cancel"][level - 1]},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        value = sympy.sympify(problem.data()["answer_sympy"], locals={"x": X})
        return sympy.sstr(sympy.factor(value + 1))


TASKS.register("rational_expression", RationalExpressionGenerator)
