"""The arithmetic space writes texts only for the wrong moves it gives: the same moves as building every slip's
texts first (speed9, issue 21)."""

from __future__ import annotations

import random

from cotforge.core.registry import TASKS
from cotforge.core.space import Move
from cotforge.domains.arith import ArithError, evaluate, render
from cotforge.domains.latex import latex as reference_latex
from cotforge.solvers.spaces.arithmetic import ArithmeticSpace, ArithState


def _every_slip_written(space: ArithmeticSpace, state: ArithState, k: int, rng: random.Random) -> list[Move]:
    """The wrong moves as the space gave them before: every slip's move built, those that change the value kept,
    shuffled, the first ``k``."""
    truth = evaluate(state.node)
    moves = [space._to(state, s.node, s.text, "compute", s.kind) for s in space._precedence_slips(state) + space._operation_slips(state)]
    kept = []
    for move in moves:
        try:
            if evaluate(move.next_state.node) != truth:
                kept.append(move)
        except ArithError:
            continue
    rng.shuffle(kept)
    return kept[:k]


def test_wrong_moves_are_those_of_every_slip_written() -> None:
    states = moves = 0
    for level in range(1, 6):
        for index in range(4):
            space = ArithmeticSpace(TASKS.get("arithmetic_expression").from_level(level, seed=9).generate(index))
            todo = [space.root()]
            while todo:
                state = todo.pop()
                if space.is_terminal(state):
                    continue
                for k in (1, 3, 10):
                    given = space.propose_wrong(state, k, random.Random(states))
                    assert given == _every_slip_written(space, state, k, random.Random(states))
                    moves += len(given)
                for move in given:
                    assert move.step.latex == reference_latex(render(move.next_state.node, human=True))
                todo += [m.next_state for m in space.propose(state, 2)]
                states += 1
    assert states > 100 and moves > 300
