"""The integral step check read term by term gives the derivative, and the verdict, of the whole-state route."""

from __future__ import annotations

import random

import pytest
import sympy

from cotforge.core.memo import Memo
from cotforge.core.registry import SPACES, TASKS, VERIFIERS
from cotforge.verifiers import integral_steps, math_read, math_steps, sstr_read
from cotforge.verifiers.math_parse import AnswerParseError, expression


def _states(level: int, n: int = 4) -> list[tuple[object, list]]:
    """(problem, steps): the integration space's sound chain with its wrong moves at every state."""
    out = []
    for i in range(n):
        problem = TASKS.get("integral").from_level(level, seed=13).generate(i)
        space = SPACES.get(problem.space)(problem)
        state, rng, steps = space.root(), random.Random(i), []
        while not space.is_terminal(state) and len(steps) < 60:
            steps += [m.step for m in space.propose_wrong(state, 5, rng)]
            move = space.propose(state, 1)[0]
            steps.append(move.step)
            state = move.next_state
        out.append((problem, steps))
    return out


def _whole(state: str) -> sympy.Expr | None:
    x = sympy.Symbol("x")
    try:
        return sympy.diff(expression(state, {"x": x}, True, derivatives=True), x)
    except AnswerParseError:
        return None


def _slope(state: str) -> sympy.Expr | None:
    try:
        return integral_steps.state_slope(state, ("x",))
    except AnswerParseError:
        return None


@pytest.mark.parametrize("level", [1, 3, 5])
def test_term_by_term_is_the_whole_states_derivative_on_the_space(level: int) -> None:
    states = {s.state for _, steps in _states(level) for s in steps}
    split = [s for s in states if (t := sstr_read.terms(s)) is not None and len(t) > 1]
    assert len(split) > len(states) / 2  # the route under test is the one most states take
    for state in states:
        assert sympy.srepr(_slope(state)) == sympy.srepr(_whole(state)), state


@pytest.mark.parametrize("state", [
    "3*x + 2*x",  # like terms collect: the whole route decides
    "x**2 - x**2 + 1",
    "3*(x + 1) + x",  # a term that is itself a sum
    "x - -3", "x -3", "2 x + 1", "x**-2 + 1", "-Integral(x, x) - 2*x", "x + ", "sin(x) + (x", "x) + (2",
    "x + 1/0", "x + foo(x)", "-3*Integral(sqrt(x), x) - 3*Integral(x**2, x) - 5*Integral(cos(x), x)",
    "x**4*log(x)/4 + 127*x**4/16 - 3*exp(x) - Integral(x**3/4, x)", "(4*x - 3)*exp(4*x)/8 + 2", "5 + 7 - 2",
])
def test_term_by_term_agrees_on_other_shapes(state: str) -> None:
    assert sympy.srepr(_slope(state)) == sympy.srepr(_whole(state))


def test_terms_split_only_sums_as_sympy_prints_them() -> None:
    assert sstr_read.terms("-2*x**(3/2) - 5*sin(x) + 3*Integral(x**2, x)") == [
        (False, "-2*x**(3/2)"), (True, "5*sin(x)"), (False, "3*Integral(x**2, x)")]
    assert sstr_read.terms("(4*x - 3)*exp(4*x)/8") == [(False, "(4*x - 3)*exp(4*x)/8")]
    for other in ["x - -3", "2 x + 1", "x**-2 + 1", "x +", "x) + (2", "(x + 1", "x  + 1", "x+1 + 2"]:
        assert sstr_read.terms(other) is None, other


def test_the_check_gives_the_whole_state_routes_verdicts(monkeypatch: pytest.MonkeyPatch) -> None:
    verifier = VERIFIERS.get("math")
    cases = [c for level in range(1, 6) for c in _states(level, n=3)]
    fast = [verifier.check_steps(p, steps) for p, steps in cases]
    monkeypatch.setattr(integral_steps, "terms", lambda _: None)
    monkeypatch.setattr(integral_steps, "_SAME", Memo(10**6))
    monkeypatch.setattr(math_steps, "_VERDICTS", Memo(10**6))  # verdicts of the fast route must not answer for the slow one
    slow = [verifier.check_steps(p, steps) for p, steps in cases]
    assert fast == slow
    assert any(False in checks for checks in fast) and any(True in checks for checks in fast)


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_floating_point_route_gives_equals_verdicts_on_the_space(level: int) -> None:
    """``_same`` (the numeric test in floating point where it is clear) says what ``math_read.equal`` says, for the
    derivative of every sound and wrong state against the integrand, and decides most of them itself."""
    x = sympy.Symbol("x")
    decided = total = 0
    for problem, steps in _states(level, n=3):
        integrand = expression(problem.data()["integrand"], {"x": x}, True)
        for step in steps:
            slope = _slope(step.state)
            if slope is None:
                continue
            total += 1
            assert integral_steps._same(slope, integrand) == math_read.equal(slope, integrand), step.state
            decided += integral_steps._values(slope) is not None and integral_steps._values(integrand) is not None
    assert total > 10 and decided >= 0.9 * total


@pytest.mark.parametrize(("left", "right"), [
    ("sin(x)**2 + cos(x)**2", "1"),  # equal, though the expansion is not zero: equal decides
    ("(x + 1)**2", "x**2 + 2*x + 1"),
    ("x**2 + x/10**12", "x**2"),  # apart by less than the float margin: equal's 30 digits decide
    ("x**2 + x/10**5", "x**2"),
    ("exp(x)*exp(x)", "exp(2*x)"),
    ("log(x**2)", "2*log(x)"),
    ("sqrt(x)*sqrt(x)", "x"),
    ("1/(x - 13/10)", "1/(x - 13/10) + 1"),  # a pole at a sample point
    ("tan(x)", "sin(x)/cos(x)"),  # a function outside the floating-point route
    ("pi*x", "x"),
    ("exp(1000*x)", "exp(1000*x) + 1"),
    ("x**(3/2)", "x*sqrt(x)"),
    ("(-x)**(1/3)", "-x**(1/3)"),
    ("5", "5"),
    ("5", "6"),
])
def test_floating_point_route_on_hand_made_pairs(left: str, right: str) -> None:
    x = sympy.Symbol("x")
    a, b = (sympy.sympify(t, locals={"x": x}) for t in (left, right))
    assert integral_steps._same(a, b) == math_read.equal(a, b)
