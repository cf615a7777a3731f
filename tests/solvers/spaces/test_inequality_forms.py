"""The inequality space's exact side forms (``_ineq_forms``) against sympy: the printed text is ``sympy.sstr``'s and
the coefficients are ``Expr.coeff``'s, on a grid of polynomials and on shapes the forms leave to sympy."""

from __future__ import annotations

import itertools
from fractions import Fraction

import sympy

from cotforge.solvers.spaces import _ineq_forms as forms

X = sympy.Symbol("x")
VALUES = sorted({Fraction(n, d) for n in range(-4, 5) for d in (1, 2, 3)})


def test_text_and_coefficients_match_sympy_on_a_grid() -> None:
    for c2, c1, c0 in itertools.product(VALUES, repeat=3):
        expr = sympy.Rational(c2.numerator, c2.denominator) * X**2 + sympy.Rational(c1.numerator, c1.denominator) * X + sympy.Rational(c0.numerator, c0.denominator)
        read = forms.terms(expr)
        assert read == (c0, c1, c2)
        assert forms.text(read) == sympy.sstr(expr)
        for power in (0, 1):
            assert forms.coefficient(expr, power) == expr.coeff(X, power)


def test_other_shapes_are_left_to_sympy() -> None:
    y = sympy.Symbol("y")
    for expr in [(X - 1) * (X + 3), X**3 + 1, X * y, sympy.Float(0.5) * X, sympy.sqrt(2) * X, 1 / X, (X + 1) ** 2]:
        assert forms.terms(expr) is None
        for power in (0, 1):
            assert forms.coefficient(expr, power) == expr.coeff(X, power)


def test_products_read_like_poly() -> None:
    half = sympy.Rational(1, 2)
    shapes = [(X - 1) * (X + 3), 2 * (X + 1), (X - half) * (2 * X + 3), X * (X - 4), -(X - 2) * (X + 5), (X + 1) ** 2,
              (X - 1) * (X + 1) * (X + 2), X**2 * (X + 1), 3 * X**2 - 5 * X + 2, (X - 1) * X**2]  # fmt: skip
    for expr in shapes:
        read = forms.product_terms(expr)
        poly = sympy.Poly(expr, X)
        if poly.degree() > 2:
            assert read is None
            continue
        if read is None:  # a power of a sum is left to sympy.Poly
            assert expr.is_Pow
            continue
        coefficients = [sympy.Rational(c.numerator, c.denominator) for c in read]
        assert sympy.Poly(coefficients[2] * X**2 + coefficients[1] * X + coefficients[0], X) == poly, expr
