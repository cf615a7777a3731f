"""The generator writes its question's and gold answer's LaTeX from the coefficients: it must be what the LaTeX reader
gives the expression and the gold's SymPy text."""

from __future__ import annotations

import random

from cotforge.core.registry import TASKS
from cotforge.domains.latex import latex
from cotforge.domains.latex_answer import answer_latex
from cotforge.domains.polynomial import multiply, poly_latex, poly_text
from cotforge.generators.math.polynomial_factor import _gold_latex


def test_question_and_answer_are_the_readers_latex() -> None:
    for level in range(1, 6):
        generator = TASKS.get("polynomial_factor").from_level(level, seed=4)
        for index in range(40):
            problem = generator.generate(index)
            data = problem.data()
            assert f"${latex(data['expression'])}$" in problem.question
            assert problem.answer == answer_latex(data["answer_sympy"], "factored")


def test_gold_latex_on_random_factors() -> None:
    rng = random.Random(9)
    for _ in range(2000):
        k = rng.choice([1, -1, rng.randint(-12, 12) or 2])
        power = rng.randint(0, 3)
        factors = [[rng.randint(-9, 9) or 1 for _ in range(rng.randint(2, 4))] for _ in range(rng.randint(1, 3))]
        parts = ([str(k)] if k not in (1, -1) else []) + ([f"x**{power}" if power > 1 else "x"] if power else [])
        parts += [f"({poly_text(f, 'x')})" for f in factors]
        gold = ("-" if k == -1 else "") + "*".join(parts)
        assert _gold_latex(k, power, factors) == answer_latex(gold, "factored"), gold
        product = [k] + [0] * power
        for f in factors:
            product = multiply(product, f)
        assert poly_latex(product) == latex(poly_text(product, "x"))
