"""The quantities space writes texts only for the wrong moves it gives: the same moves, and the same draws of the
rng, as writing every slip first (speed9, issue 21)."""

from __future__ import annotations

import random

from cotforge.core.registry import TASKS
from cotforge.core.space import Move
from cotforge.domains.arith import ArithError
from cotforge.solvers.spaces.quantities import KnownState, QuantitiesSpace


def _every_slip_written(space: QuantitiesSpace, state: KnownState, k: int, rng: random.Random) -> list[Move]:
    """``propose_wrong`` as it was (main 75caebe): every kept slip's move built, then shuffled."""
    if state.slipped or space.is_terminal(state):
        return []
    ready = space._ready(state)
    if not ready:
        return []
    q, values = rng.choice(ready), space._values(state)
    try:
        right = space._compute(q, values)
    except ArithError:
        return []
    whole = right.denominator == 1
    kept = []
    for shown, forced, kind in space._slips(q, values, rng):
        try:
            value = space._compute(shown, values) if forced is None else forced
        except ArithError:
            continue
        if value == right or (value < 0 and q.unit not in ("z", "q")) or (whole and value.denominator != 1) \
                or (q.unit == "p" and value > 1):
            continue
        if q.unit == "$" and (value * 100).denominator != 1:
            continue
        kept.append(space._move(state, q, value, shown, "compute", error_kind=kind))
    rng.shuffle(kept)
    return kept[:k]


def test_wrong_moves_are_those_of_every_slip_written() -> None:
    states = moves = 0
    for task in ("percentage", "probability", "sequence", "word_problem"):
        for level in range(1, 6):
            for index in range(3):
                space = QuantitiesSpace(TASKS.get(task).from_level(level, seed=9).generate(index))
                todo = [space.root()]
                while todo:
                    state = todo.pop()
                    if space.is_terminal(state):
                        continue
                    for k in (1, 3):
                        rng_a, rng_b = random.Random(states), random.Random(states)
                        given = space.propose_wrong(state, k, rng_a)
                        assert given == _every_slip_written(space, state, k, rng_b)
                        assert rng_a.random() == rng_b.random()
                        moves += len(given)
                    todo += [m.next_state for m in space.propose(state, 2)]
                    states += 1
    assert states > 150 and moves > 300
