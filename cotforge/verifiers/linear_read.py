"""An exact reader of linear sides in machine text (``3*(x + 2) - (2*x - 5)/4``), for the step checks.

Reads a side as ``a x + b`` with exact coefficients in one pass over its tokens: integers, the one
unknown, ``+ - * /`` and brackets. Anything else - a decimal, a power, another name, a product of
two terms with the unknown, a division by the unknown or by zero, a long number, deep nesting -
is refused (None), and the caller takes its general route: this reader only ever answers where
that route gives the same exact form. It shares no code with the spaces that write these texts.
"""

from __future__ import annotations

import re
from fractions import Fraction

Form = tuple[Fraction | int, Fraction | int]
"""``(a, b)``: the side equals ``a x + b``."""

MAX_CHARS = 2_000
MAX_DIGITS = 30
MAX_DEPTH = 50

_VALID = re.compile(r"(?:\s*(?:\d{1,30}(?!\d)|[A-Za-z_]\w*|[-+*/()]))*\s*")
_TOKEN = re.compile(r"\d+|[A-Za-z_]\w*|[-+*/()]")


class _Refused(Exception):
    """The text is not one this reader answers for."""


def linear_side(text: str, name: str) -> Form | None:
    """``text`` as ``(a, b)`` with ``text == a*name + b``, or None when this reader does not answer."""
    if len(text) > MAX_CHARS or _VALID.fullmatch(text) is None:
        return None
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    try:
        form, pos = _sum(tokens, 0, name, 0)
    except (_Refused, IndexError):
        return None
    return form if pos == len(tokens) else None


def linear_equation(text: str, name: str) -> Form | None:
    """``lhs - rhs`` of an equation ``lhs = rhs`` as ``(a, b)``, or None."""
    if text.count("=") != 1:
        return None
    left, right = text.split("=")
    lf = linear_side(left, name)
    rf = linear_side(right, name) if lf is not None else None
    if lf is None or rf is None:
        return None
    return lf[0] - rf[0], lf[1] - rf[1]


def _sum(t: list[str], pos: int, name: str, depth: int) -> tuple[Form, int]:
    (a, b), pos = _product(t, pos, name, depth)
    while pos < len(t) and (t[pos] == "+" or t[pos] == "-"):
        (c, d), new = _product(t, pos + 1, name, depth)
        if t[pos] == "+":
            a, b = a + c, b + d
        else:
            a, b = a - c, b - d
        pos = new
    return (a, b), pos


def _product(t: list[str], pos: int, name: str, depth: int) -> tuple[Form, int]:
    (a, b), pos = _unary(t, pos, name, depth)
    while pos < len(t) and (t[pos] == "*" or t[pos] == "/"):
        (c, d), new = _unary(t, pos + 1, name, depth)
        if t[pos] == "*":
            if a and c:
                raise _Refused  # the unknown times the unknown: not linear
            a, b = a * d + c * b, b * d
        else:
            if c or not d:
                raise _Refused  # a division by the unknown, or by zero
            a, b = Fraction(a) / d, Fraction(b) / d
        pos = new
    return (a, b), pos


def _unary(t: list[str], pos: int, name: str, depth: int) -> tuple[Form, int]:
    if depth > MAX_DEPTH:
        raise _Refused
    token = t[pos]
    if token == "-":
        (a, b), pos = _unary(t, pos + 1, name, depth + 1)
        return (-a, -b), pos
    if token == "+":
        return _unary(t, pos + 1, name, depth + 1)
    if token == "(":
        form, pos = _sum(t, pos + 1, name, depth + 1)
        if pos >= len(t) or t[pos] != ")":
            raise _Refused
        return form, pos + 1
    if token[0].isdigit():
        return (0, int(token)), pos + 1
    if token == name:
        return (1, 0), pos + 1
    raise _Refused
