from __future__ import annotations

import sympy

from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong

X = sympy.Symbol("x")


def test_gold_agrees_with_substitution_at_many_points() -> None:
    """A second route: the expression as written and the gold polynomial agree at 6 integers."""
    for level in range(1, 6):
        generator = TASKS.get("polynomial_expand").from_level(level, seed=3)
        for i in range(40):
            p = generator.generate(i)
            written = sympy.lambdify(X, sympy.sympify(p.data()["expression"], locals={"x": X}))
            gold = sympy.Poly(sympy.sympify(p.data()["answer_sympy"], locals={"x": X}), X)
            assert all(written(v) == gold.eval(v) for v in range(-3, 3))


def test_factored_answer_is_rejected_for_an_expand_question() -> None:
    p = TASKS.get("polynomial_expand").from_level(2, seed=3).generate(0)
    verifier = VERIFIERS.get("math")
    assert verifier.verify(p, p.data()["expression"]).status == "reject"
    assert verifier.verify(p, p.data()["answer_sympy"].replace("**", "^")).accepted


def test_levels_multiply_more_brackets() -> None:
    means = []
    for level in range(1, 6):
        problems = [TASKS.get("polynomial_expand").from_level(level, seed=5).generate(i) for i in range(5)]
        rows = [solve_problem(p, SearchSettings()).row for p in problems]
        assert all(rows)
        means.append(sum(len(r["steps"]) for r in rows) / len(rows))
    assert means[0] < means[1] < means[2] and means[4] == max(means)


def test_wrong_moves_are_really_wrong() -> None:
    problems = [TASKS.get("polynomial_expand").from_level(level, seed=2).generate(i) for level in range(1, 6) for i in range(3)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=4)
