"""sudoku generator: one solution (by an independent brute force), levels that need what they say."""

from __future__ import annotations

import itertools

import pytest

from cotforge.domains.csp import Csp
from cotforge.domains.csp_grade import closure, solved
from cotforge.core.errors import ConfigError
from cotforge.generators.logic.sudoku import SudokuConfig, SudokuGenerator, full_grid


def _count(grid: list[int], n: int, br: int, bc: int, limit: int = 2) -> int:
    """Solutions of a grid (0 = blank, digits 1..n) by backtracking on the emptiest-choice cell,
    written apart from cotforge.core."""
    def options(i: int) -> set[int]:
        r, c = divmod(i, n)
        r0, c0 = r // br * br, c // bc * bc
        used = {grid[r * n + k] for k in range(n)} | {grid[k * n + c] for k in range(n)}
        used |= {grid[(r0 + a) * n + c0 + b] for a in range(br) for b in range(bc)}
        return set(range(1, n + 1)) - used

    def rec() -> int:
        blanks = [i for i, g in enumerate(grid) if g == 0]
        if not blanks:
            return 1
        i = min(blanks, key=lambda b: len(options(b)))
        total = 0
        for d in options(i):
            grid[i] = d
            total += rec()
            grid[i] = 0
            if total >= limit:
                break
        return total

    return rec()


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_one_solution_and_it_is_the_gold(level: int) -> None:
    gen = SudokuGenerator.from_level(level, seed=4)
    for i in range(1 if level >= 3 else 10):
        p = gen.generate(i)
        data = p.data()
        n = len(data["values"])
        br, bc = {4: (2, 2), 6: (2, 3), 9: (3, 3)}[n]
        grid = [d[0] + 1 if len(d) == 1 else 0 for d in data["domains"]]
        assert _count(list(grid), n, br, bc) == 1
        sol = [x + 1 for x in data["solution"]]
        assert all(g in (0, s) for g, s in zip(grid, sol))
        assert p.answer.split() == [str(x) for x in sol]


def test_levels_need_their_technique() -> None:
    expect = {1: ("naked", None), 2: ("singles", "naked"), 3: ("singles", "naked"), 4: ("pairs", "singles"),
              5: (None, "pairs")}  # fmt: skip
    for level, (enough, too_weak) in expect.items():
        p = SudokuGenerator.from_level(level, seed=9).generate(0)
        csp = Csp.from_payload(p.data())
        if enough:
            assert solved(closure(csp, csp.domains, enough))
        if too_weak:
            assert not solved(closure(csp, csp.domains, too_weak))
    assert len(SudokuGenerator.from_level(1).generate(0).data()["values"]) == 4
    assert len(SudokuGenerator.from_level(2).generate(0).data()["values"]) == 6


def test_full_grids_are_valid() -> None:
    import random

    for br, bc in ((2, 2), (2, 3), (3, 3)):
        n = br * bc
        g = full_grid(random.Random(1), br, bc)
        rows = [g[r * n : (r + 1) * n] for r in range(n)]
        assert all(sorted(r) == list(range(n)) for r in rows)
        assert all(sorted(col) == list(range(n)) for col in zip(*rows))
        for b0, c0 in itertools.product(range(0, n, br), range(0, n, bc)):
            assert sorted(rows[b0 + a][c0 + b] for a in range(br) for b in range(bc)) == list(range(n))


def test_full_grids_are_not_one_pattern_shuffled() -> None:
    """Shuffling bands, rows, stacks, columns and digits of one pattern keeps, in every band, the
    digit sets of the first box's mini-rows as the mini-rows of its other boxes; random fills
    almost never do (0 of 200 when measured), so solution grids come from many families."""
    import random

    def patterned(g: list[int]) -> bool:
        for band in range(3):
            sets = [{frozenset(g[(band * 3 + r) * 9 + b * 3 : (band * 3 + r) * 9 + b * 3 + 3]) for r in range(3)}
                    for b in range(3)]  # fmt: skip
            if sets[1] != sets[0] or sets[2] != sets[0]:
                return False
        return True

    rng = random.Random(4)
    grids = [full_grid(rng, 3, 3) for _ in range(40)]
    assert sum(patterned(g) for g in grids) <= 2
    assert len({tuple(g) for g in grids}) == 40


def test_bad_config_names_the_field() -> None:
    with pytest.raises(ConfigError, match="max_attempts"):
        SudokuConfig(max_attempts=0)
    with pytest.raises(ConfigError, match="level"):
        SudokuConfig(level=6)


def test_guess_level_splits_where_the_step_space_does() -> None:
    """Level 5: the techniques stall; the split the step space picks has two cases, one of which the
    techniques carry to the gold solution; the other has no solution (independent brute force)."""
    from cotforge.domains.csp_grade import split_choice

    for i in range(3):
        p = SudokuGenerator.from_level(5, seed=13).generate(i)
        csp = Csp.from_payload(p.data())
        d = closure(csp, csp.domains, "pairs")
        assert d is not None and not solved(d)
        v, outcomes = split_choice(csp, d)
        assert d[v].bit_count() == 2
        gold = p.data()["solution"]
        assert [o is not None and solved(o) for o in outcomes] == [x == gold[v] for x in range(9) if d[v] >> x & 1]
        grid = [d0[0] + 1 if len(d0) == 1 else 0 for d0 in p.data()["domains"]]
        assert _count(grid, 9, 3, 3) == 1


def test_pairs_level_uses_pairs_or_locked_candidates_in_its_steps() -> None:
    import json

    from cotforge.pipelines.recipe import SearchSettings
    from cotforge.pipelines.solve import solve_problem

    used = set()
    for i in range(2):
        row = solve_problem(SudokuGenerator.from_level(4, seed=5).generate(i), SearchSettings()).row
        assert row is not None
        used |= {json.loads(s["state"])["technique"] for s in row["steps"]}
    assert used & {"naked_pair", "locked_candidates"}


def test_same_seed_same_bytes() -> None:
    for level in (2, 5):
        a = SudokuGenerator.from_level(level, seed=31).generate(3)
        b = SudokuGenerator.from_level(level, seed=31).generate(3)
        assert (a.question, a.payload, a.metadata) == (b.question, b.payload, b.metadata)


def test_dig_singles_and_pairs_agree_with_the_general_closures() -> None:
    """The dig's counting check settles exactly the cells the general "singles" (and, given the
    grid's overlaps, "pairs") closure settles, and reaches the same fixpoint when it does not."""
    import random

    from cotforge.domains.csp import initial_candidates
    from cotforge.domains.csp_solve import settles
    from cotforge.generators.logic.sudoku import _blank, _singles, sudoku_csp

    rng = random.Random(2)
    for br, bc in ((2, 3), (3, 3)):
        n = br * bc
        blank, peers, _, cell_groups, members, overlaps = _blank(br, bc)
        for _ in range(8):
            solution = full_grid(rng, br, bc)
            grid = [x if rng.random() < 0.35 else None for x in solution]
            csp = sudoku_csp(grid, br, bc)
            cands = list(initial_candidates(csp))
            count = [0] * (len(members) * n)
            for g, cells in enumerate(members):
                for v in cells:
                    if grid[v] is None:
                        for x in range(n):
                            count[g * n + x] += cands[v] >> x & 1
            for technique, pairs in (("singles", None), ("pairs", overlaps)):
                full = closure(csp, csp.domains, technique)
                assert full is not None
                for target in rng.sample(range(n * n), 12):
                    out: list[int] = []
                    got = _singles(cands, count, grid, target, n, peers, cell_groups, members, out, pairs)
                    assert (got > 0) == settles(blank, cands, target, hidden=True, pairs=pairs is not None)
                    assert (got > 0) == (full[target].bit_count() == 1)
                    if not got:
                        assert out == full


def test_levels_4_and_5_keep_at_least_the_floor_of_givens() -> None:
    """Levels 4-5 drop a dig once it is down to the floor, so every kept grid has at least that
    many givens; the grids still have one solution (independent brute force)."""
    import json

    from cotforge.generators.logic.sudoku import _FLOOR

    for level in (4, 5):
        gen = SudokuGenerator.from_level(level, seed=21)
        for i in range(3):
            p = gen.generate(i)
            meta = json.loads(p.metadata)
            assert meta["givens"] >= _FLOOR
            grid = [d[0] + 1 if len(d) == 1 else 0 for d in p.data()["domains"]]
            assert sum(g != 0 for g in grid) == meta["givens"]
            assert _count(grid, 9, 3, 3) == 1


@pytest.mark.parametrize("level", [1, 3, 5])
def test_the_example_cell_name_fits_the_grid(level: int) -> None:
    """A 4x4 sudoku once said "r2c5 is row 2, column 5": the example cell must exist."""
    import re

    problem = SudokuGenerator.from_level(level, seed=1).generate(0)
    n = int(re.search(r"Solve this (\d+)x\d+ sudoku", problem.question).group(1))  # type: ignore[union-attr]
    row, col = map(int, re.search(r"r(\d+)c(\d+) is row", problem.question).groups())  # type: ignore[union-attr]
    assert 1 <= row <= n and 1 <= col <= n


def test_level_5_is_longer_than_level_4() -> None:
    import json

    four = [json.loads(SudokuGenerator.from_level(4, seed=3).generate(i).metadata)["givens"] for i in range(4)]
    five = [json.loads(SudokuGenerator.from_level(5, seed=3).generate(i).metadata)["givens"] for i in range(4)]
    assert min(four) >= 28 and max(five) <= 27
