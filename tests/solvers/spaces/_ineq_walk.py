"""The inequality states a test walks: from ``per_level`` problems of each level, the states reached by the space's
sound and raw wrong moves (``_moves``), depth first, each once, at most ``max_states`` a problem."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from cotforge.core.registry import SPACES, TASKS
from cotforge.solvers.spaces.inequality import IneqState, InequalitySpace
from tests.solvers.spaces._algebra_walk import walk


def inequality_states(seed: int, per_level: int, max_states: int, key: Callable[[IneqState], object] = lambda s: s.parts,
                      keep: Callable[[InequalitySpace, IneqState], bool] = lambda space, s: True,
                      past_terminal: bool = False) -> Iterator[tuple[InequalitySpace, IneqState]]:  # fmt: skip
    """(space, state) pairs, states told apart by ``key``; a state ``keep`` refuses is neither yielded nor walked on
    from (nor counted); a terminal state's moves are walked only ``past_terminal``."""
    for level in range(1, 6):
        generator = TASKS.get("inequality").from_level(level, seed=seed)
        for i in range(per_level):
            space = SPACES.get("inequality")(generator.generate(i))

            def children(state: IneqState, space: InequalitySpace = space) -> list[IneqState]:
                if not past_terminal and space.is_terminal(state):
                    return []
                return [m.next_state for m, _ in space._moves(state) if keep(space, m.next_state)]

            for state in walk(space.root(), key, children, max_states):
                yield space, state
