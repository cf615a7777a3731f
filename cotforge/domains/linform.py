"""Linear equations in one unknown as structured sides: monomials, bracketed groups, fractions.

A side is a tuple of terms written left to right: ``Mono`` (``3x``, ``-5``), ``Group``
(``-2(x - 3)``) and ``Frac`` (``-\\frac{2x - 5}{4}``). Generators build equations from them,
the ``algebra`` step space rewrites them exactly, and both texts of a state, the machine one
(sympy syntax) and the LaTeX one, are written from the structure, never parsed.

A coefficient is exact: a Python ``int`` where it is whole (most are, once the fractions are cleared;
integer arithmetic costs a fraction of ``Fraction``'s), else a ``Fraction``. ``exact`` and ``ratio``
keep it so; an int-valued ``Fraction`` is still equal to its ``int`` and hashes the same, so a term
built either way is the same key.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from math import lcm
from typing import NamedTuple

Coef = int | Fraction
"""An exact coefficient: an ``int`` where it is whole, else a ``Fraction`` (see the module's docstring)."""


def exact(q: Coef) -> Coef:
    """``q`` as an ``int`` where it is whole."""
    if type(q) is int:
        return q
    return q.numerator if q.denominator == 1 else q


def absolute(q: Coef) -> Coef:
    """``|q|``, of ``q``'s own type (``abs`` of the union reads as ``object`` to the type checker)."""
    return -q if q < 0 else q


def ratio(p: Coef, q: Coef) -> Coef:
    """``p / q`` exactly (an ``int`` where it is whole); ``q`` must not be 0."""
    if type(p) is int and type(q) is int:
        return p // q if p % q == 0 else Fraction(p, q)
    return exact(Fraction(p) / q)


class Mono(NamedTuple):
    """``c`` times the unknown to the power ``deg``: 0 (a constant) or 1.

    The terms are named tuples, not dataclasses: the step spaces key their caches by sides (tuples of terms), and a
    tuple's hash, equality and construction run in C (a frozen dataclass's run its Python ``__hash__``, ``__eq__`` and
    ``__init__``, a third of linear_equation's record). An int-valued ``Fraction`` hashes and compares as its ``int``,
    so a term built either way is the same key. Terms of different kinds never compare equal (their field types
    differ: ``deg`` is an int, ``inner`` a tuple; ``Frac`` has three fields)."""

    c: Coef
    deg: int


class Group(NamedTuple):
    """``k(inner)``: a bracket times a coefficient."""

    k: Coef
    inner: tuple[Mono, ...]


class Frac(NamedTuple):
    """``sign (inner) / den``: a bracket over a whole denominator."""

    sign: int
    inner: tuple[Mono, ...]
    den: int


Term = Mono | Group | Frac
Side = tuple[Term, ...]


def mono(c: Coef, deg: int) -> Mono:
    return Mono(exact(c), deg)


@lru_cache(maxsize=8192)
def form(side: Side) -> tuple[Coef, Coef]:
    """``(a, b)`` with the side equal to ``a x + b``; remembered (a pure function of the side: linear_equation's
    record asks about each side eight times on average, from the heuristic, the moves, the slips' checks and the
    foresight, and a side's hash is a tuple's, cheaper than the sum)."""
    a: Coef = 0
    b: Coef = 0
    scale: Coef
    parts: tuple[Mono, ...]
    for t in side:
        if isinstance(t, Mono):
            if t.deg:
                a += t.c
            else:
                b += t.c
            continue
        if isinstance(t, Group):
            scale, parts = t.k, t.inner
        else:
            scale, parts = Fraction(t.sign, t.den), t.inner
        for m in parts:
            if m.deg:
                a += scale * m.c
            else:
                b += scale * m.c
    return exact(a), exact(b)


def solution(lhs: Side, rhs: Side) -> Fraction | None:
    """The one solution, or None for no solution or every number."""
    (al, bl), (ar, br) = form(lhs), form(rhs)
    if al == ar:
        return None
    top, bottom = br - bl, al - ar
    return Fraction(top, bottom) if type(top) is int and type(bottom) is int else Fraction(top) / bottom


# --- operations ---------------------------------------------------------------------------


def scale_term(t: Term, k: Coef) -> Term:
    """``k`` times a term, a fraction turned into a bracket (or a plain term) when ``k`` clears it."""
    if isinstance(t, Mono):
        return Mono(exact(t.c * k), t.deg)
    if isinstance(t, Group):
        return Group(exact(t.k * k), t.inner)
    factor = ratio(k * t.sign, t.den)
    if factor.denominator != 1:
        return Frac(t.sign, t.inner, t.den)  # not cleared (callers pass a common multiple)
    if len(t.inner) == 1:
        return Mono(exact(t.inner[0].c * factor), t.inner[0].deg)
    return Group(factor, t.inner)


def denominators(side: Side) -> list[int]:
    return [t.den for t in side if isinstance(t, Frac)]


def common_denominator(lhs: Side, rhs: Side) -> int:
    dens = denominators(lhs) + denominators(rhs)
    return lcm(*dens) if dens else 1


def expand(side: Side) -> Side:
    out: list[Term] = []
    for t in side:
        if isinstance(t, Group):
            out += [Mono(exact(t.k * m.c), m.deg) for m in t.inner]
        else:
            out.append(t)
    return tuple(out)


def combine(side: Side) -> Side:
    """Like terms summed, in the order they first appear; zero sums dropped."""
    totals: dict[int, Coef] = {}
    for t in side:
        if not isinstance(t, Mono):
            raise ValueError("combine needs an expanded side")
        totals[t.deg] = totals.get(t.deg, 0) + t.c
    return tuple(Mono(exact(c), d) for d, c in totals.items() if c != 0)


def has_like_terms(side: Side) -> bool:
    """Two monomials of one degree (brackets and fractions aside)."""
    degrees: set[int] = set()
    for t in side:
        if type(t) is Mono:
            if t.deg in degrees:
                return True
            degrees.add(t.deg)
    return False


def is_plain(side: Side) -> bool:
    return all(isinstance(t, Mono) for t in side)


# --- text -----------------------------------------------------------------------------------


def _magnitude(c: Coef, tex: bool, bracket: bool) -> str:
    """``|c|`` as text: ``3``, ``\\frac{3}{4}`` (tex), ``3/4`` or ``(3/4)`` (machine, ``bracket``); integer work only."""
    top, bottom = abs(c.numerator), c.denominator
    if bottom == 1:
        return str(top)
    if tex:
        return rf"\frac{{{top}}}{{{bottom}}}"
    return f"({top}/{bottom})" if bracket else f"{top}/{bottom}"


def _body(t: Term, v: str, tex: bool) -> tuple[bool, str]:
    """(negative, the term's text without its sign)."""
    if isinstance(t, Mono):
        negative = t.c.numerator < 0
        if t.deg == 0:
            return negative, _magnitude(t.c, tex, False)
        if t.c.denominator == 1 and abs(t.c.numerator) == 1:
            return negative, v
        return negative, (f"{_magnitude(t.c, True, True)}{v}" if tex else f"{_magnitude(t.c, False, True)}*{v}")
    inner = _sum(t.inner, v, tex)
    if isinstance(t, Group):
        negative = t.k.numerator < 0
        if t.k.denominator == 1 and abs(t.k.numerator) == 1:
            return negative, f"({inner})"
        return negative, (f"{_magnitude(t.k, True, True)}({inner})" if tex else f"{_magnitude(t.k, False, True)}*({inner})")
    if tex:
        return t.sign < 0, rf"\frac{{{inner}}}{{{t.den}}}"
    return t.sign < 0, (f"({inner})/{t.den}" if len(t.inner) > 1 or t.inner[0].c < 0 else f"{inner}/{t.den}")


@lru_cache(maxsize=8192)
def _sum(side: Side, v: str, tex: bool) -> str:
    """A side's text; remembered (most moves leave one side as it was, so its text is asked for again)."""
    out = ""
    for i, t in enumerate(side):
        negative, body = _body(t, v, tex)
        if i == 0:
            out = ("-" if negative else "") + body
        else:
            out += (" - " if negative else " + ") + body
    return out or "0"


def side_text(side: Side, v: str, tex: bool = False) -> str:
    return _sum(side, v, tex)


def equation_text(lhs: Side, rhs: Side, v: str, tex: bool = False) -> str:
    return f"{_sum(lhs, v, tex)} = {_sum(rhs, v, tex)}"


def term_text(t: Term, v: str, tex: bool = False) -> str:
    negative, body = _body(t, v, tex)
    return ("-" if negative else "") + body


# --- JSON (the payload carries the posed sides, so no text is ever parsed back) ---------------


def _mono_json(m: Mono) -> list:
    return [str(m.c), m.deg]


def _mono_from(obj: list) -> Mono:
    return Mono(exact(Fraction(obj[0])), int(obj[1]))


def to_json(side: Side) -> list:
    out: list = []
    for t in side:
        if isinstance(t, Mono):
            out.append(["m", *_mono_json(t)])
        elif isinstance(t, Group):
            out.append(["g", str(t.k), [_mono_json(m) for m in t.inner]])
        else:
            out.append(["f", t.sign, [_mono_json(m) for m in t.inner], t.den])
    return out


def from_json(obj: list) -> Side:
    out: list[Term] = []
    for item in obj:
        if item[0] == "m":
            out.append(_mono_from(item[1:]))
        elif item[0] == "g":
            out.append(Group(exact(Fraction(item[1])), tuple(_mono_from(m) for m in item[2])))
        elif item[0] == "f":
            out.append(Frac(int(item[1]), tuple(_mono_from(m) for m in item[2]), int(item[3])))
        else:
            raise ValueError(f"unknown term {item!r}")
    return tuple(out)
