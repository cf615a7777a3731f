from __future__ import annotations

import sympy

from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong

X = sympy.Symbol("x")


def test_gold_is_what_sympy_factors_and_expanded_forms_are_rejected() -> None:
    verifier = VERIFIERS.get("math")
    for level in range(1, 6):
        generator = TASKS.get("polynomial_factor").from_level(level, seed=3)
        for i in range(12):
            p = generator.generate(i)
            expanded = sympy.sympify(p.data()["expression"], locals={"x": X})
            assert verifier.verify(p, sympy.sstr(sympy.factor(expanded))).accepted, p.question
            assert verifier.verify(p, p.data()["expression"]).status == "reject"


def test_levels_use_their_methods() -> None:
    expected = {1: {"common_factor"}, 2: {"split", "group"}, 4: {"common_factor"}, 5: {"grouping"}}
    for level, kinds in expected.items():
        problems = [TASKS.get("polynomial_factor").from_level(level, seed=1).generate(i) for i in range(5)]
        rows = [solve_problem(p, SearchSettings()).row for p in problems]
        assert all(rows) and all(kinds <= {s["kind"] for s in r["steps"]} for r in rows)


def test_wrong_moves_are_really_wrong() -> None:
    problems = [TASKS.get("polynomial_factor").from_level(level, seed=2).generate(i) for level in range(1, 6) for i in range(5)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=5)
