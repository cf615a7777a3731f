"""The arithmetic space writes its LaTeX from its trees and values, byte for byte what the LaTeX reader makes of the
printed text (small10x, issue 21): random trees, random workings, and every move of the states of 100 problems."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from cotforge.core.registry import TASKS
from cotforge.domains.arith import Bin, Neg, Node, Num, render
from cotforge.domains.latex import latex as reference_latex
from cotforge.solvers.spaces import arithmetic
from cotforge.solvers.spaces._small_arith_tex import tree_latex
from cotforge.solvers.spaces.arithmetic import ArithmeticSpace, _working


def _value(rng: random.Random) -> Fraction:
    top = rng.choice([0, 1, 2, 3, 7, 12, 45, 100, 1234]) * rng.choice([1, -1])
    return Fraction(top, rng.choice([1, 1, 1, 2, 3, 4, 6, 10]))


def _tree(rng: random.Random, depth: int) -> Node:
    roll = rng.random()
    if depth == 0 or roll < 0.3:
        return Num(_value(rng))
    if roll < 0.4:
        return Neg(_tree(rng, depth - 1))
    return Bin(rng.choice("+-*/^"), _tree(rng, depth - 1), _tree(rng, depth - 1))


def test_tree_latex_is_the_readers_latex_of_the_printed_tree() -> None:
    rng = random.Random(21)
    for _ in range(4000):
        node = _tree(rng, rng.randint(0, 4))
        assert tree_latex(node) == reference_latex(render(node, human=True)), render(node, human=True)


def test_workings_are_the_readers_latex_of_their_text() -> None:
    rng, written = random.Random(5), 0
    for _ in range(3000):
        a, b, result = _value(rng), _value(rng), _value(rng)
        for op in "+-*/^":
            if op == "^":
                b = Fraction(rng.randint(-3, 4))
            working = _working(rng.choice(["Add", "Inside the brackets, add"]), op, a, b, result)
            if working.tex is not None:
                written += 1
                assert working.tex == arithmetic._tex_working(working.text), working.text
    assert written == 15000  # every working the space's _working makes is written from its values


@pytest.fixture
def old_route(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def use() -> None:
        monkeypatch.setattr(arithmetic, "_words", lambda working: arithmetic._tex_working(working.text))
        monkeypatch.setattr(arithmetic, "_expression_tex", lambda node: reference_latex(render(node, human=True)))
    return use


def test_every_move_is_the_move_of_the_old_route(old_route) -> None:  # type: ignore[no-untyped-def]
    spaces = [ArithmeticSpace(TASKS.get("arithmetic_expression").from_level(level, seed=seed).generate(index))
              for level in range(1, 6) for seed in (3, 11) for index in range(10)]
    states = []
    for space in spaces:
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
    assert len(states) > 600 and sum(len(sound) + len(wrong) for sound, wrong in new) > 3000
