"""``minimal_clues`` checks uniqueness a few times instead of after every clue: the same clues and the same generator
state after them as the check after every clue, whatever the draws and wherever uniqueness comes."""

from __future__ import annotations

import random

import pytest

from cotforge.domains.csp import Constraint
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
