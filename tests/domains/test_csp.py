"""The CSP engine against brute force: propagation is sound, the solver counts right, steps follow."""

from __future__ import annotations

import itertools
import random

import pytest

from cotforge.domains.csp import RELATIONS, Constraint, Csp, bits, mask
from cotforge.domains.csp_solve import follows, propagate, settles, solve
from cotforge.domains.csp_grade import closure, grade


def _random_csp(rng: random.Random, n: int = 5, m: int = 4) -> Csp:
    """Two overlapping all-different groups (permutation-sized when they fit), relations, a unary."""
    cons = [
        Constraint("alldiff", (0, 1, 2, 3), label="g1"),
        Constraint("alldiff", (2, 3, 4), label="g2"),
    ]
    for i in range(rng.randint(1, 4)):
        x, y = rng.sample(range(n), 2)
        cons.append(Constraint("rel", (x, y), op=rng.choice(sorted(RELATIONS)), arg=rng.choice([1, m]), label=f"r{i}"))
    v = rng.randrange(n)
    cons.append(Constraint("in", (v,), allowed=mask(rng.sample(range(m), 3)), label="u"))
    doms = tuple(mask(rng.sample(range(m), rng.randint(1, m))) for _ in range(n))
    return Csp(tuple(f"x{i}" for i in range(n)), tuple(str(k) for k in range(m)), doms, tuple(cons))


def _brute(csp: Csp, doms: tuple[int, ...] | list[int], cons: list[int] | None = None) -> list[tuple[int, ...]]:
    cons = list(range(len(csp.constraints))) if cons is None else cons
    return [
        values
        for values in itertools.product(*(bits(d) for d in doms))
        if all(csp.constraints[ci].holds(values) for ci in cons)
    ]


@pytest.mark.parametrize("seed", range(60))
def test_propagation_is_sound_and_the_solver_counts_right(seed: int) -> None:
    rng = random.Random(seed)
    csp = _random_csp(rng)
    truth = _brute(csp, csp.domains)
    found = solve(csp, limit=10_000)
    assert sorted(found) == sorted(truth)
    assert len(solve(csp, limit=2)) == min(2, len(truth))
    for hidden, pairs, matching in itertools.product((False, True), repeat=3):
        d = propagate(csp, csp.domains, hidden=hidden, pairs=pairs, matching=matching)
        if d is None:
            assert not truth
        else:
            assert all(d[v] >> x & 1 for values in truth for v, x in enumerate(values))


@pytest.mark.parametrize("seed", range(40))
def test_follows_matches_its_definition(seed: int) -> None:
    """A narrowing follows from some constraints exactly when no removed value is in any of their solutions."""
    rng = random.Random(seed)
    csp = _random_csp(rng)
    cons = rng.sample(range(len(csp.constraints)), rng.randint(1, len(csp.constraints)))
    before = csp.domains
    after = [d & ~(1 << rng.choice(bits(d))) if rng.random() < 0.4 and d & (d - 1) else d for d in before]
    possible = _brute(csp, before, cons)
    expect = all(after[v] >> x & 1 for values in possible for v, x in enumerate(values))
    assert follows(csp, before, after, cons) == expect


def _sudoku4(grid: str) -> Csp:
    cells = [None if ch == "." else int(ch) - 1 for ch in grid.replace(" ", "")]
    cons = [Constraint("alldiff", tuple(r * 4 + c for c in range(4)), label=f"row {r + 1}") for r in range(4)]
    cons += [Constraint("alldiff", tuple(r * 4 + c for r in range(4)), label=f"column {c + 1}") for c in range(4)]
    cons += [Constraint("alldiff", tuple((r0 + i) * 4 + c0 + j for i in range(2) for j in range(2)), label="box")
             for r0 in (0, 2) for c0 in (0, 2)]  # fmt: skip
    doms = tuple(15 if g is None else 1 << g for g in cells)
    return Csp(tuple(f"c{i}" for i in range(16)), ("1", "2", "3", "4"), doms, tuple(cons))


def test_locked_candidates_clear_the_rest_of_the_row() -> None:
    """In box 1 the digit 1 fits only in its row-1 cells, so row 1 outside the box loses 1."""
    csp = _sudoku4(".... .... .... ....")
    before = [0b1111] * 16
    before[4] = before[5] = 0b1110  # box 1's row-2 cells cannot be 1
    assert propagate(csp, before, hidden=True, matching=False) == before  # singles see nothing
    after = propagate(csp, before, hidden=False, matching=False, pairs=True)
    assert after is not None and not after[2] & 1 and not after[3] & 1
    claimed = [m & ~1 if v in (2, 3) else m for v, m in enumerate(before)]
    row1, box1 = 0, 8
    assert follows(csp, before, claimed, [row1, box1])
    assert not follows(csp, before, claimed, [row1])  # the row alone does not say it


@pytest.mark.parametrize("seed", range(40))
def test_follows_on_grid_steps_matches_its_definition(seed: int) -> None:
    """Steps on a 4x4 grid, citing a few groups: sound steps (one round of singles, pairs or locked
    candidates, which the local rules settle without search) and random removals alike agree
    with brute force over the cited groups."""
    from cotforge.domains.csp_solve import _local

    rng = random.Random(seed)
    csp = _sudoku4(".... .... .... ....")
    before = [mask(rng.sample(range(4), rng.choice((1, 2, 2, 3, 4)))) for _ in range(16)]
    cons = rng.sample(range(12), rng.randint(1, 3))
    scope = sorted({v for ci in cons for v in csp.constraints[ci].vars})
    # brute force over the cited groups' cells; any candidate outside them stays possible
    possible = _brute(csp, [before[v] if v in scope else 1 << bits(before[v])[0] for v in range(16)], cons)
    free = {(v, x) for v in range(16) if v not in scope for x in bits(before[v])}
    steps = [propagate(csp, before, cons, hidden=rng.random() < 0.5, matching=False, pairs=rng.random() < 0.5)]
    steps.append([d & ~(1 << rng.choice(bits(d))) if rng.random() < 0.2 and d & (d - 1) else d for d in before])
    for after in steps:
        if after is None:
            continue
        expect = all(after[v] >> x & 1 for values in possible for v, x in enumerate(values) if v in scope)
        expect = expect and (not possible or all(after[v] >> x & 1 for v, x in free))
        assert follows(csp, before, after, cons) == expect
        if _local(csp, before, after, cons):
            assert expect


def test_settles_stops_at_the_target_and_agrees_with_the_closure() -> None:
    rng = random.Random(3)
    for _ in range(20):
        solution = [0, 1, 2, 3, 2, 3, 0, 1, 1, 0, 3, 2, 3, 2, 1, 0]
        grid = "".join(str(x + 1) if rng.random() < 0.45 else "." for x in solution)
        csp = _sudoku4(grid)
        for technique, hidden in (("naked", False), ("singles", True)):
            full = closure(csp, csp.domains, technique)
            for v in range(16):
                expect = full is not None and not full[v] & (full[v] - 1)
                assert settles(csp, csp.domains, v, hidden=hidden) == expect


def test_grade_of_settled_and_open_grids() -> None:
    naked = _sudoku4("12.. 34.. .... ....")
    assert grade(naked) is None  # far from settled: not even one guess is enough
    full = "1234 3412 2143 4321"
    assert grade(_sudoku4(full)) == "naked"
    assert grade(_sudoku4("1.34 3412 2143 4321")) == "naked"


def test_a_net_less_one_relation_reads_as_the_net_compiled_without_it() -> None:
    """``compiled_less`` drops relations one at a time from a futoshiki's signs: each net reads, per variable, the same
    relations in the same order as the net compiled afresh, and propagates any candidates to the same fixpoint; it is
    remembered for ``compiled``; a constraint that is not a chosen relation is refused."""
    from cotforge.domains.csp import Net, compiled, compiled_less
    from cotforge.generators.logic.futoshiki import _neighbours, futoshiki_csp, latin_square

    rng = random.Random(6)
    n = 5
    sol = latin_square(rng, n)
    signs = [(a, b) if sol[a] < sol[b] else (b, a) for a, b in _neighbours(n)]
    grid = futoshiki_csp(n, {}, signs)
    cons = list(range(len(grid.constraints)))
    for ci in rng.sample(range(2 * n, len(grid.constraints)), 20):
        cons = compiled_less(grid, cons, ci)
        less, fresh = compiled(grid, cons), Net(grid, cons)
        assert all([less.rels[r] for r in less.rels_of[v]] == [fresh.rels[r] for r in fresh.rels_of[v]] for v in range(n * n))
        for _ in range(5):
            doms = [1 << sol[v] if rng.random() < 0.3 else (1 << n) - 1 for v in range(n * n)]
            assert _fixed(less, doms) == _fixed(fresh, doms)
    with pytest.raises(ValueError, match="not a relation"):
        compiled_less(grid, cons, 0)


def _fixed(net, doms):  # type: ignore[no-untyped-def]
    from cotforge.domains.csp_solve import _fixpoint

    d = list(doms)
    return d if _fixpoint(net, d, True, True, True) else None


def test_a_net_less_a_clue_reads_as_the_net_compiled_without_it() -> None:
    """``Net.less`` on zebra's and seating's clues (unary and binary): per variable the same relations in the same
    order, the same unary sets and scope as the net compiled afresh without the clue; a variable only the clue
    mentioned leaves the scope, and an all-different group cannot be taken out that way."""
    from cotforge.core.registry import TASKS
    from cotforge.domains.csp import Net, compiled

    rng = random.Random(9)
    kinds = set()
    for task in ("zebra", "seating"):
        for level in (2, 4, 5):
            csp = Csp.from_payload(TASKS.get(task).from_level(level, seed=1).generate(0).data())
            cons = list(range(len(csp.constraints)))
            net = compiled(csp, cons)
            clues = [c for c in cons if csp.constraints[c].kind != "alldiff"]
            for ci in rng.sample(clues, min(6, len(clues))):
                net, cons = net.less(csp, ci), [c for c in cons if c != ci]
                fresh = Net(csp, cons)
                kinds.add(csp.constraints[ci].kind)
                assert sorted(net.unary) == sorted(fresh.unary) and net.scope == fresh.scope
                assert all([net.rels[r] for r in net.rels_of[v]] == [fresh.rels[r] for r in fresh.rels_of[v]]
                           for v in range(len(csp.var_names)))  # fmt: skip
    assert kinds == {"in", "rel"}
    loose = Csp(("a", "b", "c"), ("0", "1"), (3, 3, 3), (Constraint("rel", (0, 1), op="ne"), Constraint("in", (2,), allowed=1)))
    assert compiled(loose, None).less(loose, 1).scope == (0, 1) == Net(loose, [0]).scope
    with pytest.raises(ValueError, match="all-different"):
        compiled(csp, None).less(csp, 0)
