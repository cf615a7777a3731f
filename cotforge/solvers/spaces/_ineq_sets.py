"""Exact solution sets of the inequality space's states, without sympy sets.

A state is a chain of polynomial sides of degree at most 2 (``a op b`` or ``a op b op c``, chains joined by "or").
Its solution set is computed here from the sides' exact coefficients: the real roots of each difference (rational, or
``p + q sqrt(d)`` from the quadratic formula), the sign between and at them, then intersections along a chain and the
union of the chains, kept as a canonical tuple of pieces (sorted, disjoint, with touching pieces merged, as sympy's
``Union`` and ``Interval`` simplify). Two states have the same set exactly when their canonical tuples are equal.

Anything this engine cannot decide exactly (a degree above 2, ends that are surds of different radicands meeting in a
comparison, a huge discriminant) raises ``NotExact``; the space then takes its sympy route
(``solve_univariate_inequality``), which is not the step check's route (``domains.intervals.relation_set``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cmp_to_key

NEG_INF, POS_INF = float("-inf"), float("inf")
MAX_RADICAND = 10**12
"""Larger discriminants are left to sympy (the square-free part is found by trial division)."""


class NotExact(Exception):
    """This engine cannot decide the set exactly; the caller takes its sympy route."""


@dataclass(frozen=True, slots=True)
class Surd:
    """``p + q sqrt(d)``: ``d`` square-free and above 1, ``q`` non-zero (so never rational)."""

    p: Fraction
    q: Fraction
    d: int


End = Fraction | Surd | float
"""A finite rational end, a surd, or ``NEG_INF`` / ``POS_INF``."""
Piece = tuple[End, bool, End, bool]
"""``(lo, lo_closed, hi, hi_closed)``; a point is ``(a, True, a, True)``; infinite ends are never closed."""
Pieces = tuple[Piece, ...]
REALS: Pieces = ((NEG_INF, False, POS_INF, False),)
EMPTY: Pieces = ()


def _sign(value: Fraction | int) -> int:
    return (value.numerator > 0) - (value.numerator < 0)


def _surd_sign(a: Fraction, b: Fraction, d: int) -> int:
    """The exact sign of ``a + b sqrt(d)`` (``d`` square-free and above 1, so it is never 0 unless both are)."""
    if b == 0:
        return _sign(a)
    if a == 0 or _sign(a) == _sign(b):
        return _sign(b)
    return _sign(a) * _sign(a * a - b * b * d)


def compare(u: End, v: End) -> int:
    """-1, 0 or 1 as ``u`` is below, equal to or above ``v``, exactly."""
    if isinstance(u, float) or isinstance(v, float):
        if u == v:
            return 0
        if isinstance(u, float):
            return -1 if u < 0 else 1
        return 1 if v < 0 else -1  # type: ignore[operator]
    if isinstance(u, Fraction) and isinstance(v, Fraction):
        left, right = u.numerator * v.denominator, v.numerator * u.denominator  # denominators are positive
        return (left > right) - (left < right)
    if isinstance(u, Surd) and isinstance(v, Fraction):
        return _surd_sign(u.p - v, u.q, u.d)
    if isinstance(u, Fraction) and isinstance(v, Surd):
        return -_surd_sign(v.p - u, v.q, v.d)
    assert isinstance(u, Surd) and isinstance(v, Surd)
    if u.d != v.d:
        raise NotExact("surds of different radicands")
    return _surd_sign(u.p - v.p, u.q - v.q, u.d)


def _square_free(n: int) -> tuple[int, int]:
    """``(s, d)`` with ``n == s*s*d`` and ``d`` square-free (``n`` positive, at most ``MAX_RADICAND``)."""
    if n > MAX_RADICAND:
        raise NotExact("radicand too large")
    s, d, f = 1, n, 2
    while f * f <= d:
        while d % (f * f) == 0:
            d //= f * f
            s *= f
        f += 1
    return s, d


def real_roots(c: tuple[Fraction, ...]) -> list[tuple[End, bool]]:
    """The real roots of ``c[0] + c[1] x + c[2] x**2`` in increasing order, each with whether the sign changes there."""
    c0, c1, c2 = c
    if c2 == 0:
        return [(-c0 / c1, True)] if c1 != 0 else []
    if c0.denominator == c1.denominator == c2.denominator == 1:
        return _whole_roots(c0.numerator, c1.numerator, c2.numerator)
    discriminant = c1 * c1 - 4 * c2 * c0
    if discriminant < 0:
        return []
    centre = -c1 / (2 * c2)
    if discriminant == 0:
        return [(centre, False)]
    top, bottom = discriminant.numerator, discriminant.denominator
    root_top, root_bottom = math.isqrt(top), math.isqrt(bottom)
    if root_top * root_top == top and root_bottom * root_bottom == bottom:
        half = Fraction(root_top, root_bottom) / (2 * abs(c2))
        return [(centre - half, True), (centre + half, True)]
    s, d = _square_free(top * bottom)  # sqrt(top/bottom) = s sqrt(d) / bottom
    half = Fraction(s, bottom) / (2 * abs(c2))
    return [(Surd(centre, -half, d), True), (Surd(centre, half, d), True)]


def _whole_roots(c0: int, c1: int, c2: int) -> list[tuple[End, bool]]:
    """``real_roots`` of whole coefficients (``c2`` not 0), in integer arithmetic up to the roots themselves."""
    discriminant = c1 * c1 - 4 * c2 * c0
    if discriminant < 0:
        return []
    centre = Fraction(-c1, 2 * c2)
    if discriminant == 0:
        return [(centre, False)]
    root = math.isqrt(discriminant)
    if root * root == discriminant:
        half = Fraction(root, 2 * abs(c2))
        return [(centre - half, True), (centre + half, True)]
    s, d = _square_free(discriminant)
    half = Fraction(s, 2 * abs(c2))
    return [(Surd(centre, -half, d), True), (Surd(centre, half, d), True)]


_HOLDS = {"<": lambda s: s < 0, "<=": lambda s: s <= 0, ">": lambda s: s > 0, ">=": lambda s: s >= 0}


def sign_set(coefficients: tuple[Fraction, ...], op: str) -> Pieces:
    """Where ``c0 + c1 x + c2 x**2 op 0`` holds."""
    c0, c1, c2 = coefficients
    if c2 == 0 and c1 != 0:
        return _ray(-c0 / c1, c1 > 0, op)
    return chart(coefficients, op)


def chart(coefficients: tuple[Fraction, ...], op: str) -> Pieces:
    """``sign_set`` by the sign chart: the sign of each region between the real roots, and the roots themselves."""
    holds = _HOLDS[op]
    c0, c1, c2 = coefficients
    if c1 == 0 and c2 == 0:
        return REALS if holds(_sign(c0)) else EMPTY
    roots = real_roots(coefficients)
    sign = _sign(c2) if c2 != 0 else _sign(c1)  # the sign right of every root
    signs = [sign]
    for _, changes in reversed(roots):
        sign = -sign if changes else sign
        signs.append(sign)
    signs.reverse()  # the sign of each region, left to right
    edges: list[End] = [NEG_INF, *(r for r, _ in roots), POS_INF]
    pieces: list[Piece] = [(lo, False, hi, False) for lo, hi, s in zip(edges, edges[1:], signs) if holds(s)]
    if holds(0):
        pieces += [(r, True, r, True) for r, _ in roots]
    return normal(pieces)


def _ray(root: Fraction, rising: bool, op: str) -> Pieces:
    """Where ``c1 (x - root) op 0`` holds (``rising``: ``c1 > 0``): the one piece the sign chart gives, already in the
    canonical form (the root joins its side of the line where the relation is not strict)."""
    below = (op in ("<", "<=")) == rising
    closed = op in ("<=", ">=")
    return ((NEG_INF, False, root, closed),) if below else ((root, closed, POS_INF, False),)


def _key(a: Piece, b: Piece) -> int:
    return compare(a[0], b[0]) or (b[1] - a[1])


def normal(pieces: list[Piece]) -> Pieces:
    """The canonical form: sorted by their lower ends, overlapping or touching pieces merged."""
    out: list[Piece] = []
    for piece in sorted(pieces, key=cmp_to_key(_key)):
        if out:
            lo, lo_closed, hi, hi_closed = out[-1]
            order = compare(piece[0], hi)
            if order < 0 or (order == 0 and (hi_closed or piece[1])):
                top = compare(piece[2], hi)
                if top > 0:
                    out[-1] = (lo, lo_closed, piece[2], piece[3])
                elif top == 0:
                    out[-1] = (lo, lo_closed, hi, hi_closed or piece[3])
                continue
        out.append(piece)
    return tuple(out)


def intersect(a: Pieces, b: Pieces) -> Pieces:
    out: list[Piece] = []
    for p in a:
        for q in b:
            low = compare(p[0], q[0])
            lo, lo_closed = (p[0], p[1]) if low > 0 else (q[0], q[1]) if low < 0 else (p[0], p[1] and q[1])
            high = compare(p[2], q[2])
            hi, hi_closed = (p[2], p[3]) if high < 0 else (q[2], q[3]) if high > 0 else (p[2], p[3] and q[3])
            width = compare(lo, hi)
            if width < 0 or (width == 0 and lo_closed and hi_closed):
                out.append((lo, lo_closed, hi, hi_closed))
    return normal(out)


def union(a: Pieces, b: Pieces) -> Pieces:
    return normal([*a, *b])


def _minus(u: Fraction, v: Fraction) -> Fraction:
    """``u - v``, without arithmetic where either is 0 (most coefficients of a side are)."""
    return (u - v if u.numerator else -v) if v.numerator else u


def chain_set(sides: list[tuple[Fraction, ...]], ops: list[str]) -> Pieces:
    """The set of one chain ``s0 op0 s1 [op1 s2]``, each side given by its coefficients ``(c0, c1, c2)``."""
    result: Pieces | None = None  # the reals (a canonical set meets them in itself)
    for left, op, right in zip(sides, ops, sides[1:]):
        found = sign_set((_minus(left[0], right[0]), _minus(left[1], right[1]), _minus(left[2], right[2])), op)
        result = found if result is None else intersect(result, found)
    return REALS if result is None else result


def has_point(pieces: Pieces) -> bool:
    """Whether the set has an isolated point (which interval notation cannot write)."""
    return any(p[1] and p[3] and p[0] == p[2] for p in pieces)  # (a piece no wider than a point is closed at both ends)


def _end_text(end: End) -> str:
    if isinstance(end, float):
        return "-oo" if end < 0 else "oo"
    if isinstance(end, Fraction):
        return str(end)
    import sympy

    return sympy.sstr(sympy.Rational(end.p.numerator, end.p.denominator) + sympy.Rational(end.q.numerator, end.q.denominator) * sympy.sqrt(end.d))


def pieces_text(pieces: Pieces) -> str:
    """The interval text ``domains.intervals.interval_text`` writes for the same set (``(-oo, 3) U [5, oo)``)."""
    if not pieces:
        return "{}"
    if has_point(pieces):
        raise ValueError("a set with an isolated point is not written in interval notation")
    return " U ".join(f"{'[' if lo_c else '('}{_end_text(lo)}, {_end_text(hi)}{']' if hi_c else ')'}" for lo, lo_c, hi, hi_c in pieces)
