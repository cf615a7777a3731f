"""Antiderivatives written as the project writes them in LaTeX, read without sympy, for a cheap exact verdict.

The ``antiderivative`` kind accepts an answer whose derivative equals the gold's. The general route reads both
texts through :func:`math_read.read` (LaTeX normalised, then sympy's parser), differentiates both with sympy and
calls :func:`math_read.equal`, whose first test is numeric: the difference of the derivatives evaluated at three
sample points to 30 digits, "different" as soon as one value is clearly not zero. Most answers a record verifies
are wrong ones (the search's and the negatives' slips), so that numeric test is where nearly every verdict is made.

:func:`verdict` makes the same decision on a narrow, closed grammar, the shapes the project's answers take:
whole numbers (at most 30 digits), ``x``, sums and differences (a minus only in front of a sum's first term),
products by juxtaposition (a number only first, nothing after a function), ``\\frac{..}{..}``, ``x`` or a bracket
to a constant power, ``e^{..}``, ``\\sin\\left(..\\right)``, ``\\cos\\left(..\\right)``, ``\\ln\\left|..\\right|``
(no bars inside), ``\\ln\\left(..\\right)``, ``\\sqrt{..}``, and an optional ``+ C``. Anything else is refused
(``None``) and the general route decides. It answers only in two cases, each the general route's own verdict:

- the answer's text is the gold's text: the derivatives are the same expression, so ``equal`` holds (accept);
- at one of the same three sample points, the two derivatives, computed in floating point by forward-mode
  differentiation (complex values, principal branches, ``ln|u|`` taken as ``ln u`` as the general route's
  ``_log_abs`` does), differ by more than ``MARGIN`` of the largest magnitude met while computing them: with at most
  ``MAX_NODES`` operations and function arguments bounded by ``MAX_ARGUMENT``, rounding cannot move a value by more
  than a tiny fraction of that margin, so the true difference is not zero and the 30-digit evaluation finds it
  (reject).

Otherwise (close values, a point where either side is undefined) it says nothing. The reader is this module's own:
no code of the integration space (the construction) is used.
"""

from __future__ import annotations

import cmath
import re
from fractions import Fraction
from functools import lru_cache

from cotforge.verifiers.math_parse import MAX_ANSWER_CHARS

MAX_NODES = 300
"""Nodes of one tree; longer answers take the general route."""
MAX_DEPTH = 12
"""Brackets, fractions and functions inside one another (the general reader refuses deep nesting)."""
MAX_ARGUMENT = 200.0
"""Largest |argument| of exp, sin and cos (and |exponent|) at a sample point; beyond it the general route decides."""
MARGIN = 1e-6
"""A difference counts as not zero when it is at least this share of the largest magnitude computed on the way."""
SAMPLES = (0.7, 1.3, 2.3)
"""The general route's sample points (``math_read.SAMPLES``: 7/10, 13/10, 23/10), exactly representable enough: the
points only need to be the same numbers up to rounding, the verdict rests on the margin."""

_CONSTANT = re.compile(r"\s*\+\s*(?:C|c|K|constant)\s*$")
"""The constant of integration, stripped as the general route strips it (``math_read._read``)."""
_TOKEN = re.compile(
    r"\s*(\d{1,30}(?![\d.])|x(?![A-Za-z])|\\frac\{|\\sqrt\{|e\^\{|\\sin\\left\(|\\cos\\left\(|\\ln\\left\||\\ln\\left\("
    r"|\\left\(|\\right\)|\\right\||\^\{|\}|\{|\+|-)"
)
Node = tuple
"""A tree: ("n", Fraction) | ("x",) | ("+", (signed terms...)) | ("*", (factors...)) | ("/", top, bottom) |
("^", base, Fraction) | ("neg", a) | ("exp" | "sin" | "cos" | "log", argument)."""


class _Refused(Exception):
    """The text is outside the grammar this reader reads exactly."""


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    at = 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            if text[at:].strip():
                raise _Refused(text[at:at + 20])
            break
        out.append(match.group(1))
        at = match.end()
    return out


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0
        self.nodes = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, token: str) -> None:
        if self.peek() != token:
            raise _Refused(f"expected {token!r}")
        self.at += 1

    def node(self, value: Node) -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused("too long")
        return value

    def sum(self) -> Node:
        """terms joined by + and -; a minus may also stand before the first term."""
        negative = self.peek() == "-"
        if negative:
            self.at += 1
        terms = [self.node(("neg", self.product())) if negative else self.product()]
        while self.peek() in ("+", "-"):
            sign = self.tokens[self.at]
            self.at += 1
            term = self.product()
            terms.append(self.node(("neg", term)) if sign == "-" else term)
        return terms[0] if len(terms) == 1 else self.node(("+", tuple(terms)))

    def product(self) -> Node:
        """factors side by side: a number only as the first, nothing after a function, no two numbers."""
        factors = [self.power()]
        while self.peek() not in (None, "+", "-", "}", "\\right)", "\\right|"):
            if factors[-1][0] in ("exp", "sin", "cos", "log") or (factors[-1][0] == "^" and factors[-1][1][0] != "x"):
                raise _Refused("a factor after a function or a bracket's power")
            if self.peek() == "\\frac{" and factors[-1][0] == "n":
                raise _Refused("a number before a fraction (a mixed number to the general reader)")
            factor = self.power()
            if factor[0] == "n":
                raise _Refused("a number after another factor")
            factors.append(factor)
        return factors[0] if len(factors) == 1 else self.node(("*", tuple(factors)))

    def power(self) -> Node:
        base = self.atom()
        if self.peek() != "^{":
            return base
        if base[0] not in ("x", "bracket"):
            raise _Refused("only x or a bracket is raised to a power")
        self.at += 1
        exponent = _constant(self.sum())
        self.take("}")
        if exponent is None or abs(exponent) > 100 or exponent.denominator > 100:
            raise _Refused("the exponent is not a small constant")
        return self.node(("^", base[1] if base[0] == "bracket" else base, exponent))

    def atom(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused("nested too deep")
        try:
            return self._atom()
        finally:
            self.depth -= 1

    def _atom(self) -> Node:
        token = self.peek()
        if token is None:
            raise _Refused("unexpected end")
        self.at += 1
        if token[0].isdigit():
            if len(token) > 1 and token[0] == "0":
                raise _Refused("a leading zero")
            return self.node(("n", Fraction(int(token))))
        if token == "x":
            return self.node(("x",))
        if token == "\\frac{":
            top = self.sum()
            self.take("}")
            self.take("{")
            bottom = self.sum()
            self.take("}")
            return self.node(("/", top, bottom))
        if token == "\\sqrt{":
            inside = self.sum()
            self.take("}")
            return self.node(("^", inside, Fraction(1, 2)))
        if token == "e^{":
            inside = self.sum()
            self.take("}")
            return self.node(("exp", inside))
        if token in ("\\sin\\left(", "\\cos\\left(", "\\ln\\left(", "\\left("):
            inside = self.sum()
            self.take("\\right)")
            name = {"\\sin\\left(": "sin", "\\cos\\left(": "cos", "\\ln\\left(": "log"}.get(token)
            return self.node((name, inside)) if name else ("bracket", inside)
        if token == "\\ln\\left|":
            start = self.at
            inside = self.sum()
            if "\\ln\\left|" in self.tokens[start:self.at]:
                raise _Refused("bars inside bars")
            self.take("\\right|")
            return self.node(("log", inside))
        raise _Refused(f"unexpected {token!r}")


def _constant(node: Node) -> Fraction | None:
    """The value of a tree of numbers, signs and fractions of numbers (an exponent), or None."""
    kind = node[0]
    if kind == "n":
        return node[1]
    if kind == "neg":
        inner = _constant(node[1])
        return None if inner is None else -inner
    if kind == "/":
        top, bottom = _constant(node[1]), _constant(node[2])
        return None if top is None or bottom is None or bottom == 0 else top / bottom
    return None


@lru_cache(maxsize=8192)
def read(text: str) -> Node | None:
    """The tree of an antiderivative's text (``+ C`` optional), or None when the text is outside the grammar or
    names no ``x`` (the general route then decides: it differentiates by the text's own unknown)."""
    if len(text) > MAX_ANSWER_CHARS:  # the general reader refuses a longer text (normalised; never longer here)
        return None
    body = _CONSTANT.sub("", text)
    try:
        parser = _Parser(_tokens(body))
        tree = parser.sum()
    except (_Refused, RecursionError):
        return None
    if parser.at != len(parser.tokens) or tree[0] == "bracket" or "x" not in body:
        return None
    return tree


def shaped(text: str) -> bool:
    """The text reads in this grammar: its verification is bounded work (verified on the calling thread)."""
    return read(text) is not None


class _Undefined(Exception):
    """A sample point where a side is undefined or too large to trust: the general route skips it too."""


def _slope(node: Node, x: float, top: list[float]) -> tuple[complex, complex]:
    """(value, derivative) of the tree at ``x``; ``top[0]`` keeps the largest magnitude computed."""
    kind = node[0]
    if kind == "n":
        value, slope = complex(node[1]), 0j
    elif kind == "x":
        value, slope = complex(x), 1 + 0j
    elif kind == "bracket":
        value, slope = _slope(node[1], x, top)
    elif kind == "neg":
        value, slope = _slope(node[1], x, top)
        value, slope = -value, -slope
    elif kind == "+":
        value, slope = 0j, 0j
        for term in node[1]:
            v, d = _slope(term, x, top)
            value, slope = value + v, slope + d
    elif kind == "*":
        value, slope = 1 + 0j, 0j
        for factor in node[1]:
            v, d = _slope(factor, x, top)
            value, slope = value * v, slope * v + value * d
    elif kind == "/":
        a, da = _slope(node[1], x, top)
        b, db = _slope(node[2], x, top)
        if abs(b) < 1e-12:
            raise _Undefined
        value, slope = a / b, (da * b - a * db) / (b * b)
    elif kind == "^":
        b, db = _slope(node[1], x, top)
        n: Fraction = node[2]
        if n.denominator == 1:
            if abs(b) < 1e-12 and n < 1:
                raise _Undefined
            value = b ** int(n)
            slope = int(n) * b ** (int(n) - 1) * db if n != 0 else 0j
        else:
            if abs(b) < 1e-12:
                raise _Undefined
            value = cmath.exp(float(n) * cmath.log(b))  # the principal branch, as sympy's b**n
            slope = float(n) * value / b * db
    else:
        u, du = _slope(node[1], x, top)
        if abs(u) > MAX_ARGUMENT:
            raise _Undefined
        if kind == "exp":
            value = cmath.exp(u)
            slope = value * du
        elif kind == "sin":
            value, slope = cmath.sin(u), cmath.cos(u) * du
        elif kind == "cos":
            value, slope = cmath.cos(u), -cmath.sin(u) * du
        else:
            if abs(u) < 1e-12:
                raise _Undefined
            value, slope = cmath.log(u), du / u
    top[0] = max(top[0], abs(value), abs(slope))
    if top[0] > 1e200 or top[0] != top[0]:
        raise _Undefined
    return value, slope


@lru_cache(maxsize=8192)
def verdict(answer: str, gold: str) -> bool | None:
    """True (the general route accepts), False (it rejects as not equal), or None (not decided here: either text
    is outside the grammar, or the derivatives are close at every sample point where both are defined)."""
    given, expected = read(answer), read(gold)
    if given is None or expected is None:
        return None
    if _CONSTANT.sub("", answer).strip() == _CONSTANT.sub("", gold).strip():
        return True
    for point in SAMPLES:
        top = [1.0]
        try:
            difference = _slope(given, point, top)[1] - _slope(expected, point, top)[1]
        except (_Undefined, OverflowError, ZeroDivisionError, ValueError):
            continue
        if abs(difference) > MARGIN * top[0]:
            return False
    return None
