"""The slipped states' first sound move, written alone (``AlgebraSpace._first_sound``), is the first of all the sound
moves: the same step (texts, kind, labels) and the same next state, asked cold and after the full list is known."""

from __future__ import annotations

import random

import pytest

from tests.solvers.spaces._algebra_walk import reachable
from cotforge.core.registry import TASKS
from cotforge.solvers.spaces import algebra
from cotforge.solvers.spaces.algebra import AlgebraSpace, Equation


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_first_sound_is_the_first_of_the_sound_moves(level: int) -> None:
    gen = TASKS.get("linear_equation").from_level(level, seed=11)
    rng = random.Random(1)
    both = 0
    checked = 0
    for i in range(5):
        space = AlgebraSpace(gen.generate(i))
        for state in reachable(space, 60, rng, 3):
            slipped = Equation(state.lhs, state.rhs, True)
            algebra._SOUND.clear()
            algebra._FIRST.clear()
            cold = space.propose(slipped, 1)  # only the first move written
            sound = space._uncached_sound(state)
            warm = space.propose(slipped, 4)  # from the full list, once it is known
            algebra._SOUND.clear()
            assert len(cold) == len(warm) == min(1, len(sound))
            for a, b in zip(cold, warm):
                assert a.step == b.step == sound[0].step
                assert a.next_state == b.next_state == Equation(sound[0].next_state.lhs, sound[0].next_state.rhs, True)
            both += len(sound) > 1
            checked += 1
    assert checked >= 30
    if level >= 2:
        assert both  # states with the unknown on both sides, where two moves are offered
