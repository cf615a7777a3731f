from __future__ import annotations

import sympy

from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_error_kinds_at_every_position, assert_items_unique_and_apart, assert_wrong_moves_are_wrong


def test_gold_set_is_what_sympy_solves() -> None:
    verifier = VERIFIERS.get("math")
    for level in range(1, 6):
        generator = TASKS.get("quadratic_equation").from_level(level, seed=6)
        for i in range(12):
            p = generator.generate(i)
            lhs, rhs = p.data()["equation"].split("=")
            x = sympy.Symbol(p.data()["variable"])
            roots = sympy.solve(sympy.sympify(lhs, locals={x.name: x}) - sympy.sympify(rhs, locals={x.name: x}), x)
            assert len(roots) == 2
            answer = "{" + ", ".join(sympy.sstr(r) for r in roots) + "}"
            assert verifier.verify(p, answer).accepted, (p.question, p.data()["answer_sympy"], answer)


def test_levels_change_the_kind_of_roots_and_the_method() -> None:
    settings = SearchSettings()
    kinds = {}
    for level in range(1, 6):
        problems = [TASKS.get("quadratic_equation").from_level(level, seed=3).generate(i) for i in range(4)]
        rows = [solve_problem(p, settings).row for p in problems]
        assert all(rows)
        kinds[level] = {s["kind"] for r in rows for s in r["steps"]}
    assert "factor" in kinds[1] and "formula" not in kinds[1]
    assert "divide" in kinds[2] and "standard_form" in kinds[3]
    assert "formula" in kinds[4] or "square_root" in kinds[4]
    assert "standard_form" in kinds[5] and "formula" in kinds[5] and "simplify" in kinds[5]


def test_wrong_moves_are_really_wrong() -> None:
    problems = [TASKS.get("quadratic_equation").from_level(level, seed=2).generate(i) for level in range(1, 6) for i in range(5)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=4)


def test_three_kinds_of_mistake_at_every_step_each_shown_wrong_by_the_step_check() -> None:
    for level in range(1, 6):
        generator = TASKS.get("quadratic_equation").from_level(level, seed=6)
        assert_error_kinds_at_every_position([generator.generate(i) for i in range(4)])


def test_items_never_repeat_within_a_seed_nor_across_neighbouring_seeds() -> None:
    assert_items_unique_and_apart("quadratic_equation", n=200)


def test_no_step_restates_the_equation() -> None:
    for level in range(1, 6):
        p = TASKS.get("quadratic_equation").from_level(level, seed=8).generate(0)
        row = solve_problem(p, SearchSettings()).row
        assert row is not None
        states = [s["state"] for s in row["steps"]]
        assert len(set(states)) == len(states) and p.data()["equation"] not in states
        assert all("still" not in s["text"] and s["text"].count("$") >= 2 for s in row["steps"])
