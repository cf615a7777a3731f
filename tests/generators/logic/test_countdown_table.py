"""The countdown generator's table of values per subset of the numbers is worked out on ints where values are whole and
on Fractions elsewhere; the reference below works on Fractions throughout, as the table once did. Both must hold the
same values with the same expressions in the same order, under both rules (fractions allowed along the way, or
positive whole numbers only), since the puzzle drawn depends on that order."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from cotforge.domains.countdown import SHOW, Rules, combine
from cotforge.generators.logic.countdown import CAP, _table


def _fraction_table(nums: list[int], rules: Rules) -> list[dict[Fraction, str]]:
    n = len(nums)
    table: list[dict[Fraction, str]] = [{} for _ in range(1 << n)]
    for i, x in enumerate(nums):
        table[1 << i][Fraction(x)] = str(x)
    for mask in sorted(range(1, 1 << n), key=lambda m: bin(m).count("1")):
        if mask & (mask - 1) == 0:
            continue
        a = (mask - 1) & mask
        while a:
            b = mask ^ a
            if a < b:
                for va, ea in table[a].items():
                    for vb, eb in table[b].items():
                        for flipped, (p, q, ep, eq) in enumerate(((va, vb, ea, eb), (vb, va, eb, ea))):
                            for op in "+-*/":
                                if op in "+*" and flipped:
                                    continue
                                v = combine(p, q, op, rules)
                                if v is not None and v not in table[mask] and -CAP <= v <= CAP:
                                    table[mask][v] = f"({ep} {SHOW[op]} {eq})"
            a = (a - 1) & mask
    return table


@pytest.mark.parametrize("whole", [False, True])
def test_the_table_holds_the_values_of_a_table_on_fractions(whole: bool) -> None:
    rng = random.Random(4)
    rules = Rules(use_all=True, whole=whole)
    for _ in range(12):
        nums = sorted(rng.randint(1, 13) for _ in range(4))
        got, want = _table(nums, rules), _fraction_table(nums, rules)
        assert [list(t.items()) for t in got] == [list(t.items()) for t in want]
        assert any(type(v) is int for t in got for v in t) and (whole or any(type(v) is Fraction for t in got for v in t))
