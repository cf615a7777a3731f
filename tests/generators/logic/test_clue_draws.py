"""``minimal_clues`` checks uniqueness a few times instead of after every clue: the same clues and the same generator
state after them as the check after every clue, whatever the draws and wherever uniqueness comes."""

from __future__ import annotations

import random

import pytest

from cotforge.domains.csp import Constraint, Csp
from cotforge.generators.logic import _clue_draws
from cotforge.generators.logic._clue_draws import first_unique, minimal_clues


def _one_by_one(rng: random.Random, draw, unique, max_draws: int) -> list[Constraint] | None:  # type: ignore[no-untyped-def]
    """The reference: a check after every clue drawn."""
    clues: list[Constraint] = []
    for _ in range(max_draws):
        clue = draw(clues)
        if clue is None:
            continue
        clues.append(clue)
        if unique(clues):
            return clues
    return None


def _puzzle(seed: int, size: int):  # type: ignore[no-untyped-def]
    """A draw (a clue names a variable, or does not fit; a repeat does not fit) and a uniqueness test (every variable
    named, or ``size`` clues of one parity): monotone in the clues, as a solve is."""

    def draw(rng: random.Random):  # type: ignore[no-untyped-def]
        def one(clues: list[Constraint]) -> Constraint | None:
            v = rng.randrange(size + 3)
            if v >= size or any(c.vars == (v,) for c in clues):
                return None
            return Constraint("in", (v,), allowed=1)

        return one

    def unique(clues: list[Constraint]) -> bool:
        named = {c.vars[0] for c in clues}
        return len(named) == size or sum(1 for v in named if v % 2) >= max(1, size // 2 + seed % 3)

    return draw, unique


@pytest.mark.parametrize("seed", range(60))
def test_the_same_clues_and_draws_as_a_check_after_every_clue(seed: int) -> None:
    size = 3 + seed % 17
    make, unique = _puzzle(seed, size)
    max_draws = 5 + seed % 40
    calls = {"n": 0}

    def counted(clues: list[Constraint]) -> bool:
        calls["n"] += 1
        return unique(clues)

    fast_rng, slow_rng = random.Random(seed), random.Random(seed)
    fast = first_unique(fast_rng, make(fast_rng), counted, max_draws)
    slow = _one_by_one(slow_rng, make(slow_rng), unique, max_draws)
    assert fast == slow
    assert fast_rng.random() == slow_rng.random()  # the generator goes on from the same state
    if slow is not None and len(slow) > 2 * _clue_draws.FIRST_CHECK:
        assert calls["n"] < len(slow)


def test_minimal_clues_drops_what_uniqueness_does_not_need() -> None:
    make, unique = _puzzle(0, 8)
    rng = random.Random(3)
    clues = minimal_clues(rng, make(rng), unique, 200)
    assert clues is not None and unique(clues)
    assert all(not unique([c for c in clues if c is not clue]) for clue in clues)


def test_no_clues_when_the_draws_run_out() -> None:
    rng = random.Random(1)
    assert minimal_clues(rng, lambda clues: None, lambda clues: True, 50) is None


def test_unique_solution_agrees_with_a_solve_of_each_puzzle() -> None:
    """``UniqueSolution`` names a list of clues by index in one compiled puzzle; its answer is a fresh puzzle's solve
    to two, for the lists ``minimal_clues`` asks about (prefixes, all but one) and for clues it has not seen."""
    from cotforge.domains.csp_solve import solve
    from cotforge.core.registry import TASKS
    from cotforge.generators.logic._clue_draws import UniqueSolution, with_clues

    rng = random.Random(3)
    asked = rebuilt = 0
    for seed in range(3):
        problem = TASKS.get("zebra").from_level(3, seed=seed).generate(0)
        whole = Csp.from_payload(problem.data())
        base_count = sum(1 for c in whole.constraints if not c.label.startswith("clue "))
        base = Csp(whole.var_names, whole.value_names, whole.domains, whole.constraints[:base_count], whole.layout)
        clues = list(whole.constraints[base_count:])
        check = UniqueSolution(base)
        for subset in ([clues] + [clues[:k] for k in range(1, len(clues) + 1)] + [clues[:i] + clues[i + 1:] for i in range(len(clues))]
                       + [rng.sample(clues, rng.randrange(1, len(clues) + 1)) for _ in range(10)]):  # fmt: skip
            held = check.csp
            assert check(subset) == (len(solve(with_clues(base, subset), limit=2)) == 1)
            asked += 1
            rebuilt += check.csp is not held
        assert check(clues) and not check(clues[:-1] if len(clues) > 1 else [])  # the puzzle's clues are minimal
        held = check.csp
        fresh = [Constraint(c.kind, c.vars, c.op, c.allowed, c.arg, c.label, c.text) for c in clues[1:]]
        assert not check(fresh) and check.csp is not held  # clues it has not seen (equal or not): compiled again
    assert asked > 60 and rebuilt == 3  # compiled once per puzzle: every later list holds only clues it has seen


@pytest.mark.parametrize("task", ["zebra", "seating"])
def test_a_net_extended_by_clues_is_the_net_of_the_whole_list(task: str) -> None:
    """``Net.extended`` adds clues to the base's compiled net; every part equals the net compiled from the base and the
    clues in one go, for prefixes and shuffled subsets of real puzzles' clues (seating's tables have wrapping
    relations). An all-different group cannot be added that way."""
    from cotforge.core.registry import TASKS
    from cotforge.domains.csp import RELATIONS, Net, compiled

    rng = random.Random(7)
    compared = 0
    for level in (1, 3, 5):
        for seed in range(4):
            whole = Csp.from_payload(TASKS.get(task).from_level(level, seed=seed).generate(0).data())
            base_count = sum(1 for c in whole.constraints if not c.label.startswith("clue "))
            base = Csp(whole.var_names, whole.value_names, whole.domains, whole.constraints[:base_count], whole.layout)
            clue_ids = list(range(base_count, len(whole.constraints)))
            for chosen in [clue_ids, clue_ids[:2], rng.sample(clue_ids, len(clue_ids) // 2 + 1), []]:
                got = compiled(base, None).extended(whole, chosen)
                want = Net(whole, [*range(base_count), *chosen])
                for part in Net.__slots__:
                    if part != "overlaps":
                        assert getattr(got, part) == getattr(want, part), (task, level, seed, part)
                compared += 1
            with pytest.raises(ValueError, match="all-different"):
                compiled(base, None).extended(whole, [0])
            for against in clue_ids:  # a clue added negated: what it rules out, and nothing it allows
                c, full = whole.constraints[against], (1 << len(whole.value_names)) - 1
                net = compiled(base, None).extended(whole, [], against=against)
                if c.kind == "in":
                    assert net.unary[-1] == (c.vars[0], full & ~c.allowed)
                else:
                    x, y, sx, sy, _, _ = net.rels[-1]
                    m = len(whole.value_names)
                    assert (x, y) == c.vars and all(bool(sx[a] >> b & 1) != RELATIONS[c.op](a, b, c.arg) for a in range(m) for b in range(m))
    assert compared == 48


@pytest.mark.parametrize("task", ["zebra", "seating"])
def test_unique_without_a_clue_agrees_with_a_solve_to_two_of_the_rest(task: str) -> None:
    """``UniqueSolution.without`` (a solve to one with the dropped clue negated) says what a solve to two of the other
    clues says, for every clue of unique lists: real puzzles' clues, which are all needed, with true clues added that
    may or may not be (a value allowed with one other, two variables that differ or are ordered as in the solution)."""
    from cotforge.core.registry import TASKS
    from cotforge.domains.csp_solve import solve
    from cotforge.generators.logic._clue_draws import UniqueSolution

    rng = random.Random(11)
    said = {True: 0, False: 0}
    for level in range(1, 6):
        for seed in range(3):
            problem = TASKS.get(task).from_level(level, seed=seed).generate(0)
            whole = Csp.from_payload(problem.data())
            base_count = sum(1 for c in whole.constraints if not c.label.startswith("clue "))
            base = Csp(whole.var_names, whole.value_names, whole.domains, whole.constraints[:base_count], whole.layout)
            solution = solve(whole, limit=2)
            assert len(solution) == 1
            sol = solution[0]
            n, m = len(sol), len(whole.value_names)
            extra = []
            for _ in range(4):
                v, w = rng.sample(range(n), 2)
                other = rng.choice([x for x in range(m) if x != sol[v]])
                extra.append(Constraint("in", (v,), allowed=1 << sol[v] | 1 << other))
                if sol[v] != sol[w]:
                    extra.append(Constraint("rel", (v, w), op="ne" if rng.random() < 0.5 else ("lt" if sol[v] < sol[w] else "ne")))
            clues = list(whole.constraints[base_count:]) + extra
            rng.shuffle(clues)
            check = UniqueSolution(base)
            assert check(clues)
            for clue in clues:
                rest = [c for c in clues if c is not clue]
                got = check.without(clues, clue)
                assert got == check(rest), (task, level, seed, clue)
                said[got] += 1
            for clue in rng.sample(clues, len(clues)):  # as ``minimal_clues`` drops them: each list the one left
                rest = [c for c in clues if c is not clue]
                got = check.without(clues, clue)
                assert got == check(rest), (task, level, seed, clue)
                if got:
                    clues = rest
    assert said[True] > 20 and said[False] > 20, said


@pytest.mark.parametrize("task", ["futoshiki", "zebra", "seating", "sudoku", "graph_coloring"])
def test_compiled_nets_equal_nets_compiled_whole(task: str) -> None:
    """``compiled`` builds all-different groups followed by other constraints as the groups' net extended; every part
    equals the net compiled in one go, for the whole puzzle and for subsets in and out of that order."""
    from cotforge.core.registry import TASKS
    from cotforge.domains.csp import Net, compiled

    rng = random.Random(5)
    for level in (1, 3, 5):
        csp = Csp.from_payload(TASKS.get(task).from_level(level, seed=2).generate(0).data())
        ids = list(range(len(csp.constraints)))
        groups = [ci for ci in ids if csp.constraints[ci].kind == "alldiff"]
        others = [ci for ci in ids if csp.constraints[ci].kind != "alldiff"]
        for chosen in [ids, groups + rng.sample(others, len(others) // 2), rng.sample(ids, len(ids)), others, groups]:
            got, want = compiled(csp, chosen), Net(csp, chosen)
            for part in Net.__slots__:
                if part != "overlaps":
                    assert getattr(got, part) == getattr(want, part), (task, level, part)
