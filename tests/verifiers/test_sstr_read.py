"""The exact reader of printed formulas against the general reader: the same expression on every text it reads
(the derivative and rational_expression tasks' reachable states and hand-made texts), None elsewhere, and the same step-check verdicts."""

from __future__ import annotations

import random

import pytest
import sympy

from cotforge.core.records import Step
from cotforge.core.registry import TASKS
from cotforge.verifiers import math_steps
from cotforge.verifiers.math import MathVerifier
from cotforge.verifiers.math_parse import AnswerParseError, expression
from cotforge.verifiers.sstr_read import read_sstr

X = sympy.Symbol("x")


def _general(text: str) -> sympy.Expr | None:
    try:
        return expression(text, {"x": X}, True, derivatives=True)
    except AnswerParseError:
        return None


def _derivative_states() -> list[tuple[object, str]]:
    """(problem, state text) of the steps and wrong steps the differentiation space writes, 4 problems per level."""
    from cotforge.solvers.spaces.calculus import DifferentiationSpace

    out = []
    for level in range(1, 6):
        generator = TASKS.get("derivative").from_level(level, seed=3)
        for i in range(4):
            problem = generator.generate(i)
            space = DifferentiationSpace(problem)
            todo, seen = [space.root()], set()
            while todo and len(seen) < 30:
                state = todo.pop()
                if space.key(state) in seen:
                    continue
                seen.add(space.key(state))
                for move in space.propose(state, 1) + space.propose_wrong(state, 5, random.Random(1)):
                    out.append((problem, move.step.state))
                    todo.append(move.next_state)
            out.append((problem, problem.data()["function"]))
    return out


def _rational_states() -> list[tuple[object, str]]:
    """(problem, state text) of the steps and wrong steps the rational space writes, 3 problems per level."""
    from cotforge.solvers.spaces.rational import RationalSpace

    out = []
    for level in range(1, 6):
        generator = TASKS.get("rational_expression").from_level(level, seed=3)
        for i in range(3):
            problem = generator.generate(i)
            space = RationalSpace(problem)
            todo, seen = [space.root()], set()
            while todo and len(seen) < 12:
                state = todo.pop()
                if space.key(state) in seen:
                    continue
                seen.add(space.key(state))
                for move in space.propose(state, 1) + space.propose_wrong(state, 5, random.Random(1)):
                    out.append((problem, move.step.state))
                    todo.append(move.next_state)
            out.append((problem, problem.data()["expression"]))
    return out


@pytest.mark.parametrize("task", ["derivative", "rational_expression"])
def test_reads_every_printed_state_as_the_general_reader_does(task: str) -> None:
    states = _derivative_states() if task == "derivative" else _rational_states()
    read = 0
    for _, text in states:
        fast = read_sstr(text, "x", derivatives=task == "derivative")
        if fast is not None:
            read += 1
            assert sympy.srepr(fast) == sympy.srepr(_general(text)), text
    assert read >= 0.9 * len(states)


@pytest.mark.parametrize("text", [
    "-2**2", "2**-1", "2**3**2", "-x**2 + 3*x - 1", "x/2/3", "1/0", "(x + 1)**(1/2)", "x**(-3/2)", "E*exp(2*x)",
    "sqrt(x**2 + 1)", "log(x)/x", "-(x - 1)*(x + 2)", "Derivative(sin(3*x + 1), x)*2", "+x - -x", "exp(x)**2",
    "2*x*Derivative(x**2*cos(x), x) - Derivative(exp(x)/x, x)",
])
def test_hand_made_texts_read_as_the_general_reader_reads_them(text: str) -> None:
    assert sympy.srepr(read_sstr(text, "x", derivatives=True)) == sympy.srepr(_general(text))


@pytest.mark.parametrize("text", [
    "2 x", "2 3", "007", "1.5*x", "x^2", "y + 1", "x(2)", "sin x", "tan(x)", "Derivative(x, y)", "Derivative(x**2, x",
    "x**x", "2**200", "(2**5)**3", "exp(1000)", "1234567*x", "(" * 25 + "x" + ")" * 25, "", "x +", "Integral(x, x)",
])
def test_texts_outside_the_printed_shape_are_left_to_the_general_reader(text: str) -> None:
    assert read_sstr(text, "x", derivatives=True) is None
    assert read_sstr("Derivative(x**2, x)", "x") is None  # pending derivatives only where asked for


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
