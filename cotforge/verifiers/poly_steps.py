"""An exact step check for polynomial rewrites (expanding, factoring): each state, read as a
polynomial in x with rational coefficients, equals the posed expression.

The reader is a small recursive-descent parser of the machine text the states are written in
(``+ - * **``, brackets, integers, ``x``) into {power: coefficient} with ``Fraction``: no sympy
parse per step, and no code shared with the step spaces that wrote the states. A state it
cannot read is "not checkable" (None), never "wrong".
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache
from typing import Any

from cotforge.core.records import Problem

Poly = dict[int, Fraction]
_TOKEN = re.compile(r"\s*(\d+|x|\*\*|[-+*()/])")


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
    def __init__(self, text: str) -> None:
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
        if token == "x":
            return {1: Fraction(1)}
        if token.isdigit():
            return {0: Fraction(int(token))} if int(token) else {}
        raise PolyReadError(f"unexpected {token!r}")


@lru_cache(maxsize=4096)
def read_poly(text: str) -> tuple[tuple[int, Fraction], ...]:
    """The polynomial a machine text writes, as sorted (power, coefficient) pairs."""
    reader = _Reader(text)
    out = reader.sum()
    if reader.peek() is not None:
        raise PolyReadError(f"unread text after token {reader.i} in {text!r}")
    return tuple(sorted(out.items()))


def poly_identity(state: str, problem: Problem, data: dict[str, Any], equal: Any) -> bool | None:
    """The state is the posed polynomial rewritten (exactly the same coefficients)."""
    try:
        return read_poly(state) == read_poly(data["expression"])
    except (PolyReadError, KeyError):
        return None
