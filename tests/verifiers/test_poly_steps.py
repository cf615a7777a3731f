from __future__ import annotations

from fractions import Fraction

import pytest

from cotforge.verifiers.poly_steps import PolyReadError, read_poly


def test_reads_products_powers_and_signs_exactly() -> None:
    assert read_poly("3*(x - 2)*(x + 2) - (2*x + 1)**2") == ((0, Fraction(-13)), (1, Fraction(-4)), (2, Fraction(-1)))
    assert read_poly("-x*(x**2 - 1)") == ((1, Fraction(1)), (3, Fraction(-1)))
    assert read_poly("(x**2 + x - 6)/2") == ((0, Fraction(-3)), (1, Fraction(1, 2)), (2, Fraction(1, 2)))


@pytest.mark.parametrize("bad", ["sin(x)", "x**y", "(x + 1", "1/x", "x ** 99"])
def test_unreadable_text_is_an_error_never_a_value(bad: str) -> None:
    with pytest.raises(PolyReadError):
        read_poly(bad)
