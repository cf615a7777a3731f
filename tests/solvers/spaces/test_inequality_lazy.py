"""The inequality space writes only what is asked: a slipped state's drafts are its sound move alone (the wrong ones
are never offered from it), and a move is built (LaTeX, step, state) only when it is offered. Both against the eager
route: the sound move first of every draft, and the wrong moves ``propose_wrong`` offers those it offered when every
move was built first and then filtered and shuffled."""

from __future__ import annotations

import random

from cotforge.solvers.spaces import inequality
from cotforge.solvers.spaces._ineq_general import general_drafts
from cotforge.solvers.spaces._ineq_moves import exact_drafts
from cotforge.solvers.spaces._ineq_sets import NotExact
from cotforge.solvers.spaces._ineq_state import answerable, same_set
from tests.solvers.spaces._ineq_walk import inequality_states


def _walk(seed: int, per_level: int = 5, max_states: int = 40) -> list[tuple[inequality.InequalitySpace, inequality.IneqState]]:
    """Every state that is not terminal, reached by the sound and raw wrong moves, slipped ones apart from sound ones."""
    return list(inequality_states(seed, per_level, max_states, key=lambda s: s, keep=lambda space, s: not space.is_terminal(s)))


def test_sound_only_drafts_are_the_first_draft() -> None:
    walked = _walk(seed=31)
    assert sum(state.slipped for _, state in walked) > 200
    checked = 0
    for _, state in walked:
        try:
            full = exact_drafts(state.parts)
        except NotExact:
            full = general_drafts(state.parts)
            continue
        assert exact_drafts(state.parts, wrong_too=False) == full[:1], state.parts
        assert all(error for *_, error in full[1:]) and not any(error for *_, error in full[:1]), state.parts
        checked += len(full) > 1
    assert checked > 300


def test_offered_moves_are_the_eager_routes() -> None:
    inequality._MOVES.clear()
    walked = _walk(seed=32)
    offered = 0
    for space, state in walked:
        every = space._moves(state)  # each built, as the space built them all before
        sound = [m for m, wrong in every if not wrong][:1]
        assert [(m.step, m.next_state) for m in space.propose(state, 1)] == [(m.step, m.next_state) for m in sound]
        kept = [m for m, wrong in every if wrong and not same_set(m.next_state.parts, state.parts) and answerable(m.next_state.parts)]
        expected = [] if state.slipped else kept
        random.Random(len(state.parts) + offered).shuffle(expected)
        found = space.propose_wrong(state, 2, random.Random(len(state.parts) + offered))
        assert [(m.step, m.next_state) for m in found] == [(m.step, m.next_state) for m in expected[:2]], state
        offered += len(found)
    assert offered > 60
