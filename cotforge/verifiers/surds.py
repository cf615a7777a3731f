"""Exact values of the form ``r + s sqrt(m)`` and ``r + s sqrt(m) i`` (quadratic roots), for the roots check and the
set answers of quadratic equations.

A value is a finite sum of rational multiples of ``sqrt(m)`` and ``sqrt(m) i`` with ``m`` square-free: these are
linearly independent over the rationals, so two values are equal exactly when their canonical forms are. The
reader takes machine text (``(-14 - sqrt(31))/2``, ``7/2 + sqrt(22)*I/2``) made of integers, ``sqrt`` of an
integer, ``I``, ``+ - * /`` and brackets, where every product and quotient has a rational side; anything else is
refused (None) and the caller takes its sympy route. ``latex_set`` reads the project's own LaTeX of a set of such
values (``\\{\\frac{7 - 2 \\sqrt{30}}{2}, \\frac{7 + 2 \\sqrt{30}}{2}\\}``) through the same reader. No code is
shared with the spaces that write these texts.
"""

from __future__ import annotations

import re
from fractions import Fraction

Value = frozenset[tuple[tuple[int, bool], Fraction]]
"""``{((m, imaginary), coefficient)}``: the sum of ``coefficient * sqrt(m) * (i if imaginary else 1)``, no zeros."""

MAX_RADICAND = 10**8
"""A larger radicand is refused: taking out its square factors by trial division would cost too much."""

_Terms = dict[tuple[int, bool], Fraction]
_RATIONAL_KEY = (1, False)
_TOKEN = re.compile(r"sqrt|I|\d+|[-+*/()]")
_VALID = re.compile(r"(?:\s*(?:sqrt|I|\d{1,30}(?!\d)|[-+*/()]))*\s*")


class _Refused(Exception):
    pass


def square_free(n: int) -> tuple[int, int] | None:
    """``(k, m)`` with ``n == k*k*m`` and ``m`` square-free (``n >= 1``); None past ``MAX_RADICAND``."""
    if n > MAX_RADICAND:
        return None
    k, m, p = 1, n, 2
    while p * p <= m:
        while m % (p * p) == 0:
            m //= p * p
            k *= p
        p += 1 if p == 2 else 2
    return k, m


def root_of(value: Fraction) -> Value | None:
    """The principal square root of a rational (``i sqrt(-value)`` for a negative one), or None if too large."""
    top, bottom = abs(value.numerator), value.denominator
    if top == 0:
        return frozenset()
    split = square_free(top * bottom)
    if split is None:
        return None
    k, m = split
    return frozenset({((m, value < 0), Fraction(k, bottom))})


def _canon(terms: _Terms) -> Value:
    return frozenset((key, c) for key, c in terms.items() if c)


def read_value(text: str) -> Value | None:
    """The exact value of a machine text in the reader's grammar, else None."""
    if len(text) > 400 or _VALID.fullmatch(text) is None:
        return None
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    try:
        terms, pos = _sum(tokens, 0, 0)
    except (_Refused, IndexError, ZeroDivisionError):
        return None
    return _canon(terms) if pos == len(tokens) else None


def _rational(terms: _Terms) -> Fraction | None:
    if all(key == _RATIONAL_KEY or not c for key, c in terms.items()):
        return terms.get(_RATIONAL_KEY, Fraction(0))
    return None


def _sum(t: list[str], pos: int, depth: int) -> tuple[_Terms, int]:
    out, pos = _product(t, pos, depth)
    while pos < len(t) and t[pos] in ("+", "-"):
        sign = 1 if t[pos] == "+" else -1
        right, pos = _product(t, pos + 1, depth)
        out = dict(out)
        for key, c in right.items():
            out[key] = out.get(key, Fraction(0)) + sign * c
    return out, pos


def _product(t: list[str], pos: int, depth: int) -> tuple[_Terms, int]:
    out, pos = _unary(t, pos, depth)
    while pos < len(t) and t[pos] in ("*", "/"):
        op = t[pos]
        right, pos = _unary(t, pos + 1, depth)
        scale = _rational(right)
        if op == "/":
            if scale is None or scale == 0:
                raise _Refused  # a division by a surd, or by zero
            out = {key: c / scale for key, c in out.items()}
        elif scale is not None:
            out = {key: c * scale for key, c in out.items()}
        elif (own := _rational(out)) is not None:
            out = {key: c * own for key, c in right.items()}
        else:
            out = _times(out, right)
    return out, pos


def _times(a: _Terms, b: _Terms) -> _Terms:
    """The product of two single terms one of which is a rational multiple of ``i`` (``sqrt(22)*I``)."""
    left, right = [(key, c) for key, c in a.items() if c], [(key, c) for key, c in b.items() if c]
    if len(left) != 1 or len(right) != 1:
        raise _Refused
    ((m1, i1), c1), ((m2, i2), c2) = left[0], right[0]
    if m1 != 1 and m2 != 1:
        raise _Refused  # a product of two roots
    return {(m1 * m2, i1 != i2): c1 * c2 * (-1 if i1 and i2 else 1)}


def _unary(t: list[str], pos: int, depth: int) -> tuple[_Terms, int]:
    if depth > 40:
        raise _Refused
    token = t[pos]
    if token == "-":
        inner, pos = _unary(t, pos + 1, depth + 1)
        return {key: -c for key, c in inner.items()}, pos
    if token == "+":
        return _unary(t, pos + 1, depth + 1)
    if token == "(":
        inner, pos = _sum(t, pos + 1, depth + 1)
        if t[pos] != ")":
            raise _Refused
        return inner, pos + 1
    if token == "I":
        return {(1, True): Fraction(1)}, pos + 1
    if token == "sqrt":
        if t[pos + 1] != "(" or not t[pos + 2].isdigit() or t[pos + 3] != ")":
            raise _Refused  # only the root of an integer
        root = root_of(Fraction(int(t[pos + 2])))
        if root is None:
            raise _Refused
        return dict(root), pos + 4
    if token.isdigit():
        return {_RATIONAL_KEY: Fraction(int(token))}, pos + 1
    raise _Refused


def quadratic_roots(a: Fraction, b: Fraction, c: Fraction) -> frozenset[Value] | None:
    """The roots of ``a x^2 + b x + c`` (``a != 0``), complex ones included, exactly; None if a radicand is too large."""
    root = root_of(b * b - 4 * a * c)
    if root is None:
        return None
    centre = -b / (2 * a)
    out = set()
    for sign in (1, -1):
        terms: _Terms = {_RATIONAL_KEY: centre}
        for key, coeff in root:
            terms[key] = terms.get(key, Fraction(0)) + sign * coeff / (2 * a)
        out.add(_canon(terms))
    return frozenset(out)


# --- the project's LaTeX of a set of such values --------------------------------------------------------------

_NUM = r"(?:0|[1-9]\d{0,30})"
_SURD = rf"(?:{_NUM} ?)?\\sqrt\{{{_NUM}\}}(?:\\,i)?|{_NUM}\\,i"
_BODY = rf"(?:-?{_NUM} [-+] (?:{_SURD})|-?(?:{_SURD})|-?{_NUM})"
_ITEM = rf"(?:-?\\frac\{{{_BODY}\}}\{{{_NUM}\}}|{_BODY})"
_LATEX_SET = re.compile(rf"\\\{{({_ITEM}(?:, {_ITEM}){{0,9}})\\\}}")


def latex_shaped(text: str) -> bool:
    """The text is a set of numbers and quadratic surds as the project writes one: cheap to read by either route."""
    body = text.strip()
    return len(body) <= 300 and _LATEX_SET.fullmatch(body) is not None


def latex_set(text: str) -> frozenset[Value] | None:
    """The values of a set written as the project writes one (``\\{-\\frac{8}{3}, -2\\}``), else None."""
    body = text.strip()
    match = _LATEX_SET.fullmatch(body) if len(body) <= 300 else None
    if match is None:
        return None
    out = set()
    for item in match.group(1).split(", "):
        machine = re.sub(r"\\frac\{(.*)\}\{(\d+)\}", r"(\1)/(\2)", item)
        machine = re.sub(r"\\sqrt\{(\d+)\}", r"*sqrt(\1)", machine)
        machine = re.sub(r"(^|[-+(] ?)\*", r"\1", machine).replace(r"\,i", "*I")
        value = read_value(machine)
        if value is None:
            return None
        out.add(value)
    return frozenset(out)

