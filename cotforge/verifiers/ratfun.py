"""Whether two rational functions of one unknown are the same, decided exactly at whole-number points.

Each expression is a tree of whole numbers, fractions, the unknown, sums, products and whole powers: formally a
fraction N/D of polynomials whose degrees are bounded by the tree (a sum N1 D2 + N2 D1 over D1 D2, a product N1 N2
over D1 D2, a power k of N/D is N^k/D^k, or D^|k|/N^|k| when k < 0). Two such functions f = Nf/Df and g = Ng/Dg are
the same exactly when Nf Dg - Ng Df is the zero polynomial, whose degree is at most B = max(nf + mg, ng + mf); it is
zero when it vanishes at B + 1 distinct points, i.e. when f and g take equal values at B + 1 points where neither
tree divides by zero (evaluated with ``Fraction``), and not zero when they differ at one such point. That is the
verdict of :func:`cotforge.verifiers.math_read.equal` on rational functions (expanding and cancelling the
difference), without sympy. Anything else in a tree (a function, a fractional power, another name, an infinity) gives
None: the caller decides by sympy.
"""

from __future__ import annotations

from fractions import Fraction

import sympy

MAX_DEGREE = 60
"""Larger degree bounds are left to sympy (the points needed grow with it)."""
MAX_TRIES = 200


class _Refused(Exception):
    pass


def same_rational_function(f: sympy.Expr, g: sympy.Expr, unknown: sympy.Symbol) -> bool | None:
    """True when ``f`` and ``g`` are the same rational function of ``unknown``, False when not, None when either is not
    a rational function this decides (or its degree bound is over ``MAX_DEGREE``)."""
    try:
        nf, mf = _degrees(f, unknown)
        ng, mg = _degrees(g, unknown)
    except (_Refused, RecursionError):
        return None
    needed = max(nf + mg, ng + mf) + 1
    if needed > MAX_DEGREE + 1:
        return None
    agreed = 0
    for t in range(1, MAX_TRIES + 1):
        for point in (Fraction(t), Fraction(-t)):
            try:
                a, b = _value(f, unknown, point), _value(g, unknown, point)
            except ZeroDivisionError:
                continue  # a pole of either tree (or of a part of it): not a point to compare at
            if a != b:
                return False
            agreed += 1
            if agreed >= needed:
                return True
    return None


def _degrees(expr: sympy.Expr, unknown: sympy.Symbol) -> tuple[int, int]:
    """(bound on the numerator's degree, bound on the denominator's) of the tree's formal fraction."""
    if expr.is_Rational:
        return 0, 0
    if expr == unknown:
        return 1, 0
    if expr.is_Add or expr.is_Mul:
        parts = [_degrees(a, unknown) for a in expr.args]
        n, m = parts[0]
        for pn, pm in parts[1:]:
            n, m = (max(n + pm, pn + m), m + pm) if expr.is_Add else (n + pn, m + pm)
        return n, m
    if expr.is_Pow and expr.exp.is_Integer:
        n, m = _degrees(expr.base, unknown)
        k = int(expr.exp)
        if abs(k) > MAX_DEGREE:
            raise _Refused
        return (k * n, k * m) if k >= 0 else (-k * m, -k * n)
    raise _Refused


def _value(expr: sympy.Expr, unknown: sympy.Symbol, point: Fraction) -> Fraction:
    """The tree's value at ``point``; ZeroDivisionError where it divides by zero."""
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))
    if expr == unknown:
        return point
    if expr.is_Add:
        return sum((_value(a, unknown, point) for a in expr.args), Fraction(0))
    if expr.is_Mul:
        out = Fraction(1)
        for a in expr.args:
            out *= _value(a, unknown, point)
        return out
    base, k = _value(expr.base, unknown, point), int(expr.exp)
    if k < 0 and base == 0:
        raise ZeroDivisionError
    return base**k
