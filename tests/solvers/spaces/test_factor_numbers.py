"""The factor pairs of ``_factor_numbers`` against a count over every candidate (the route before the discriminant)."""

from __future__ import annotations

import random

from cotforge.solvers.spaces._factor_numbers import _near_pair, _pair, _root


def _pair_by_count(product: int, total: int) -> tuple[int, int] | None:
    if product == 0:
        return None
    for m in range(-abs(product), abs(product) + 1):
        if m and product % m == 0 and m + product // m == total:
            return m, product // m
    return None


def _near_by_count(product: int, total: int, right: tuple[int, int]) -> tuple[int, int] | None:
    signs = (right[0] > 0, right[1] > 0)
    pairs = [(m, product // m) for m in range(-abs(product), abs(product) + 1)
             if m and product % m == 0 and (m > 0, product // m > 0) == signs and m <= product // m and m + product // m != total]
    squares = [(m, n) for m, n in pairs if _root(-m) and _root(-n)]
    if _root(-right[0]) and _root(-right[1]) and squares:
        pairs = squares
    return min(pairs, key=lambda mn: (abs(mn[0] + mn[1] - total), abs(mn[0]))) if pairs else None


def test_pairs_are_the_ones_a_count_finds() -> None:
    found = 0
    for product in range(-200, 201):
        for total in range(-45, 46):
            pair = _pair(product, total)
            assert pair == _pair_by_count(product, total), (product, total)
            if pair is not None:
                found += 1
                assert _near_pair(product, total, pair) == _near_by_count(product, total, pair), (product, total)
    assert found > 500
    rng = random.Random(2)
    for _ in range(200):
        a, b = rng.randint(-150, 150), rng.randint(-150, 150)
        if a * b:
            pair = _pair(a * b, a + b)
            assert pair == _pair_by_count(a * b, a + b) == (min(a, b), max(a, b))
            assert _near_pair(a * b, a + b, pair) == _near_by_count(a * b, a + b, pair)
