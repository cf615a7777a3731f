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

from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import sympy

from cotforge.core.records import Problem
from cotforge.verifiers.math_parse import AnswerParseError, expression

Equal = Callable[[sympy.Expr, sympy.Expr], bool]

_OPERATORS = "+-*/^(,"
_SAME: dict[tuple[sympy.Expr, sympy.Expr, Equal], bool] = {}
"""(derivative, integrand, equal) -> the verdict: the sound states of a chain differentiate to the same expression."""
_SAME_MAX = 20_000


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
    if key not in _SAME:
        if len(_SAME) >= _SAME_MAX:
            _SAME.clear()
        _SAME[key] = equal(slope, integrand)
    return _SAME[key]


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
    symbols = {n: sympy.Symbol(n) for n in names}
    return sympy.diff(expression(state, symbols, True, derivatives=True), symbols[names[0]])


@lru_cache(maxsize=8192)
def _term_slope(piece: str, negative: bool, names: tuple[str, ...]) -> tuple[sympy.Expr, sympy.Expr]:
    """A top-level term as the whole state's reading holds it (``-term`` after a ``" - "``), and its derivative."""
    symbols = {n: sympy.Symbol(n) for n in names}
    term = expression(piece, symbols, True, derivatives=True)
    if negative:
        term = -term
    return term, sympy.diff(term, symbols[names[0]])


def terms(state: str) -> list[tuple[bool, str]] | None:
    """The top-level terms of a state written as sympy prints a sum: ``(negative, text)`` split at `` + `` and
    `` - `` outside brackets (the first term keeps a leading ``-``); None unless each term is a whole operand of
    that sum (no other sign, space or trailing operator outside brackets, brackets balanced), so that the state
    reads as the terms added left to right."""
    out: list[tuple[bool, str]] = []
    depth, start, negative, i, n = 0, 0, False, 0, len(state)
    text = state.strip()
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0 and ch == " ":
            if text[i:i + 3] not in (" + ", " - "):
                return None
            out.append((negative, text[start:i]))
            negative, start = text[i + 1] == "-", i + 3
            i += 3
            continue
        elif depth == 0 and ch in "+-" and i != start:
            return None  # a sign inside a term (``x**-2``, ``2-x``): not this shape
        i += 1
    if depth != 0:
        return None
    out.append((negative, text[start:]))
    if any(not piece or piece[-1] in _OPERATORS or piece[0] in "*/^+)]" or (k and piece[0] == "-")
           for k, (_, piece) in enumerate(out)):
        return None
    return out
