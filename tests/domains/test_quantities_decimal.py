"""The decimal display of a quantity by integer work is the one by Fraction arithmetic (speed9, issue 21)."""

from __future__ import annotations

from fractions import Fraction

from cotforge.domains.quantities import _decimal, display


def _by_fractions(value: Fraction, places: int) -> str | None:
    """``_decimal`` as it was (main 75caebe): the value scaled as a Fraction."""
    scaled = value * 10**places
    if scaled.denominator != 1:
        return None
    sign, digits = ("-" if scaled < 0 else ""), str(abs(scaled.numerator)).rjust(places + 1, "0")
    whole, frac = digits[:-places], digits[-places:].rstrip("0")
    return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"


def test_decimal_by_integers_is_the_decimal_by_fractions() -> None:
    values = [Fraction(n, d) for n in range(-2000, 2001, 7) for d in (1, 2, 3, 4, 5, 8, 16, 20, 25, 40, 100, 125, 400, 625,
                                                                      1000, 3125, 10000, 20000, 7, 12, 30)]
    values += [Fraction(123456789, 10**k) for k in range(7)] + [Fraction(0), Fraction(-1, 10000), Fraction(1, 20000)]
    some = 0
    for value in values:
        for places in (1, 2, 4):
            assert _decimal(value, places) == _by_fractions(value, places)
            some += _decimal(value, places) is not None
        for unit in ("", "$", "dec"):
            assert display(value, unit)  # every value has a display
    assert some > 1000
