"""The states a test walks: reachable from the root by sound moves and wrong ones (a wrong move's state with its slip
flag cleared, so the walk goes on from it), depth first, each state once."""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Iterator
from typing import TypeVar

from cotforge.solvers.spaces.algebra import AlgebraSpace, Equation

S = TypeVar("S")


def walk(root: S, key: Callable[[S], Hashable], children: Callable[[S], list[S]], limit: int) -> Iterator[S]:
    """At most ``limit`` states from ``root``, depth first, each once (by ``key``); each is yielded before its
    ``children`` are asked for (a test may clear the memos first)."""
    todo, seen = [root], set[Hashable]()
    while todo and len(seen) < limit:
        state = todo.pop()
        if key(state) in seen:
            continue
        seen.add(key(state))
        yield state
        todo += children(state)


def reachable(space: AlgebraSpace, limit: int, rng: random.Random, wrong: int) -> Iterator[Equation]:
    """A linear equation's states: its sound moves (built afresh) and ``wrong`` of its wrong ones."""

    def children(state: Equation) -> list[Equation]:
        if space.is_terminal(state):
            return []
        return [m.next_state for m in space._uncached_sound(state)] + [
            Equation(m.next_state.lhs, m.next_state.rhs) for m in space.propose_wrong(state, wrong, rng)]

    return walk(space.root(), space.key, children, limit)
