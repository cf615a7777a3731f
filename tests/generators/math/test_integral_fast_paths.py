"""The integral task's cheaper computations give the very expressions (and texts) of the sympy calls they replace:
the level-5 closed forms against ``sympy.integrate``, polynomial arithmetic against ``diff``/``integrate``, the
term-by-term derivative against ``diff``, and the printer's term order against ``as_ordered_terms``."""

from __future__ import annotations

import random

import pytest
import sympy

from cotforge.core.registry import TASKS
from cotforge.generators.math import integral
from cotforge.generators.math.integral import IntegralGenerator
from cotforge.solvers.spaces._integration_print import ordered_terms

X = sympy.Symbol("x")
FUNCTIONS = (sympy.exp, sympy.sin, sympy.cos)


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    return a == b and sympy.srepr(a) == sympy.srepr(b) and sympy.sstr(a) == sympy.sstr(b)


def _all_by_parts_integrands() -> list[sympy.Expr]:
    """Every integrand ``IntegralGenerator.by_parts_integrand`` can draw, built as it builds them."""
    logs = [c * X**n * sympy.log(X) for c in range(1, 5) for n in range(1, 4)]
    return logs + [(a * X + b) * g(k * X) for k in (1, 2, 3, 4, -1, -2) for a in range(1, 4) for b in range(-4, 5) for g in FUNCTIONS]


@pytest.mark.parametrize("integrand", [
    (2 * X - 3) * sympy.exp(2 * X), (3 * X + 4) * sympy.exp(-2 * X), (3 * X - 3) * sympy.exp(-X), 2 * X * sympy.exp(X),
    (X - 4) * sympy.exp(4 * X), (2 * X + 1) * sympy.sin(-2 * X), (X + 1) * sympy.cos(-X), (3 * X - 1) * sympy.sin(3 * X),
    (X + 4) * sympy.cos(2 * X), 3 * X * sympy.cos(4 * X), X * sympy.log(X), 4 * X**3 * sympy.log(X),
])
def test_by_parts_closed_forms_are_sympys_antiderivatives(integrand: sympy.Expr) -> None:
    assert _same(integral._by_parts.__wrapped__(integrand), sympy.integrate(integrand, X))


def test_an_integrand_of_another_shape_goes_to_sympy() -> None:
    for integrand in (X**2 * sympy.exp(X), X * sympy.exp(X**2), sympy.exp(X) * sympy.sin(X), (X + 1) * sympy.log(2 * X)):
        assert _same(integral._by_parts.__wrapped__(integrand), sympy.integrate(integrand, X))


@pytest.mark.slow
def test_by_parts_closed_forms_on_every_drawable_integrand() -> None:
    integrands = _all_by_parts_integrands()
    assert len(integrands) == 498
    for integrand in integrands:
        assert _same(integral._by_parts.__wrapped__(integrand), sympy.integrate(integrand, X)), integrand


def test_polynomial_arithmetic_is_sympys_diff_and_integrate() -> None:
    rng = random.Random(5)
    for _ in range(60):
        bracketed = sympy.expand(IntegralGenerator.bracketed(rng))
        assert _same(sympy.Poly(bracketed, X).integrate().as_expr(), sympy.integrate(bracketed, X))
    level_one = TASKS.get("integral").from_level(1, seed=0)
    for _ in range(200):
        F = sympy.expand(level_one.antiderivative(rng))
        assert _same(sympy.Poly(F, X).diff(X).as_expr(), sympy.expand(sympy.diff(F, X)))


@pytest.mark.parametrize("level", [3, 4, 5])
def test_term_by_term_derivative_is_sympys(level: int) -> None:
    generator, rng = TASKS.get("integral").from_level(level, seed=0), random.Random(level)
    for _ in range(80):
        F = generator.antiderivative(rng)
        F = sympy.expand(F) if level == 3 else F
        assert _same(integral._derivative(F), sympy.diff(F, X))


@pytest.mark.parametrize("text", [
    "2 - 3*x", "3*x - 2", "-x + 5", "x**2 + x + 1", "2*x**(3/2) - 5*sin(x) - 3*Integral(x**2, x)", "exp(2*x) + exp(x) + x",
    "x*exp(x) - exp(x) + log(x)/x", "2.5*x + 1", "I*x + x**2 + 3", "pi - 2*x", "sqrt(2)*x + pi + E", "x**(-2) + 1/x + 7",
    "Integral(x*exp(x), x) - x*exp(x) + 4*Integral(sin(2*x), x)", "(x + 1)**5/10 + 3*x**2 - 2*cos(x)", "Q0q + 3*x - 2",
    "-(2*x + 6)**4/8 + sin(x**2 + 3) + exp(x**3 + 1)/3",
])
def test_term_order_is_as_ordered_terms(text: str) -> None:
    expr = sympy.sympify(text, evaluate=True)
    for node in (expr, *sympy.preorder_traversal(expr)):
        if isinstance(node, sympy.Add):
            assert ordered_terms(node) == node.as_ordered_terms()
            assert ordered_terms(node) == node.as_ordered_terms()  # remembered terms give the same order again
