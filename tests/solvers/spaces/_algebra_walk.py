"""The linear-equation states a test walks: reachable from the root by sound moves and wrong ones (a wrong move's
state with its slip flag cleared, so the walk goes on from it), depth first, each state once."""

from __future__ import annotations

import random
from collections.abc import Iterator

from cotforge.solvers.spaces.algebra import AlgebraSpace, Equation


def reachable(space: AlgebraSpace, limit: int, rng: random.Random, wrong: int) -> Iterator[Equation]:
    """At most ``limit`` states; each is yielded before its moves are asked (a test may clear the memos first)."""
    todo, seen = [space.root()], set()
    while todo and len(seen) < limit:
        state = todo.pop()
        if space.key(state) in seen:
            continue
        seen.add(space.key(state))
        yield state
        if not space.is_terminal(state):
            todo += [m.next_state for m in space._uncached_sound(state)]
            todo += [Equation(m.next_state.lhs, m.next_state.rhs) for m in space.propose_wrong(state, wrong, rng)]
