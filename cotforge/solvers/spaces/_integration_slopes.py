"""A state's derivative at the sample points in floating point, to tell a wrong move's state from its parent's.

The integration space keeps a wrong move only where it changes the derivative (``integration._slopes``: sympy
differentiates the state and evaluates the derivative to 20 digits at three points, each value's real part rounded
to 9 decimals). Nearly every slip changes it by a wide margin, and that comparison was a fifth of a record's CPU.
:func:`clearly_apart` computes the same derivatives by forward-mode differentiation over the sympy tree with Python
floats (complex, principal branches, as ``sympy.N`` evaluates them) and answers True only when the real parts differ
at some point by more than ``MARGIN`` of the largest magnitude met on the way (and by more than ``MARGIN``): rounding
error is far below that, so the 20-digit values differ by more than 10⁻⁹ and their roundings differ too. Otherwise
(close values, an unsupported node, a point near a pole) it answers None and the sympy comparison decides.
"""

from __future__ import annotations

import cmath
from functools import lru_cache

import sympy

X = sympy.Symbol("x")
POINTS = (0.7, 1.3, 2.3)
"""The space's sample points (7/10, 13/10, 23/10)."""
MARGIN = 1e-6
MAX_ARGUMENT = 200.0
"""Largest |argument| of exp, sin, cos; beyond it the sympy comparison decides."""


class _Unsupported(Exception):
    """A node this evaluator does not follow, or a point near a pole."""


Slopes = tuple[tuple[float, ...], float]


def clearly_apart(a: sympy.Expr, b: sympy.Expr) -> bool | None:
    """True when the derivatives of states ``a`` and ``b`` (pending integrals as their integrands) clearly differ at
    a sample point; None when this cannot tell (never False: "the same" is left to the exact comparison)."""
    slopes_a, slopes_b = _state(a), _state(b)
    if slopes_a is None or slopes_b is None:
        return None
    (values_a, top_a), (values_b, top_b) = slopes_a, slopes_b
    margin = MARGIN * max(top_a, top_b, 1.0)
    return True if any(abs(u - v) > margin for u, v in zip(values_a, values_b)) else None


@lru_cache(maxsize=8192)
def _state(expr: sympy.Expr) -> Slopes | None:
    """The real parts of the state's derivative at the points, and the largest magnitude met; None if unsupported."""
    total = [0.0] * len(POINTS)
    top = 0.0
    for term in sympy.Add.make_args(expr):
        slopes = _term(term)
        if slopes is None:
            return None
        values, size = slopes
        total = [t + v for t, v in zip(total, values)]
        top = max(top, size)
    return tuple(total), top


@lru_cache(maxsize=20_000)
def _term(term: sympy.Expr) -> Slopes | None:
    coeff, rest = term.as_coeff_Mul()
    pending = isinstance(rest, sympy.Integral)
    if pending and rest.limits != ((X,),):
        return None
    values, top = [], 0.0
    for point in POINTS:
        biggest = [0.0]
        try:
            if pending:
                value = complex(coeff) * _dual(rest.function, point, biggest)[0]
            else:
                value = _dual(term, point, biggest)[1]
        except (_Unsupported, OverflowError, ZeroDivisionError, ValueError, TypeError):
            return None
        values.append(value.real)
        top = max(top, biggest[0], abs(value))
    if top > 1e200 or top != top:
        return None
    return tuple(values), top


def _dual(node: sympy.Expr, x: float, top: list[float]) -> tuple[complex, complex]:
    """(value, derivative) at ``x``; ``top[0]`` keeps the largest magnitude computed."""
    if node.is_Rational:
        value, slope = complex(int(node.p) / int(node.q)), 0j
    elif node == X:
        value, slope = complex(x), 1 + 0j
    elif node.is_Add:
        value, slope = 0j, 0j
        for arg in node.args:
            v, d = _dual(arg, x, top)
            value, slope = value + v, slope + d
    elif node.is_Mul:
        value, slope = 1 + 0j, 0j
        for arg in node.args:
            v, d = _dual(arg, x, top)
            value, slope = value * v, slope * v + value * d
    elif node.is_Pow:
        base, exponent = node.args
        if not exponent.is_Rational:
            raise _Unsupported
        b, db = _dual(base, x, top)
        if abs(b) < 1e-9:
            raise _Unsupported
        if exponent.is_Integer:
            n = int(exponent)
            value, slope = b**n, n * b ** (n - 1) * db
        else:
            q = int(exponent.p) / int(exponent.q)
            value = cmath.exp(q * cmath.log(b))  # the principal branch, as sympy evaluates b**q
            slope = q * value / b * db
    elif isinstance(node, (sympy.exp, sympy.sin, sympy.cos, sympy.log)):
        u, du = _dual(node.args[0], x, top)
        if abs(u) > MAX_ARGUMENT:
            raise _Unsupported
        if isinstance(node, sympy.exp):
            value = cmath.exp(u)
            slope = value * du
        elif isinstance(node, sympy.sin):
            value, slope = cmath.sin(u), cmath.cos(u) * du
        elif isinstance(node, sympy.cos):
            value, slope = cmath.cos(u), -cmath.sin(u) * du
        else:
            if abs(u) < 1e-9:
                raise _Unsupported
            value, slope = cmath.log(u), du / u
    else:
        raise _Unsupported
    top[0] = max(top[0], abs(value), abs(slope))
    return value, slope
