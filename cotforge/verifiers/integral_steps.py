"""The ``integral`` step check: each state differentiates back to the integrand (a pending integral counts as
its integrand).

The states of a record share most of their terms (``-2*x**(3/2) - 5*sin(x) - 3*Integral(x**2, x)`` and the next
state differ in one term), and a record's continued negatives repeat the chain's states with one term changed:
reading and differentiating the whole state each time was most of the check (782 states of 40 records, 362
distinct terms). A state whose top-level terms are plain (``terms``) is read and differentiated term by term, each
signed term once (``_term_slope``, memoised by its text); the terms' sum is built as sympy builds the whole state,
and it is used only when it is structurally the state's own expression (``Add`` of exactly those terms: nothing
collected or merged), so the derivative is the same expression ``sympy.diff`` of the whole state gives. Anything
else (a term that does not read, like terms that combine, a text of another shape) takes the whole-state route.
"""

from __future__ import annotations

import cmath
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import sympy

from cotforge.core.memo import Memo
from cotforge.core.records import Problem
from cotforge.verifiers import math_read
from cotforge.verifiers.math_parse import AnswerParseError, expression
from cotforge.verifiers.sstr_read import read_sstr, terms

Equal = Callable[[sympy.Expr, sympy.Expr], bool]

_SAME_MAX = 20_000
_SAME: Memo[tuple[sympy.Expr, sympy.Expr, Equal], bool] = Memo(_SAME_MAX)
"""(derivative, integrand, equal) -> the verdict: the sound states of a chain differentiate to the same expression."""


def integral_check(state: str, problem: Problem, data: dict[str, Any], equal: Equal) -> bool | None:
    """The state differentiates back to the integrand (a pending integral counts as its integrand)."""
    names = tuple(data.get("variables") or [data.get("variable", "x")])
    symbols = {n: sympy.Symbol(n) for n in names}
    try:
        integrand = expression(data["integrand"], symbols, True)
        slope = state_slope(state, names)
    except (AnswerParseError, KeyError):
        return None
    key = (slope, integrand, equal)
    return _SAME.remember(key, lambda: _same(slope, integrand) if equal is math_read.equal else equal(slope, integrand))


def _same(slope: sympy.Expr, integrand: sympy.Expr) -> bool:
    """``math_read.equal(slope, integrand)``, its numeric first test made in floating point where that is clear.

    ``equal`` first evaluates the difference at three points to 30 digits (different when one value is clearly not
    zero), then expands it. Where the floating-point values (``_values``) differ by more than ``MARGIN`` of the
    largest magnitude computed, the 30-digit values differ too: False, as ``equal`` says. Where they agree to within
    rounding at every point and the expanded difference is zero, the difference is zero as a function, its 30-digit
    values are zero to within evaluation error: True, as ``equal`` says. Otherwise ``equal`` decides."""
    mine, theirs = _values(slope), _values(integrand)
    if mine is not None and theirs is not None:
        top = max(mine[1], theirs[1], 1.0)
        gaps = [abs(a - b) for a, b in zip(mine[0], theirs[0])]
        if any(gap > MARGIN * top for gap in gaps):
            return False
        if all(gap <= 1e-9 * top for gap in gaps) and sympy.expand(slope - integrand) == 0:
            return True
    return math_read.equal(slope, integrand)


MARGIN = 1e-6
"""A floating-point difference counts as not zero at this share of the largest magnitude computed on the way."""
_POINTS = (0.7, 1.3, 2.3)
"""``math_read``'s sample points (7/10, 13/10, 23/10)."""


class _Unsupported(Exception):
    pass


@lru_cache(maxsize=8192)
def _values(expr: sympy.Expr) -> tuple[tuple[complex, ...], float] | None:
    """The expression's values at the points in floating point (principal branches, as ``sympy.N``) and the largest
    magnitude met on the way; None for a node outside numbers, x, sums, products, constant powers, exp, sin, cos and
    log, or a point near a pole."""
    x = sympy.Symbol("x")
    values, top = [], [0.0]
    try:
        for point in _POINTS:
            values.append(_value(expr, x, point, top))
    except (_Unsupported, OverflowError, ZeroDivisionError, ValueError, TypeError):
        return None
    return (tuple(values), top[0]) if top[0] < 1e200 else None


def _value(node: sympy.Expr, x: sympy.Symbol, at: float, top: list[float]) -> complex:
    if node.is_Rational:
        value = complex(int(node.p) / int(node.q))
    elif node == x:
        value = complex(at)
    elif node.is_Add:
        value = sum((_value(a, x, at, top) for a in node.args), 0j)
    elif node.is_Mul:
        value = 1 + 0j
        for a in node.args:
            value *= _value(a, x, at, top)
    elif node.is_Pow and node.exp.is_Rational:
        base = _value(node.base, x, at, top)
        if abs(base) < 1e-9:
            raise _Unsupported
        value = base ** int(node.exp) if node.exp.is_Integer else cmath.exp(float(node.exp) * cmath.log(base))
    elif isinstance(node, (sympy.exp, sympy.sin, sympy.cos, sympy.log)):
        inner = _value(node.args[0], x, at, top)
        if abs(inner) > 200 or isinstance(node, sympy.log) and abs(inner) < 1e-9:
            raise _Unsupported
        value = {sympy.exp: cmath.exp, sympy.sin: cmath.sin, sympy.cos: cmath.cos, sympy.log: cmath.log}[node.func](inner)
    else:
        raise _Unsupported
    top[0] = max(top[0], abs(value))
    if top[0] != top[0]:
        raise _Unsupported
    return value


def state_slope(state: str, names: tuple[str, ...]) -> sympy.Expr:
    """``sympy.diff`` of the state (read with pending derivatives and integrals) in the first of ``names``: term by
    term where that is provably the same expression, else of the whole state. Raises AnswerParseError."""
    pieces = terms(state)
    if pieces is not None and len(pieces) > 1:
        try:
            read = [_term_slope(piece, negative, names) for negative, piece in pieces]
        except (AnswerParseError, ArithmeticError, ValueError, TypeError, RecursionError, sympy.SympifyError):
            read = None  # the whole-state route decides (and words the error)
        if read is not None:
            whole = sympy.Add(*(term for term, _ in read))
            if isinstance(whole, sympy.Add) and Counter(whole.args) == Counter(term for term, _ in read):
                return sympy.Add(*(slope for _, slope in read))
    return _whole_slope(state.strip(), names)


@lru_cache(maxsize=8192)
def _whole_slope(state: str, names: tuple[str, ...]) -> sympy.Expr:
    return sympy.diff(_read(state, names), sympy.Symbol(names[0]))


@lru_cache(maxsize=8192)
def _term_slope(piece: str, negative: bool, names: tuple[str, ...]) -> tuple[sympy.Expr, sympy.Expr]:
    """A top-level term as the whole state's reading holds it (``-term`` after a ``" - "``), and its derivative."""
    term = _read(piece, names)
    if negative:
        term = -term
    return term, sympy.diff(term, sympy.Symbol(names[0]))


def _read(text: str, names: tuple[str, ...]) -> sympy.Expr:
    """The text as ``expression(text, ..., allow_free=True, derivatives=True)`` reads it: by the exact reader of
    sympy's printed form where that reads it (``sstr_read``), else by the general route. Raises AnswerParseError."""
    read = read_sstr(text, names, derivatives=True)
    return read if read is not None else expression(text, {n: sympy.Symbol(n) for n in names}, True, derivatives=True)
