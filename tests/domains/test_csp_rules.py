"""The technique rules written once (domains.csp_rules), against their definitions by brute force."""

from __future__ import annotations

import itertools
import random

import pytest

from cotforge.domains.csp_rules import GroupOverlaps, locked, lone_values, naked_pairs, revise


def _masks(rng: random.Random, n: int, values: int) -> list[int]:
    return [rng.randrange(1, 1 << values) for _ in range(n)]


def test_each_rule_finds_exactly_what_its_definition_says() -> None:
    rng = random.Random(0)
    rows = [tuple(range(r * 4, r * 4 + 4)) for r in range(4)]
    cols = [tuple(range(c, 16, 4)) for c in range(4)]
    boxes = [tuple(r * 4 + c for r in rows_ for c in cols_) for rows_ in ((0, 1), (2, 3)) for cols_ in ((0, 1), (2, 3))]
    groups = rows + cols + boxes
    over = GroupOverlaps(groups)
    for _ in range(300):
        d = _masks(rng, 16, 4)
        for group in groups:  # lone values: held by exactly one variable of the group
            once, lone = lone_values(group, d)
            assert once == _or(d[v] for v in group)
            assert lone == _or(1 << x for x in range(4) if sum(d[v] >> x & 1 for v in group) == 1)
        found = {(gi, a, b): (m, victims) for gi, a, b, m, victims in naked_pairs(groups, d)}
        for (gi, a, b), (m, victims) in found.items():  # every finding is a naked pair and its victims
            assert d[a] == d[b] == m and bin(m).count("1") == 2
            assert set(victims) == {w for w in groups[gi] if w not in (a, b) and d[w] & m}
        for gi, group in enumerate(groups):  # every naked pair with victims is found (from its first cell)
            for a, b in itertools.combinations(group, 2):
                if d[a] == d[b] and bin(d[a]).count("1") == 2 and any(d[w] & d[a] for w in group if w not in (a, b)):
                    first = next(v for v in group if d[v] == d[a])
                    assert (gi, first, b) in found or b == first
        for k, side, lone, victims in locked(over, d):  # locked: home group holds the values only in the overlap
            i, j = over.pairs[k]
            home, away = (groups[i], groups[j]) if side == 0 else (groups[j], groups[i])
            shared = set(home) & set(away)
            assert lone and not lone & _or(d[v] for v in home if v not in shared)
            assert lone & _or(d[v] for v in shared)
            assert set(victims) == {w for w in away if w not in shared and d[w] & lone}
        sx = tuple(_or(1 << b for b in range(4) if a < b) for a in range(4))  # x < y
        sy = tuple(_or(1 << a for a in range(4) if a < b) for b in range(4))
        nx, ny = revise(d[0], d[1], sx, sy)
        assert nx == _or(1 << a for a in range(4) if d[0] >> a & 1 and any(d[1] >> b & 1 for b in range(a + 1, 4)))
        assert ny == _or(1 << b for b in range(4) if d[1] >> b & 1 and any(nx >> a & 1 for a in range(b)))


def _or(masks: object) -> int:
    out = 0
    for m in masks:  # type: ignore[attr-defined]
        out |= m
    return out


@pytest.mark.parametrize("negated", [False, True])
def test_union_tables_give_what_revise_gives(negated: bool) -> None:
    """Arc consistency by two look-ups in a relation's union tables equals ``revise`` on its support tables, for every
    relation, seat count and pair of candidate sets (every pair up to 6 values, a sample above); past
    ``UNION_VALUES`` values there are no union tables."""

    from cotforge.domains.csp import RELATIONS, UNION_VALUES, relation_tables

    rng = random.Random(3)
    for op in RELATIONS:
        for m in (2, 3, 5, 6, 8):
            for arg in (1, m) if op in ("cnext", "cw") else (0, 1, 2):
                sx, sy, ux, uy = relation_tables(op, arg, m, negated)
                assert ux is not None and uy is not None
                pairs = ([(a, b) for a in range(1 << m) for b in range(1 << m)] if m <= 6
                         else [(rng.randrange(1 << m), rng.randrange(1 << m)) for _ in range(3000)])  # fmt: skip
                for dx, dy in pairs:
                    nx = dx & uy[dy]
                    assert (nx, dy & ux[nx]) == revise(dx, dy, sx, sy), (op, m, arg, dx, dy)
    assert relation_tables("lt", 0, UNION_VALUES + 1, negated)[2:] == (None, None)
