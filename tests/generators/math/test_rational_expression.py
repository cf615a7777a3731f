from __future__ import annotations

import sympy

from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_error_kinds_at_every_position, assert_items_unique_and_apart, assert_wrong_moves_are_wrong

X = sympy.Symbol("x")


def test_gold_equals_the_expression_at_sample_points_and_unsimplified_forms_are_rejected() -> None:
    verifier = VERIFIERS.get("math")
    for level in range(1, 6):
        generator = TASKS.get("rational_expression").from_level(level, seed=4)
        for i in range(12):
            p = generator.generate(i)
            posed = sympy.sympify(p.data()["expression"], locals={"x": X})
            gold = sympy.sympify(p.data()["answer_sympy"], locals={"x": X})
            for point in (sympy.Rational(1, 3), sympy.Rational(17, 2), sympy.Rational(-41, 5)):
                assert posed.subs(X, point) == gold.subs(X, point), p.question
            num, den = sympy.fraction(sympy.together(gold))
            blown_up = f"(({sympy.sstr(num)})*(x - 100))/(({sympy.sstr(den)})*(x - 100))"
            assert verifier.verify(p, blown_up).status == "reject"


def test_levels_use_their_operations() -> None:
    expected = {1: "cancel", 3: "common_denominator", 4: "multiply", 5: "combine"}
    for level, kind in expected.items():
        problems = [TASKS.get("rational_expression").from_level(level, seed=1).generate(i) for i in range(5)]
        rows = [solve_problem(p, SearchSettings()).row for p in problems]
        assert all(rows) and all(kind in {s["kind"] for s in r["steps"]} for r in rows)


def test_wrong_moves_are_really_wrong() -> None:
    problems = [TASKS.get("rational_expression").from_level(level, seed=2).generate(i) for level in range(1, 6) for i in range(3)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=2)


def test_three_kinds_of_mistake_at_every_step_each_shown_wrong_by_the_step_check() -> None:
    for level in range(1, 6):
        generator = TASKS.get("rational_expression").from_level(level, seed=6)
        assert_error_kinds_at_every_position([generator.generate(i) for i in range(4)])


def test_items_never_repeat_within_a_seed_nor_across_neighbouring_seeds() -> None:
    assert_items_unique_and_apart("rational_expression", n=200)
