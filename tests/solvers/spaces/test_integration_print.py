"""The integration space's remembering printer writes what ``sympy.sstr`` writes."""

from __future__ import annotations

import random

import pytest
import sympy

from cotforge.core.registry import SPACES, TASKS
from cotforge.solvers.spaces import integration
from cotforge.solvers.spaces._integration_print import sstr

X = sympy.Symbol("x")


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_same_text_as_sstr_on_the_space_states(level: int) -> None:
    seen = 0
    for i in range(4):
        problem = TASKS.get("integral").from_level(level, seed=29).generate(i)
        space = SPACES.get(problem.space)(problem)
        todo, done = [space.root()], set()
        while todo and len(done) < 40:
            state = todo.pop()
            if state in done:
                continue
            done.add(state)
            for expr in (state.expr, *sympy.preorder_traversal(state.expr)):
                assert sstr(expr) == sympy.sstr(expr)
                seen += 1
            todo += [m.next_state for m in space.propose(state, 1) + space.propose_wrong(state, 5, random.Random(i))]
    assert seen > 100


@pytest.mark.parametrize("text", [
    "2.50000000000000*x + 1", "x + 2.0", "Float('0.1', 30)*x", "x + 2", "2*x**(3/2)", "-x", "-(x + 1)/3",
    "exp(-x)*sin(2*x)/4 - Integral(x*exp(x), x)", "x**(-2) + 1/x", "Rational(1, 3)*x + Float(0.25)", "-oo", "zoo*x",
    "sqrt(2)*x + pi", "E**x", "x*y - y*x + z", "Abs(x - 1) + tan(x)", "(x + 1)**Rational(3, 2)",
])
def test_same_text_as_sstr_on_hand_made_expressions(text: str) -> None:
    expr = sympy.sympify(text)
    assert sstr(expr) == sympy.sstr(expr)
    for node in sympy.preorder_traversal(expr):  # a node printed inside first, then alone: a Float's digits differ
        assert sstr(node) == sympy.sstr(node)
    assert sstr(expr) == sympy.sstr(expr)


def test_integer_and_float_keep_their_texts() -> None:
    a, b = X + sympy.Integer(2), X + sympy.Float(2)
    assert (sstr(a), sstr(b)) == (sympy.sstr(a), sympy.sstr(b))
    assert sstr(a) != sstr(b)


def test_the_space_prints_with_it() -> None:
    assert integration._sstr.__wrapped__ is sstr
