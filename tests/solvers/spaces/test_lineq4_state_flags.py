"""The algebra space's one-pass tests of a state (brackets, fractions, like terms, solved) against the expressions
they replace, on every state reachable from 25 problems by sound and wrong moves."""

from __future__ import annotations

import random

from tests.solvers.spaces._algebra_walk import reachable
from cotforge.core.registry import TASKS
from cotforge.domains.linform import Frac, Group, Mono, common_denominator, form, has_like_terms, is_plain
from cotforge.solvers.spaces.algebra import AlgebraSpace, Equation


def _old_has_like_terms(side: tuple) -> bool:  # type: ignore[type-arg]
    degrees = [t.deg for t in side if isinstance(t, Mono)]
    return len(degrees) != len(set(degrees))


def _old_heuristic(space: AlgebraSpace, state: Equation) -> float:
    sides = (state.lhs, state.rhs)
    fractions = any(isinstance(t, Frac) for s in sides for t in s)
    groups = any(isinstance(t, (Group, Frac)) for s in sides for t in s)
    (al, bl), (ar, _) = form(state.lhs), form(state.rhs)
    solved = state.lhs == (Mono(1, 1),) and len(state.rhs) == 1 and isinstance(state.rhs[0], Mono) and state.rhs[0].deg == 0
    return float(fractions + groups + any(_old_has_like_terms(s) for s in sides if is_plain(s)) + (al != 0 and ar != 0)
                 + (bl != 0 and al != 0) + (not solved))


def _old_has_sound(state: Equation) -> bool:
    if common_denominator(state.lhs, state.rhs) > 1 or any(isinstance(t, Group) for s in (state.lhs, state.rhs) for t in s):
        return True
    if _old_has_like_terms(state.lhs) or _old_has_like_terms(state.rhs):
        return True
    return form(state.lhs)[0] != 0 or form(state.rhs)[0] != 0


def test_one_pass_flags_agree_with_the_expressions_they_replace() -> None:
    checked = 0
    for level in range(1, 6):
        gen = TASKS.get("linear_equation").from_level(level, seed=21)
        rng = random.Random(level)
        for i in range(5):
            space = AlgebraSpace(gen.generate(i))
            for state in reachable(space, 80, rng, 5):
                for side in (state.lhs, state.rhs):
                    assert has_like_terms(side) == _old_has_like_terms(side)
                assert space.heuristic(state) == _old_heuristic(space, state)
                assert space._has_sound(state) == _old_has_sound(state)
                solved = state.lhs == (Mono(1, 1),) and len(state.rhs) == 1 and isinstance(state.rhs[0], Mono) and state.rhs[0].deg == 0
                assert (space._solved(state) is not None) == solved
                checked += 1
    assert checked >= 150
