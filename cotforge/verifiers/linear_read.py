"""An exact reader of linear sides in machine text (``3*(x + 2) - (2*x - 5)/4``), for the step checks.

Reads a side as ``a x + b`` with exact coefficients in one pass over its tokens: integers, the one
unknown, ``+ - * /`` and brackets. Anything else - a decimal, a power, another name, a product of
two terms with the unknown, a division by the unknown or by zero, a long number, deep nesting -
is refused (None), and the caller takes its general route: this reader only ever answers where
that route gives the same exact form. It shares no code with the spaces that write these texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction
from typing import TypeVar

Form = tuple[Fraction | int, Fraction | int]
"""``(a, b)``: the side equals ``a x + b``."""

MAX_CHARS = 2_000
MAX_DIGITS = 30
MAX_DEPTH = 50

_VALID = re.compile(r"(?:\s*(?:\d{1,30}(?!\d)|[A-Za-z_]\w*|[-+*/()]))*\s*")
_TOKEN = re.compile(r"\d+|[A-Za-z_]\w*|[-+*/()]")


T = TypeVar("T")


class _Refused(Exception):
    """The text is not one this reader answers for."""


def linear_side(text: str, name: str) -> Form | None:
    """``text`` as ``(a, b)`` with ``text == a*name + b``, or None when this reader does not answer."""
    return _whole(text, lambda tokens: _sum(tokens, 0, name, 0))


def _whole(text: str, read: Callable[[list[str]], tuple[T, int]]) -> T | None:
    """``read``'s form of all of ``text``'s tokens, or None (not this reader's grammar, or tokens left over)."""
    if len(text) > MAX_CHARS or _VALID.fullmatch(text) is None:
        return None
    tokens = _TOKEN.findall(text)
    if not tokens:
        return None
    try:
        form, pos = read(tokens)
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


# --- several unknowns (a system's rows) ------------------------------------------------------------------
# The same grammar and refusals as above, over forms with one coefficient per unknown. Kept apart from the
# one-unknown reader, whose scalar pairs are the hot path of every linear_equation step check.

Forms = tuple[Fraction | int, ...]
"""The coefficients of the unknowns, in the order named, then the constant."""


def linear_system_row(text: str, names: tuple[str, ...]) -> Forms | None:
    """``lhs - rhs`` of an equation in the unknowns ``names`` as their coefficients and the constant, or None when
    this reader does not answer (the caller then evaluates the text, as before this reader)."""
    if text.count("=") != 1 or len(text) > 2 * MAX_CHARS:
        return None
    left, right = (_many(part, names) for part in text.split("="))
    if left is None or right is None:
        return None
    return tuple(a - b for a, b in zip(left, right))


def _many(text: str, names: tuple[str, ...]) -> Forms | None:
    return _whole(text, lambda tokens: _many_sum(tokens, 0, names, 0))


def _many_sum(t: list[str], pos: int, names: tuple[str, ...], depth: int) -> tuple[Forms, int]:
    form, pos = _many_product(t, pos, names, depth)
    while pos < len(t) and (t[pos] == "+" or t[pos] == "-"):
        other, new = _many_product(t, pos + 1, names, depth)
        form = tuple(a + b for a, b in zip(form, other)) if t[pos] == "+" else tuple(a - b for a, b in zip(form, other))
        pos = new
    return form, pos


def _many_product(t: list[str], pos: int, names: tuple[str, ...], depth: int) -> tuple[Forms, int]:
    form, pos = _many_unary(t, pos, names, depth)
    while pos < len(t) and (t[pos] == "*" or t[pos] == "/"):
        other, new = _many_unary(t, pos + 1, names, depth)
        unknowns, others = any(form[:-1]), any(other[:-1])
        if t[pos] == "*":
            if unknowns and others:
                raise _Refused  # an unknown times an unknown: not linear
            form = tuple(a * other[-1] for a in form) if unknowns else tuple(form[-1] * b for b in other)
        else:
            if others or not other[-1]:
                raise _Refused  # a division by an unknown, or by zero
            form = tuple(Fraction(a) / other[-1] for a in form)
        pos = new
    return form, pos


def _many_unary(t: list[str], pos: int, names: tuple[str, ...], depth: int) -> tuple[Forms, int]:
    if depth > MAX_DEPTH:
        raise _Refused
    token = t[pos]
    if token == "-":
        form, pos = _many_unary(t, pos + 1, names, depth + 1)
        return tuple(-a for a in form), pos
    if token == "+":
        return _many_unary(t, pos + 1, names, depth + 1)
    if token == "(":
        form, pos = _many_sum(t, pos + 1, names, depth + 1)
        if pos >= len(t) or t[pos] != ")":
            raise _Refused
        return form, pos + 1
    if token[0].isdigit():
        return (0,) * len(names) + (int(token),), pos + 1
    if token in names:
        return tuple(int(token == name) for name in names) + (0,), pos + 1
    raise _Refused
