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
from typing import Any, cast

from cotforge.core.records import Problem
from cotforge.verifiers.sstr_read import terms

Poly = dict[int, Fraction | int]
"""{power: coefficient}; integers until a division makes a Fraction."""
_TOKEN = re.compile(r"\d+|[A-Za-z_]\w*|\*\*|[-+*()/]")
_TOKENS = re.compile(r"(?:\s*(?:\d+|[A-Za-z_]\w*|\*\*|[-+*()/]))*\s*")


class PolyReadError(ValueError):
    """The text is not a polynomial this reader knows."""


def _add(a: Poly, b: Poly, sign: int = 1) -> Poly:
    out = dict(a)
    for p, c in b.items():
        out[p] = out.get(p, 0) + sign * c
    return {p: c for p, c in out.items() if c}


def _mul(a: Poly, b: Poly) -> Poly:
    out: Poly = {}
    for p, c in a.items():
        for q, d in b.items():
            out[p + q] = out.get(p + q, 0) + c * d
    return {p: c for p, c in out.items() if c}


# The reader: recursive descent over the token list; ``at[0]`` is the position. Coefficients stay Python
# integers until a division makes a ``Fraction`` (integer arithmetic is several times cheaper).


def _sum(t: list[str], at: list[int], name: str) -> Poly:
    out = _product(t, at, name)
    while at[0] < len(t) and t[at[0]] in ("+", "-"):
        sign = 1 if t[at[0]] == "+" else -1
        at[0] += 1
        out = _add(out, _product(t, at, name), sign)
    return out


def _product(t: list[str], at: list[int], name: str) -> Poly:
    out = _unary(t, at, name)
    while at[0] < len(t) and t[at[0]] in ("*", "/"):
        divide = t[at[0]] == "/"
        at[0] += 1
        if divide:
            divisor = _unary(t, at, name)
            if set(divisor) != {0}:
                raise PolyReadError("division by a non-constant")
            out = {p: Fraction(c) / divisor[0] for p, c in out.items()}
        else:
            out = _mul(out, _unary(t, at, name))
    return out


def _unary(t: list[str], at: list[int], name: str) -> Poly:
    if at[0] < len(t) and t[at[0]] == "-":
        at[0] += 1
        return {p: -c for p, c in _unary(t, at, name).items()}
    if at[0] < len(t) and t[at[0]] == "+":
        at[0] += 1
    base = _atom(t, at, name)
    if at[0] < len(t) and t[at[0]] == "**":
        if at[0] + 1 >= len(t):
            raise PolyReadError("unexpected end")
        exponent = t[at[0] + 1]
        at[0] += 2
        if not exponent.isdigit() or int(exponent) > 12:
            raise PolyReadError(f"exponent {exponent!r}")
        out: Poly = {0: 1}
        for _ in range(int(exponent)):
            out = _mul(out, base)
        return out
    return base


def _atom(t: list[str], at: list[int], name: str) -> Poly:
    if at[0] >= len(t):
        raise PolyReadError("unexpected end")
    token = t[at[0]]
    at[0] += 1
    if token == "(":
        inner = _sum(t, at, name)
        if at[0] >= len(t):
            raise PolyReadError("unexpected end")
        if t[at[0]] != ")":
            raise PolyReadError("unbalanced bracket")
        at[0] += 1
        return inner
    if token == name:
        return {1: 1}
    if token.isdigit():
        return {0: int(token)} if int(token) else {}
    raise PolyReadError(f"unexpected {token!r}")


@lru_cache(maxsize=4096)
def read_poly(text: str, name: str = "x") -> tuple[tuple[int, Fraction], ...]:
    """The polynomial in ``name`` a machine text writes, as sorted (power, coefficient) pairs."""
    text = text.strip()
    if _TOKENS.fullmatch(text) is None:
        raise PolyReadError(f"cannot read {text[:10]!r}")
    tokens = _TOKEN.findall(text)
    at = [0]
    out = _sum(tokens, at, name)
    if at[0] < len(tokens):
        raise PolyReadError(f"unread text after token {at[0]} in {text!r}")
    return tuple(sorted((p, Fraction(c)) for p, c in out.items()))


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
    coefficients: tuple[Fraction, ...] = ()
    """``(a, b, c)`` of ``a x^2 + b x + c = 0`` when the degree is 2."""


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
        left, right = (dict[int, Fraction | int](read_poly(side.strip(), name)) for side in sides)
    except PolyReadError:
        return None
    poly = _add(left, right, -1)
    degree = max(poly, default=0)
    if degree > 2:
        return None
    if degree == 0:
        return Solved(0, (), False)
    if degree == 1:
        return Solved(1, (-Fraction(poly.get(0, 0)) / poly[1],), False)
    a, b, c = Fraction(poly[2]), Fraction(poly.get(1, 0)), Fraction(poly.get(0, 0))
    discriminant = b * b - 4 * a * c
    top, bottom = discriminant.numerator, discriminant.denominator
    if top < 0 or math.isqrt(top) ** 2 != top or math.isqrt(bottom) ** 2 != bottom:
        return Solved(2, (), True, (a, b, c))  # two roots that are not rational (irrational or not real)
    root = Fraction(math.isqrt(top), math.isqrt(bottom))
    return Solved(2, ((-b - root) / (2 * a), (-b + root) / (2 * a)), False, (a, b, c))


def _nesting(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        deepest = max(deepest, depth)
    return deepest


def poly_identity(state: str, problem: Problem, data: dict[str, Any], equal: Any) -> bool | None:
    """The state is the posed polynomial rewritten (exactly the same coefficients)."""
    try:
        return _read_by_terms(state) == read_poly(data["expression"])
    except (PolyReadError, KeyError):
        return None


def _read_by_terms(state: str) -> tuple[tuple[int, Fraction | int], ...]:
    """``read_poly(state)``, term by term where the state is a sum as sympy prints one (``sstr_read.terms``): the
    states of a record share most of their terms, and each term is read once (``read_poly`` is memoised). The sum of
    the terms' exact coefficients is the whole's (each term is a whole operand of the sum); where a term does not
    read, the whole state is read, so an error is the whole state's."""
    pieces = terms(state)
    if pieces is None or len(pieces) < 2:
        return _read_by_factors(state)
    total: Poly = {}
    try:
        for negative, piece in pieces:
            for p, c in _whole(piece):
                total[p] = total.get(p, 0) + (-c if negative else c)
    except PolyReadError:
        return read_poly(state)
    return tuple(sorted((p, Fraction(c)) for p, c in total.items() if c))


@lru_cache(maxsize=8192)
def _whole(text: str) -> tuple[tuple[int, Fraction | int], ...]:
    """``read_poly(text)`` with whole coefficients as ``int``: a sum of them is several times cheaper than of ``Fraction``."""
    return tuple((p, c.numerator if c.denominator == 1 else c) for p, c in read_poly(text))


@lru_cache(maxsize=4096)
def _read_by_factors(state: str) -> tuple[tuple[int, Fraction | int], ...]:
    """``read_poly(state)`` (equal to it under ``==``: whole coefficients stay ``int``), factor by factor where the
    state is a product ``u*v*w`` as the factoring space writes one: the states of a record share most of their factors,
    and each is read once (``_operand`` is memoised). The reader parses such a text as its operands multiplied left to
    right, so the product of the operands is the whole's. Where that is not certain (an operand that is not whole, a
    division, a coefficient that is not whole, deep brackets, one factor only) or a factor does not read, the whole
    state is read, so any error is the whole state's."""
    text = state.strip()
    if _TOKENS.fullmatch(text) is None:
        return read_poly(state)
    operands = _operands(_TOKEN.findall(text))
    if operands is None:
        return read_poly(state)
    total = [1]
    try:
        for operand in operands:
            coeffs = _operand(operand)
            if coeffs is None:
                return read_poly(state)
            total = _times(total, coeffs)
    except PolyReadError:
        return read_poly(state)
    return tuple((p, c) for p, c in enumerate(total) if c)


def _times(a: list[int], b: tuple[int, ...]) -> list[int]:
    """The product of two polynomials given by their coefficients, constant first (an empty one is 0)."""
    if not b:
        return []
    out = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                out[i + j] += x * y
    return out


def _operands(tokens: list[str]) -> list[tuple[str, ...]] | None:
    """The tokens split at each ``*`` outside brackets; None where there are fewer than two pieces, a ``/`` outside
    brackets, unbalanced brackets or brackets nested past ``MAX_NESTING``."""
    out: list[tuple[str, ...]] = []
    depth = deepest = start = 0
    for i, token in enumerate(tokens):
        if token == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif token == ")":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0 and token in ("*", "/"):
            if token == "/":
                return None
            out.append(tuple(tokens[start:i]))
            start = i + 1
    if depth != 0 or deepest > MAX_NESTING or not out:
        return None
    out.append(tuple(tokens[start:]))
    return out


@lru_cache(maxsize=8192)
def _operand(tokens: tuple[str, ...], name: str = "x") -> tuple[int, ...] | None:
    """One operand of a product (a signed number, power or bracket) read by the reader's own ``_unary``, as its
    coefficients constant first (``()`` for 0); None when one is not whole; a ``PolyReadError`` unless it reads to its
    last token."""
    at = [0]
    out = _unary(list(tokens), at, name)
    if at[0] != len(tokens):
        raise PolyReadError("not one operand")
    if any(type(c) is not int for c in out.values()):
        return None
    whole = cast(dict[int, int], out)
    return tuple(whole.get(p, 0) for p in range(max(whole, default=-1) + 1))
