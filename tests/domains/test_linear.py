from __future__ import annotations

from fractions import Fraction as F

from cotforge.domains.linear import bumped, miscounts, solve


def test_miscounts_include_the_least_slip_that_keeps_every_value_whole() -> None:
    rows = (((F(2), F(1)), F(4)), ((F(1), F(-1)), F(-1)))  # x = 1, y = 2
    assert solve(rows) == (1, 2)
    slips = miscounts(rows, 0)
    assert {F(3), F(-3)} <= set(slips)  # one more in the first constant moves x and y by 1/3
    assert {F(2), F(-2), F(4), F(1), F(-1)} <= set(slips)  # a coefficient beside it, twice that, one
    assert len(slips) == len(set(slips))
    for e in (F(3), F(-3)):
        values = solve((((F(2), F(1)), F(4) + e), rows[1]))
        assert values is not None and all(v.denominator == 1 for v in values) and values != (1, 2)


def test_bumped_changes_one_coefficient() -> None:
    assert bumped((F(1), F(-2), F(0)), 1, 3) == (F(1), F(1), F(0))
