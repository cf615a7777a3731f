"""An exact step check for polynomial rewrites (expanding, factoring): each state, read as a
polynomial in x with rational coefficients, equals the posed expression.

The reader is a small recursive-descent parser of the machine text the states are written in
(``+ - * **``, brackets, integers, ``x``) into {power: coefficient} with ``Fraction``: no sympy
parse per step, and no code shared with the step spaces that wrote the states. A state it
cannot read is "not checkable" (None), never "wrong".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

from cotforge.core.records import Problem

Poly = dict[int, Fraction]
_TOKEN = re.compile(r"\s*(\d+|[A-Za-z_]\w*|\*\*|[-+*()/])")


class PolyReadError(ValueError):
    """The text is not a polynomial this reader knows."""


def _add(a: Poly, b: Poly, sign: int = 1) -> Poly:
    out = dict(a)
    for p, c in b.items():
        out[p] = out.get(p, Fraction(0)) + sign * c
    return {p: c for p, c in out.items() if c}


def _mul(a: Poly, b: Poly) -> Poly:
    out: Poly = {}
    for p, c in a.items():
        for q, d in b.items():
            out[p + q] = out.get(p + q, Fraction(0)) + c * d
    return {p: c for p, c in out.items() if c}


class _Reader:
    def __init__(self, text: str, name: str = "x") -> None:
        self.name = name
        self.tokens, pos = [], 0
        text = text.strip()
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if not match:
                raise PolyReadError(f"cannot read {text[pos:pos + 10]!r}")
            self.tokens.append(match.group(1))
            pos = match.end()
        self.i = 0

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise PolyReadError("unexpected end")
        self.i += 1
        return token

    def sum(self) -> Poly:
        out = self.product()
        while self.peek() in ("+", "-"):
            sign = 1 if self.take() == "+" else -1
            out = _add(out, self.product(), sign)
        return out

    def product(self) -> Poly:
        out = self.unary()
        while self.peek() in ("*", "/"):
            if self.take() == "/":
                divisor = self.unary()
                if set(divisor) != {0}:
                    raise PolyReadError("division by a non-constant")
                out = {p: c / divisor[0] for p, c in out.items()}
            else:
                out = _mul(out, self.unary())
        return out

    def unary(self) -> Poly:
        if self.peek() == "-":
            self.take()
            return {p: -c for p, c in self.unary().items()}
        if self.peek() == "+":
            self.take()
        return self.power()

    def power(self) -> Poly:
        base = self.atom()
        if self.peek() == "**":
            self.take()
            exponent = self.take()
            if not exponent.isdigit() or int(exponent) > 12:
                raise PolyReadError(f"exponent {exponent!r}")
            out: Poly = {0: Fraction(1)}
            for _ in range(int(exponent)):
                out = _mul(out, base)
            return out
        return base

    def atom(self) -> Poly:
        token = self.take()
        if token == "(":
            inner = self.sum()
            if self.take() != ")":
                raise PolyReadError("unbalanced bracket")
            return inner
        if token == self.name:
            return {1: Fraction(1)}
        if token.isdigit():
            return {0: Fraction(int(token))} if int(token) else {}
        raise PolyReadError(f"unexpected {token!r}")


@lru_cache(maxsize=4096)
def read_poly(text: str, name: str = "x") -> tuple[tuple[int, Fraction], ...]:
    """The polynomial in ``name`` a machine text writes, as sorted (power, coefficient) pairs."""
    reader = _Reader(text, name)
    out = reader.sum()
    if reader.peek() is not None:
        raise PolyReadError(f"unread text after token {reader.i} in {text!r}")
    return tuple(sorted(out.items()))


_NOT_PLAIN = re.compile(r"[^\S ]|(?<!\d)0\d|\d{101}")
"""Text the sympy route reads differently or refuses (other white space, leading zeros, numbers past 100 digits):
left to it."""
MAX_NESTING = 40
"""Deeper brackets are refused by the sympy route (``math_parse``): left to it."""


@dataclass(frozen=True, slots=True)
class Solved:
    """An equation's solutions, read exactly: its degree, its rational roots, and whether it has other roots."""

    degree: int
    rational: tuple[Fraction, ...]
    other: bool


@lru_cache(maxsize=4096)
def solve_exactly(equation: str, name: str) -> Solved | None:
    """The solutions of a polynomial equation in ``name`` of degree at most 2, read by the exact reader; None when
    the text is not one equation this reader reads with certainty, or its degree is above 2 (sympy decides then).
    Degree 0 (an identity or a contradiction) has no roots listed."""
    if equation.count("=") != 1 or _NOT_PLAIN.search(equation):
        return None
    sides = equation.split("=")
    if any(_nesting(side) > MAX_NESTING for side in sides):
        return None
    try:
        left, right = (dict(read_poly(side.strip(), name)) for side in sides)
    except PolyReadError:
        return None
    poly = _add(left, right, -1)
    degree = max(poly, default=0)
    if degree > 2:
        return None
    if degree == 0:
        return Solved(0, (), False)
    if degree == 1:
        return Solved(1, (-poly.get(0, Fraction(0)) / poly[1],), False)
    a, b, c = poly[2], poly.get(1, Fraction(0)), poly.get(0, Fraction(0))
    discriminant = b * b - 4 * a * c
    top, bottom = discriminant.numerator, discriminant.denominator
    if top < 0 or math.isqrt(top) ** 2 != top or math.isqrt(bottom) ** 2 != bottom:
        return Solved(2, (), True)  # two roots that are not rational (irrational or not real)
    root = Fraction(math.isqrt(top), math.isqrt(bottom))
    return Solved(2, ((-b - root) / (2 * a), (-b + root) / (2 * a)), False)


def _nesting(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        deepest = max(deepest, depth)
    return deepest


def poly_identity(state: str, problem: Problem, data: dict[str, Any], equal: Any) -> bool | None:
    """The state is the posed polynomial rewritten (exactly the same coefficients)."""
    try:
        return read_poly(state) == read_poly(data["expression"])
    except (PolyReadError, KeyError):
        return None
