"""The inequality space's sides as exact coefficients: read off a sympy sum of monomials, and printed back exactly as
``sympy.sstr`` prints that sum, without sympy's printer (``domains.sstr_forms``; most of a move's cost was printing and
``Expr.coeff``).

Only a sum of rational multiples of ``1``, ``x`` and ``x**2`` is read (``terms``); anything else (a product of
brackets, a higher power, another symbol, a float) is None, and the caller keeps sympy's own route.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import sympy

from cotforge.domains.sstr_forms import Coefficients, product_text, text

__all__ = ["Coefficients", "X", "coefficient", "product_terms", "product_text", "terms", "text"]
X = sympy.Symbol("x")


@lru_cache(maxsize=8192)
def terms(expr: sympy.Expr) -> Coefficients | None:
    """The coefficients of a sum of monomials of degree at most 2 in x, or None for any other expression."""
    if not isinstance(expr, sympy.Expr):
        return None
    out = [Fraction(0), Fraction(0), Fraction(0)]
    for term in expr.args if expr.is_Add else (expr,):
        coefficient, rest = term.as_coeff_Mul()
        if not coefficient.is_Rational:
            return None
        if rest is sympy.S.One:
            power = 0
        elif rest == X:
            power = 1
        elif rest.is_Pow and rest.base == X and rest.exp == 2:
            power = 2
        else:
            return None
        out[power] += Fraction(int(coefficient.p), int(coefficient.q))
    return out[0], out[1], out[2]


def coefficient(expr: sympy.Expr, power: int) -> sympy.Expr:
    """``expr.coeff(X, power)`` for a sum of monomials, read off its terms (``Expr.coeff`` for anything else)."""
    read = terms(expr)
    if read is None:
        return expr.coeff(X, power)
    value = read[power]
    return sympy.Rational(value.numerator, value.denominator)


def product_terms(expr: sympy.Expr) -> Coefficients | None:
    """The coefficients of a product of sums of monomials (``(x - 1)*(x + 3)``, ``2*(x + 1)``) of degree at most 2, or
    of a sum of monomials; None for anything else."""
    if not expr.is_Mul:
        return terms(expr)
    out = [Fraction(1), Fraction(0), Fraction(0)]
    for factor in expr.args:
        read = terms(factor)
        if read is None:
            return None
        product = [Fraction(0)] * 5
        for i, a in enumerate(out):
            for j, b in enumerate(read):
                product[i + j] += a * b
        if product[3] or product[4]:
            return None
        out = product[:3]
    return out[0], out[1], out[2]

