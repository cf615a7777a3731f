"""countdown's whole-number search on ints gives what the Fraction search gives."""

from __future__ import annotations

import random
from collections import Counter
from fractions import Fraction

from cotforge.domains.countdown import Rules, moves, solvable, whole_moves


def _reference(values: tuple[Fraction, ...], target: Fraction, rules: Rules) -> bool:
    """The exhaustive search written over ``moves`` (Fractions, ``combine``), no memo."""
    if target in values and (not rules.use_all or len(values) == 1):
        return True
    return any(_reference(tuple(sorted((*rest, out))), target, rules) for rest, out in moves(values, rules))


def test_whole_moves_are_the_moves_of_whole_numbers() -> None:
    rng = random.Random(0)
    for _ in range(200):
        values = tuple(sorted(rng.randint(1, 12) for _ in range(rng.randint(2, 4))))
        fractions = tuple(Fraction(v) for v in values)
        assert Counter(whole_moves(values)) == Counter(moves(fractions, Rules(whole=True)))


def test_solvable_on_whole_numbers_agrees_with_the_fraction_search_and_shares_its_memo() -> None:
    rng = random.Random(1)
    seen: Counter[bool] = Counter()
    for _ in range(150):
        values = tuple(sorted(Fraction(rng.randint(1, 10)) for _ in range(rng.randint(2, 4))))
        target = Fraction(rng.randint(1, 60))
        for use_all in (False, True):
            rules = Rules(use_all=use_all, whole=True)
            memo: dict = {}
            got = solvable(values, target, rules, memo)
            assert got == _reference(values, target, rules) == solvable(values, target, rules), (values, target, use_all)
            assert memo[values] == got  # found again by its Fraction key
            seen[got] += 1
    assert seen[True] > 20 and seen[False] > 20, seen
