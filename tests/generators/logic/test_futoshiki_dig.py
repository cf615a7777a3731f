"""futoshiki's dig starts each closure from the candidates the givens leave (their digits struck from their rows and
columns, kept as the dig goes, handed over as ``done``). The reference below, the dig as it was, starts each from the
givens alone; both must keep the same digits and signs, from the same random squares and orders, at every level."""

from __future__ import annotations

import random
from typing import cast

import pytest

from cotforge.domains.csp_grade import closure, solved
from cotforge.generators.logic.futoshiki import _NEEDS, _SIZE, Sign, _neighbours, _reduce, futoshiki_csp, latin_square


def _reference(rng: random.Random, n: int, sol: list[int], need: str) -> tuple[dict[int, int], list[Sign]]:
    signs = [(a, b) if sol[a] < sol[b] else (b, a) for a, b in _neighbours(n)]
    givens = dict(enumerate(sol))
    items: list[tuple[str, object]] = [("g", v) for v in givens] + [("s", s) for s in signs]
    rng.shuffle(items)
    kept_signs = list(signs)
    full = (1 << n) - 1
    grid = futoshiki_csp(n, {}, signs)
    index = {sign: 2 * n + i for i, sign in enumerate(signs)}
    cons = [*range(2 * n), *index.values()]

    def ok() -> bool:
        return solved(closure(grid, [1 << givens[v] if v in givens else full for v in range(n * n)], need, cons))

    for kind, item in items:
        if kind == "g":
            v = cast(int, item)
            keep = givens.pop(v)
            if not ok():
                givens[v] = keep
        else:
            sign = cast(Sign, item)
            kept_signs.remove(sign)
            before, cons = cons, [ci for ci in cons if ci != index[sign]]
            if not ok():
                kept_signs.append(sign)
                cons = before
    return givens, sorted(kept_signs)


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_the_dig_keeps_what_the_dig_from_the_givens_alone_keeps(level: int) -> None:
    n, need = _SIZE[level], _NEEDS[level]
    for seed in range(6):
        square = latin_square(random.Random(seed), n)
        fast, slow = random.Random(100 + seed), random.Random(100 + seed)
        assert _reduce(fast, n, square, need) == _reference(slow, n, square, need)
        assert fast.random() == slow.random()
