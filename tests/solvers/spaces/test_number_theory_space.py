"""The number theory space writes a move's LaTeX only for the moves it gives: the same moves, and the same draws of
the rng, as writing every move first (speed9, issue 21)."""

from __future__ import annotations

import random

import pytest

from cotforge.core.registry import TASKS
from cotforge.domains.numfacts import FactError, holds
from cotforge.solvers.spaces.number_theory import NumberTheorySpace


def test_moves_given_are_those_of_every_move_written() -> None:
    states = given = 0
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
                    every = [space._written(m) for m in space._moves(state)]
                except ArithmeticError:  # a slip's state no move leaves (gcd(a, 0)): proposing raises the same
                    with pytest.raises(ArithmeticError):
                        space.propose(state, 1)
                    continue
                assert space.propose(state, 2) == [m for m in every if not m.step.intended_wrong][:2]
                false = []
                for m in every:
                    try:
                        if m.step.intended_wrong and not holds(m.step.state):
                            false.append(m)
                    except FactError:
                        pass
                if not state.slipped:
                    rng_a, rng_b = random.Random(index), random.Random(index)
                    rng_b.shuffle(false)
                    wrong = space.propose_wrong(state, 3, rng_a)
                    assert wrong == false[:3]
                    assert rng_a.random() == rng_b.random()  # the same draws
                    given += len(wrong)
                todo += [m.next_state for m in every]
                states += 1
    assert states > 100 and given > 100
