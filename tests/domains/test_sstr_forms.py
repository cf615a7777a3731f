"""``domains.sstr_forms`` against ``sympy.sstr``: a product of two monic factors on a grid of rational roots (sums of
monomials: ``tests/solvers/spaces/test_inequality_forms.py``)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import sympy

from cotforge.domains.sstr_forms import product_text

X = sympy.Symbol("x")
ROOTS = sorted({Fraction(n, d) for n in range(-13, 14) for d in (1, 2, 3, 4)} - {Fraction(0)})
"""Non-zero roots."""


def test_products_print_as_sympy_prints_them() -> None:
    roots = [Fraction(0), *ROOTS]
    pairs = list(itertools.product(roots, repeat=2))
    wide = [(Fraction(n), Fraction(m)) for n in range(-30, 31) for m in (-26, -1, 0, 1, 2, 25, n)]
    for a, b in pairs[::7] + [(a, a) for a in roots] + [(Fraction(0), a) for a in roots] + wide:
        expr = (X - sympy.Rational(a.numerator, a.denominator)) * (X - sympy.Rational(b.numerator, b.denominator))
        assert product_text(a, b) == sympy.sstr(expr), (a, b)
