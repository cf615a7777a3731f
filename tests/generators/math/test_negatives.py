"""Wrong moves of the eight tasks of the quantity, polynomial and calculus spaces: a catalogue of at
least three error kinds each, offered at every step position, each shown wrong by the step checker."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from cotforge.core.registry import SPACES, TASKS, VERIFIERS

TASKS_HERE = ("word_problem", "percentage", "probability", "sequence", "polynomial_expand", "polynomial_factor", "derivative", "integral")
NAMED = {"percentage": {"wrong_base"}, "probability": {"complement"}, "sequence": {"off_by_one"},
         "polynomial_expand": {"wrong_distribution", "sign_slip"}, "derivative": {"wrong_rule", "arithmetic_slip"}, "integral": {"wrong_rule"}}  # fmt: skip


@pytest.mark.parametrize("task", TASKS_HERE)
def test_error_kinds_positions_and_step_checks(task: str) -> None:
    verifier = VERIFIERS.get("math")
    kinds, positions = Counter(), Counter()
    for level in range(1, 6):
        for i in range(3):
            p = TASKS.get(task).from_level(level, seed=11).generate(i)
            space, rng = SPACES.get(p.space)(p), random.Random(i)
            state, n = space.root(), 0
            while not space.is_terminal(state):
                for move in space.propose_wrong(state, 10, rng):
                    assert move.step.intended_wrong and move.step.error_kind, move.step.text
                    assert verifier.check_steps(p, [move.step]) == [False], (task, move.step.text)
                    kinds[move.step.error_kind] += 1
                    positions[n] += 1
                state, n = space.apply(state, space.propose(state, 1)[0]), n + 1
    assert len(kinds) >= 3, kinds
    assert NAMED.get(task, set()) <= set(kinds), kinds
    assert len(positions) >= 3 and max(positions.values()) < sum(positions.values()), positions  # not only ever at one step

