from __future__ import annotations

import random

import pytest
import sympy

from cotforge.core.registry import TASKS
from cotforge.domains.algebra import sympy_text
from cotforge.domains.polynomial import poly_text
from cotforge.solvers.spaces._expand_read import read_polynomial, read_sum
from cotforge.solvers.spaces.polynomial import X, ExpansionSpace, Term, _answer, latex, to_terms
from cotforge.domains.latex_answer import answer_latex


def _sympy_route(text: str) -> tuple[Term, ...]:
    return to_terms(sympy_text(text, {"x": X}, evaluate=False, xor=False))


def test_exact_reading_equals_the_sympy_route_on_generated_expressions() -> None:
    read = 0
    for seed in range(2):
        for level in range(1, 6):
            generator = TASKS.get("polynomial_expand").from_level(level, seed=seed)
            for i in range(25):
                problem = generator.generate(i)
                text = problem.data()["expression"]
                exact = read_sum(text)
                if exact is not None:
                    read += 1
                    assert tuple(Term(*t) for t in exact) == _sympy_route(text), text
                assert ExpansionSpace(problem).root().terms == _sympy_route(text), text
    assert read >= 225  # only the texts opening with -( take the sympy route


@pytest.mark.parametrize("text", [
    "(x - 1)**3 - x", "2*(x + 1)**2*(x - 3)", "(x + 1)*(x - 2)**2", "-x*(x + 1)", "(-x + 5) + (x**2 - 1)",
    "x**2*(x + 1)**2", "(x + 1)**2*(x - 1)**2", "-4*x*(-x - 9) - 2*(3*x + 2) - 1*x", "(x**2 + 2*x - 6)*(x + 7) + 6 - 5",
])
def test_exact_reading_equals_the_sympy_route_on_other_shapes(text: str) -> None:
    exact = read_sum(text)
    assert exact is not None and tuple(Term(*t) for t in exact) == _sympy_route(text)


@pytest.mark.parametrize("text", [
    "-(2*x - 4) + (x - 3)", "-(x + 1)*(x - 2) + 3", "(x + 1)/2", "y*(x + 1)", "(x + 1", "3*(2) + x", "2*x*x**-1",
    "(x + 1)**0", "sqrt(x)*(x + 1)",
])
def test_texts_outside_the_grammar_are_left_to_sympy(text: str) -> None:
    assert read_sum(text) is None


def test_answer_latex_without_parsing_equals_answer_latex() -> None:
    for text in ("3*x**2 - 19*x - 24", "-x**3 + x", "x", "-7", "0", "4*x**4 - 12*x**2 + 9"):
        assert _answer(text) == answer_latex(text, "expanded") == latex(text)


def test_a_polynomial_as_poly_text_writes_it_reads_as_sympys_coefficients() -> None:
    """The factoring space's root: the generator's expression read exactly, as ``Poly.all_coeffs`` reads it."""
    rng = random.Random(4)
    texts = [TASKS.get("polynomial_factor").from_level(level, seed=2).generate(i).data()["expression"]
             for level in range(1, 6) for i in range(20)]
    texts += [poly_text([rng.randint(-30, 30) for _ in range(rng.randint(2, 7))], "x") for _ in range(300)]
    read = 0
    for text in texts:
        mine = read_polynomial(text)
        expr = sympy.sympify(text, locals={"x": X})
        if mine is not None:
            read += 1
            assert mine == tuple(int(c) for c in sympy.Poly(expr, X).all_coeffs()), text
        else:
            assert not expr.free_symbols, text  # only a constant is left to sympy
    assert read >= 350
    assert read_polynomial("2*x**2 - 3*x + 1") == (2, -3, 1) and read_polynomial("x*(x + 1)") is None
