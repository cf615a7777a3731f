"""The exact reader of sympy's printed formulas builds the expression the general reader builds, or declines: on the
integral, derivative and rational_expression spaces' states and on hand-made texts; and the step checks that use it
give the general route's verdicts."""

from __future__ import annotations

import random

import pytest
import sympy

from cotforge.core.records import Problem, Step
from cotforge.core.registry import SPACES, TASKS
from cotforge.verifiers import math_steps
from cotforge.verifiers.math import MathVerifier
from cotforge.verifiers.math_parse import AnswerParseError, expression
from cotforge.verifiers.sstr_read import read_sstr, terms
from space_states import reachable_states  # beside this file


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
    "x/2/3", "2*3*x", "x**(2*x)", "-x**2", "1/x", "3", "-3", "x", "-x**2 + 3*x - 1", "(x + 1)**(1/2)", "x**(-3/2)",
    "E*exp(2*x)", "sqrt(x**2 + 1)", "log(x)/x", "-(x - 1)*(x + 2)", "Derivative(sin(3*x + 1), x)*2", "exp(x)**2",
    "2*x*Derivative(x**2*cos(x), x) - Derivative(exp(x)/x, x)", "tan(x)", "x**x", "1234567*x",
])
def test_the_reader_agrees_where_it_reads(text: str) -> None:
    value = read_sstr(text, ("x",), derivatives=True)
    assert value is not None and sympy.srepr(value) == _general(text)


@pytest.mark.parametrize("text", [
    "2**3", "x**2**3", "x**10000", "x**(999*999)", "exp(5)", "log(2)*x", "1/0", "x/0", "3x", "x  + 1", "x+1", "2 x", "y + x",
    "Integral(x, y)", "foo(x)", "x**", "(x + 1", "x + 1)", "", "007*x", "1" * 31 + "*x", "x^2", "x == 1", "Abs(x)",
    "Integral(x, x)", "-2**2", "2**-1", "2**3**2", "+x - -x", "2 3", "1.5*x", "y + 1", "x(2)", "sin x", "Derivative(x, y)",
    "Derivative(x**2, x", "2**200", "(2**5)**3", "exp(1000)", "(" * 25 + "x" + ")" * 25, "x +",
])
def test_the_reader_declines_what_it_does_not_know(text: str) -> None:
    names = ("x",)
    value = read_sstr(text, names, derivatives=text != "Integral(x, x)")
    assert value is None
    assert read_sstr("Derivative(x**2, x)", names) is None  # pending work only where asked for


def _derivative_states() -> list[tuple[Problem, str]]:
    return reachable_states("derivative", seed=3, per_level=4, max_states=30, wrong=5, rng_seed=1, posed="function")


def _rational_states() -> list[tuple[Problem, str]]:
    return reachable_states("rational_expression", seed=3, per_level=3, max_states=12, wrong=5, rng_seed=1, posed="expression")


@pytest.mark.parametrize("task", ["derivative", "rational_expression"])
def test_the_reader_builds_the_general_readers_expression_on_the_calculus_and_rational_spaces(task: str) -> None:
    states = _derivative_states() if task == "derivative" else _rational_states()
    read = 0
    for _, text in states:
        fast = read_sstr(text, ("x",), derivatives=task == "derivative")
        if fast is not None:
            read += 1
            assert sympy.srepr(fast) == _general(text), text
    assert read >= 0.9 * len(states)


@pytest.mark.parametrize("task", ["derivative", "rational_expression"])
def test_step_check_verdicts_are_the_general_routes(task: str, monkeypatch: pytest.MonkeyPatch) -> None:
    states = (_derivative_states() if task == "derivative" else _rational_states())[::3]
    verifier = MathVerifier()

    def verdicts() -> list[bool | None]:
        math_steps._VERDICTS.clear()
        math_steps._SAME_DERIVATIVE.clear()
        return [verifier.check_steps(problem, [Step("", text, "")])[0] for problem, text in states]  # type: ignore[arg-type]

    fast = verdicts()
    monkeypatch.setattr(math_steps, "read_sstr", lambda *args, **kwargs: None)
    assert fast == verdicts()
    assert True in fast and False in fast
