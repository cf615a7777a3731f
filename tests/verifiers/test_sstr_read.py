"""The exact reader of sympy's printed formulas builds the expression the general reader builds, or declines."""

from __future__ import annotations

import random

import pytest
import sympy

from cotforge.core.registry import SPACES, TASKS
from cotforge.verifiers.math_parse import AnswerParseError, expression
from cotforge.verifiers.sstr_read import read_sstr, terms


def _general(text: str) -> str | None:
    try:
        return sympy.srepr(expression(text, {"x": sympy.Symbol("x")}, True, derivatives=True))
    except AnswerParseError:
        return None


def _texts() -> set[str]:
    """Every state of the integration space's sound chains and wrong moves, and each of their top-level terms."""
    out: set[str] = set()
    for level in range(1, 6):
        for i in range(4):
            problem = TASKS.get("integral").from_level(level, seed=21).generate(i)
            space = SPACES.get(problem.space)(problem)
            state, rng = space.root(), random.Random(i)
            for _ in range(40):
                if space.is_terminal(state):
                    break
                for move in [*space.propose_wrong(state, 5, rng), space.propose(state, 1)[0]]:
                    out.add(move.step.state)
                    out.update(piece for _, piece in terms(move.step.state) or ())
                state = space.propose(state, 1)[0].next_state
    return out


def test_the_reader_builds_the_general_readers_expression_on_the_space() -> None:
    texts = _texts()
    read = {t: read_sstr(t, ("x",), derivatives=True) for t in texts}
    assert sum(v is not None for v in read.values()) > 0.9 * len(texts)  # the route under test is the common one
    for text, value in read.items():
        if value is not None:
            assert sympy.srepr(value) == _general(text), text


@pytest.mark.parametrize("text", [
    "-x**4*log(x)/4", "x**(3/2)", "-2*x**(3/2) - 5*sin(x)", "2**x", "x**(-2)", "x**-2", "-3*x", "-(x + 1)*x",
    "(4*x - 3)*exp(4*x)/8", "Integral(x**3/4, x)", "Derivative(x**2, x)", "exp(-4*x - 2)", "sqrt(x)/2", "E*x + pi",
    "x/2/3", "2*3*x", "x**(2*x)", "-x**2", "1/x", "3", "-3", "x",
])
def test_the_reader_agrees_where_it_reads(text: str) -> None:
    value = read_sstr(text, ("x",), derivatives=True)
    assert value is not None and sympy.srepr(value) == _general(text)


@pytest.mark.parametrize("text", [
    "2**3", "x**2**3", "x**10000", "x**(999*999)", "exp(5)", "log(2)*x", "1/0", "x/0", "3x", "x  + 1", "x+1", "2 x", "y + x",
    "Integral(x, y)", "foo(x)", "x**", "(x + 1", "x + 1)", "", "007*x", "1" * 31 + "*x", "x^2", "x == 1", "Abs(x)",
    "Integral(x, x)",
])
def test_the_reader_declines_what_it_does_not_know(text: str) -> None:
    names = ("x",)
    value = read_sstr(text, names, derivatives=text != "Integral(x, x)")
    assert value is None
