"""The quantities space writes each number of a step once and its label's LaTeX once per label (small10x, issue 21):
byte for byte ``working``, ``working_latex`` and ``sentence_latex``, on random quantities and on every move of the
states of 120 problems."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from cotforge.core.registry import TASKS
from cotforge.domains.quantities import Quantity, working, working_latex
from cotforge.solvers.spaces import quantities
from cotforge.solvers.spaces._small_quant_texts import workings
from cotforge.solvers.spaces.quantities import QuantitiesSpace, sentence_latex


def test_workings_are_the_domains_texts() -> None:
    rng = random.Random(8)
    values = [Fraction(n, d) for n in (-25, -3, -1, 0, 1, 2, 3, 7, 12, 125, 1999) for d in (1, 2, 3, 4, 8, 20, 100, 7)]
    for _ in range(6000):
        op = rng.choice(["+", "-", "*", "/", "^", "C", "P"])
        units = {"q1": rng.choice(["", "$", "dec", "p", "z"]), "q2": rng.choice(["", "$", "dec", "p", "z"])}
        args = (rng.choice(["q1", 3, "25/2"]), rng.choice(["q2", 2, "1/4", -1]))
        q = Quantity("q3", op, args, "the total", rng.choice(["", "$", "dec", "p"]))
        known = {"q1": rng.choice(values), "q2": rng.choice(values)}
        result = rng.choice(values)
        assert workings(q, known, result, units) == (working(q, known, result, units), working_latex(q, known, result, units))


@pytest.fixture
def old_route(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def use() -> None:
        def texts(q, shown, values, value, units):  # type: ignore[no-untyped-def]
            return working(shown, values, value, units), sentence_latex(q, working_latex(shown, values, value, units))
        monkeypatch.setattr(quantities, "_texts", texts)
    return use


def test_every_move_is_the_move_of_the_old_route(old_route) -> None:  # type: ignore[no-untyped-def]
    states = []
    for task in ("percentage", "probability", "sequence", "word_problem"):
        for level in range(1, 6):
            for index in range(6):
                space = QuantitiesSpace(TASKS.get(task).from_level(level, seed=13).generate(index))
                todo = [space.root()]
                while todo:
                    state = todo.pop()
                    if not space.is_terminal(state):
                        states.append((space, state))
                        todo += [m.next_state for m in space.propose(state, 2)]

    def moves() -> list:
        return [(space.propose(state, 10), space.propose_wrong(state, 10, random.Random(i))) for i, (space, state) in enumerate(states)]

    new = moves()
    old_route()
    assert new == moves()
    assert len(states) > 500 and sum(len(wrong) for _, wrong in new) > 500
