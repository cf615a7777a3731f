from __future__ import annotations

import sympy

from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_error_kinds_at_every_position, assert_items_unique_and_apart, assert_wrong_moves_are_wrong


def test_gold_is_the_only_solution_found_by_sympy() -> None:
    for level in range(1, 6):
        generator = TASKS.get("linear_system").from_level(level, seed=4)
        for i in range(50):
            p = generator.generate(i)
            names = p.data()["variables"]
            symbols = sympy.symbols(names)
            local = dict(zip(names, symbols))
            equations = [sympy.sympify(lhs, locals=local) - sympy.sympify(rhs, locals=local) for lhs, rhs in (e.split("=") for e in p.data()["equations"])]
            (point,) = sympy.linsolve(equations, symbols)
            assert "(" + ", ".join(str(v) for v in point) + ")" == p.data()["answer_sympy"]


def test_levels_add_unknowns_and_rearranging() -> None:
    settings = SearchSettings()
    means = []
    for level in (1, 3, 5):
        problems = [TASKS.get("linear_system").from_level(level, seed=1).generate(i) for i in range(6)]
        rows = [solve_problem(p, settings).row for p in problems]
        assert all(rows)
        means.append(sum(len(r["steps"]) for r in rows) / len(rows))
        text = " ".join(p.question for p in problems)
        assert all(bool(p.data()["disguises"]) == (level in (3, 5)) for p in problems), text
        assert all(len(p.data()["variables"]) == (3 if level == 5 else 2) for p in problems)
    assert means[0] < means[1] < means[2]


def test_wrong_moves_are_really_wrong() -> None:
    problems = [TASKS.get("linear_system").from_level(level, seed=2).generate(i) for level in range(1, 6) for i in range(4)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=3)


def test_three_kinds_of_mistake_at_every_step_each_shown_wrong_by_the_step_check() -> None:
    for level in range(1, 6):
        generator = TASKS.get("linear_system").from_level(level, seed=6)
        assert_error_kinds_at_every_position([generator.generate(i) for i in range(4)])


def test_items_never_repeat_within_a_seed_nor_across_neighbouring_seeds() -> None:
    assert_items_unique_and_apart("linear_system", n=200)


def test_elimination_shows_its_result_and_divides_in_a_step_of_its_own() -> None:
    p = TASKS.get("linear_system").from_level(4, seed=1).generate(0)
    row = solve_problem(p, SearchSettings()).row
    assert row is not None
    for step in row["steps"]:
        assert step["text"].count("$") >= 4  # the new equation and the system, both in LaTeX
        if step["kind"] == "eliminate":
            assert "Divide" not in step["text"]
    assert any(s["kind"] == "divide" for s in row["steps"])
