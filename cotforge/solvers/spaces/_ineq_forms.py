"""The inequality space's sides as exact coefficients: read off a sympy sum of monomials, and printed back exactly as
``sympy.sstr`` prints that sum, without sympy's printer (most of a move's cost was printing and ``Expr.coeff``).

Only a sum of rational multiples of ``1``, ``x`` and ``x**2`` is read (``terms``); anything else (a product of
brackets, a higher power, another symbol, a float) is None, and the caller keeps sympy's own route.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import sympy

X = sympy.Symbol("x")
Coefficients = tuple[Fraction, Fraction, Fraction]
"""``(c0, c1, c2)``: the side is ``c0 + c1 x + c2 x**2``."""


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


def _term(value: Fraction, power: int) -> str:
    if power == 0:
        return str(value)
    monomial = "x" if power == 1 else f"x**{power}"
    top, bottom = abs(value.numerator), value.denominator
    body = monomial if top == 1 else f"{top}*{monomial}"
    return ("-" if value < 0 else "") + (body if bottom == 1 else f"{body}/{bottom}")


def text(c: Coefficients) -> str:
    """``sympy.sstr`` of ``c0 + c1 x + c2 x**2``: terms by falling degree, ``3*x/2`` for a fraction, and a positive
    constant first beside one negative term (``1 - x``, ``3 - x**2``), as sympy orders them."""
    present = [(p, c[p]) for p in (2, 1, 0) if c[p] != 0]
    if not present:
        return "0"
    if len(present) == 2 and present[1][0] == 0 and present[0][1] < 0 and present[1][1] > 0:
        present.reverse()
    out = _term(present[0][1], present[0][0])
    for power, value in present[1:]:
        written = _term(value, power)
        out += f" - {written[1:]}" if written.startswith("-") else f" + {written}"
    return out


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
