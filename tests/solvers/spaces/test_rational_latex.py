"""The rational space writes a move's LaTeX from its fractions' remembered trees (``rational.state_latex``), byte for
byte what the LaTeX reader makes of the state's text (issue 21): every move of the states walked from 250 generated
problems, and the reader's own route where a piece or an operation is outside it."""

from __future__ import annotations

import random
from collections.abc import Callable

from cotforge.core.registry import TASKS
from cotforge.domains import latex as latex_module
from cotforge.solvers.spaces import rational
from cotforge.solvers.spaces.rational import Frac, RationalSpace, RationalState, state_latex, state_text
from tests.solvers.spaces._algebra_walk import walk


def _children(space: RationalSpace, rng: random.Random) -> Callable[[RationalState], list[RationalState]]:
    def children(state: RationalState) -> list[RationalState]:
        if space.is_terminal(state):
            return []
        moves = space.propose(state, 3) + space.propose_wrong(state, 3, rng)
        return [RationalState(m.next_state.terms, m.next_state.ops) for m in moves]

    return children


def test_every_moves_latex_is_the_readers_latex_of_its_text() -> None:
    rng = random.Random(3)
    moves = fractions = 0
    for level in range(1, 6):
        generator = TASKS.get("rational_expression").from_level(level, seed=21)
        for i in range(50):
            space = RationalSpace(generator.generate(i))
            for state in walk(space.root(), lambda s: (s.terms, s.ops), _children(space, rng), 30):
                for move in space._uncached_options(state):
                    step, after = move[0].step, move[0].next_state
                    latex_module.latex.cache_clear()
                    assert step.latex == latex_module.latex(state_text(after.terms, after.ops)), step.state
                    moves += 1
                    fractions += sum(f.den != "1" for f in after.terms)
    assert moves > 5000 and fractions > 3000


def test_pieces_or_operations_outside_the_reader_take_its_route() -> None:
    cases = [((Frac("x $ 1", "1"),), ()), ((Frac("x + 1", "(x"),), ()), ((Frac("x", "1"), Frac("2", "1")), ("^",)),
             ((Frac("x", "1"), Frac("2", "x")), ("×",)), ((Frac("-x", "x - 1"), Frac("x/2", "1"), Frac("3", "1")), ("-", "*"))]
    for terms, ops in cases:
        assert state_latex(terms, ops) == latex_module.latex(state_text(terms, ops)), (terms, ops)
    assert rational.formula("x $ 1") is None
