"""The linear-equation space's terminal test without building moves agrees with the moves themselves."""

from __future__ import annotations

import random

import pytest

from tests.solvers.spaces._algebra_walk import reachable
from cotforge.core.registry import TASKS
from cotforge.solvers.spaces import algebra
from cotforge.solvers.spaces.algebra import AlgebraSpace


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_has_sound_agrees_with_the_sound_moves_on_reachable_states(level: int) -> None:
    gen = TASKS.get("linear_equation").from_level(level, seed=4)
    rng = random.Random(0)
    checked = 0
    for i in range(4):
        space = AlgebraSpace(gen.generate(i))
        for state in reachable(space, 80, rng, 3):
            algebra._SOUND.clear()  # asked cold: the shortcut must not lean on moves built before
            sound = space._uncached_sound(state)
            assert space._has_sound(state) == bool(sound), (state.lhs, state.rhs)
            checked += 1
    assert checked >= 40
