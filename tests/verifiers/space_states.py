"""The state texts a step space writes for a few problems: sound moves and wrong moves, walked from the root, for
tests that compare a verifier's fast route with its general one on what the project really writes."""

from __future__ import annotations

import random

from cotforge.core.records import Problem
from cotforge.core.registry import SPACES, TASKS


def reachable_states(task: str, seed: int, per_level: int, max_states: int, wrong: int, rng_seed: int,
                     posed: str | None = None) -> list[tuple[Problem, str]]:  # fmt: skip
    """(problem, state text) of every move (``propose`` 1, ``propose_wrong`` ``wrong``) from up to ``max_states``
    states per problem, ``per_level`` problems of each level 1-5; with ``posed``, also the payload's posed text."""
    out = []
    for level in range(1, 6):
        generator = TASKS.get(task).from_level(level, seed=seed)
        for i in range(per_level):
            problem = generator.generate(i)
            space = SPACES.get(problem.space)(problem)
            todo, seen = [space.root()], set()
            while todo and len(seen) < max_states:
                state = todo.pop()
                if space.key(state) in seen:
                    continue
                seen.add(space.key(state))
                for move in space.propose(state, 1) + space.propose_wrong(state, wrong, random.Random(rng_seed)):
                    out.append((problem, move.step.state))
                    todo.append(move.next_state)
            if posed is not None:
                out.append((problem, problem.data()[posed]))
    return out
