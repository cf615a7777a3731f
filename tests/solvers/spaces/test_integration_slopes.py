"""The floating-point test of a wrong move's change of derivative (solvers/spaces/_integration_slopes.py) against the
space's sympy comparison (``integration._slopes``): it says True only where that comparison says "changed"."""

from __future__ import annotations

import random

import pytest
import sympy

from cotforge.core.registry import SPACES, TASKS
from cotforge.solvers.spaces import integration
from cotforge.solvers.spaces._integration_slopes import clearly_apart

X = sympy.Symbol("x")


def _pairs(level: int, n: int = 4) -> list[tuple[sympy.Expr, sympy.Expr]]:
    """(state, the state after one of its wrong moves, before the derivative filter), along the sound chain."""
    out = []
    for i in range(n):
        problem = TASKS.get("integral").from_level(level, seed=17).generate(i)
        space = SPACES.get(problem.space)(problem)
        state = space.root()
        while not space.is_terminal(state):
            for mode in integration.SLIP_MODES:
                move = space._method(state, slip=True, power=mode)
                if move is not None:
                    out.append((state.expr, move.next_state.expr))
            state = space.propose(state, 1)[0].next_state
    return out


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_clearly_apart_agrees_with_the_sympy_comparison(level: int) -> None:
    pairs = _pairs(level)
    decided = 0
    for before, after in pairs:
        fast = clearly_apart(before, after)
        assert fast in (True, None)
        if fast:
            decided += 1
            assert integration._slopes(after) != integration._slopes(before), (before, after)
        assert integration._changes_slope(before, after) == (integration._slopes(after) != integration._slopes(before))
    assert pairs and decided >= 0.6 * len(pairs)


@pytest.mark.parametrize(("left", "right", "expected"), [
    ("x**3", "x**3 + 5", None),  # the same derivative
    ("x**3", "x**3 + x/10**12", None),  # below the margin: sympy decides
    ("x**3", "x**3 + x", True),
    ("3*Integral(x**2, x)", "x**3", None),  # a pending integral counts as its integrand
    ("3*Integral(x**2, x)", "x**3 + x", True),
    ("x*Integral(x, x)", "x**2", None),  # an integral inside a product: not followed
    ("tan(x)", "x", None),
    ("pi*x", "x", None),
    ("log(x - 13/10)", "x", None),  # a pole at a sample point
    ("exp(1000*x)", "x", None),
    ("sin(x)**2 + cos(x)**2", "1", None),
    ("(4*x - 3)*exp(4*x)/8", "(4*x - 3)*exp(4*x)/8 + exp(4*x)", True),
])
def test_hand_made_states(left: str, right: str, expected: bool | None) -> None:
    a, b = (sympy.sympify(t, locals={"x": X}) for t in (left, right))
    assert clearly_apart(a, b) is expected
    if expected:
        assert integration._slopes(a) != integration._slopes(b)


def test_random_polynomials_near_each_other() -> None:
    rng = random.Random(3)
    for _ in range(200):
        a = sum(rng.randint(-9, 9) * X**k for k in range(5))
        b = a + sympy.Rational(rng.choice([1, 1, 1, 10**6]), rng.choice([1, 10**3, 10**8, 10**12])) * X ** rng.randint(1, 4)
        if clearly_apart(a, b):
            assert integration._slopes(a) != integration._slopes(b)
