"""The number theory space's moves memoised by (numbers, state), written only when given, are the moves it builds
afresh (speed9, issue 21)."""

from __future__ import annotations

import random

import pytest

from cotforge.core.registry import TASKS
from cotforge.domains.numfacts import FactError, holds
from cotforge.solvers.spaces import number_theory
from cotforge.solvers.spaces.number_theory import NumberTheorySpace


def test_memoised_moves_are_the_moves_built_afresh() -> None:
    states = 0
    for level in range(1, 6):
        for index in range(3):
            problem = TASKS.get("number_theory").from_level(level, seed=4).generate(index)
            space = NumberTheorySpace(problem)
            todo, seen = [space.root()], set()
            while todo:
                state = todo.pop()
                if state in seen or space.is_terminal(state):
                    continue
                seen.add(state)
                try:
                    fresh = [space._written(m) for m in space._uncached_moves(state)]
                except ArithmeticError:  # a slip's state no sound move leaves (gcd(a, 0)): the memo raises the same
                    with pytest.raises(ArithmeticError):
                        space._moves(state)
                    continue
                assert [space._written(m) for m in space._moves(state)] == fresh
                assert [space._written(m) for m in NumberTheorySpace(problem)._moves(state)] == fresh
                assert space.propose(state, 2) == [m for m in fresh if not m.step.intended_wrong][:2]
                false = []
                for m in fresh:
                    try:
                        if m.step.intended_wrong and not holds(m.step.state):
                            false.append(m)
                    except FactError:
                        pass
                if not state.slipped:
                    rng_a, rng_b = random.Random(index), random.Random(index)
                    rng_b.shuffle(false)
                    assert space.propose_wrong(state, 3, rng_a) == false[:3]
                    assert rng_a.random() == rng_b.random()  # the same draws
                todo += [m.next_state for m in fresh]
                states += 1
    assert states > 100


def test_memo_is_bounded() -> None:
    number_theory._MOVES.clear()
    problem = TASKS.get("number_theory").from_level(3, seed=4).generate(0)
    space = NumberTheorySpace(problem)
    old = number_theory._MEMO_MAX
    try:
        number_theory._MEMO_MAX = 1
        space._moves(space.root())
        [move] = space.propose(space.root(), 1)
        space._moves(move.next_state)
        assert len(number_theory._MOVES) == 1
    finally:
        number_theory._MEMO_MAX = old
