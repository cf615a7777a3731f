from __future__ import annotations

import sympy

from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong

X = sympy.Symbol("x")


def test_gold_matches_a_central_difference() -> None:
    """A second route to the derivative: (f(x + h) - f(x - h)) / 2h at a few points."""
    for level in range(1, 6):
        generator = TASKS.get("derivative").from_level(level, seed=8)
        for i in range(12):
            p = generator.generate(i)
            f = sympy.lambdify(X, sympy.sympify(p.data()["function"]), "math")
            gold = sympy.lambdify(X, sympy.sympify(p.data()["answer_sympy"]), "math")
            for point in (0.7, 1.3, 2.3):
                h = 1e-6
                estimate = (f(point + h) - f(point - h)) / (2 * h)
                assert abs(estimate - gold(point)) <= 1e-4 * max(1.0, abs(gold(point))), p.question


def test_levels_need_different_rules() -> None:
    settings = SearchSettings()
    kinds = {}
    for level in range(1, 6):
        problems = [TASKS.get("derivative").from_level(level, seed=3).generate(i) for i in range(6)]
        rows = [solve_problem(p, settings).row for p in problems]
        assert all(rows)
        kinds[level] = {s["kind"] for r in rows for s in r["steps"]}
    assert kinds[1] == {"basic", "simplify"}
    assert "sum_rule" in kinds[2]
    assert "product_rule" in kinds[3]
    assert kinds[4] & {"quotient_rule", "chain_rule"}
    assert "chain_rule" in kinds[5] and kinds[5] & {"quotient_rule", "product_rule"}


def test_wrong_moves_are_really_wrong() -> None:
    problems = [TASKS.get("derivative").from_level(level, seed=2).generate(i) for level in range(1, 6) for i in range(4)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=3)
