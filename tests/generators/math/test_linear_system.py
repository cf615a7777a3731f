from __future__ import annotations

import sympy

from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong


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
        assert ("(" in text) == (level in (3, 5))
        assert ("z" in text) == (level == 5)
    assert means[0] < means[1] < means[2]


def test_wrong_moves_are_really_wrong() -> None:
    problems = [TASKS.get("linear_system").from_level(level, seed=2).generate(i) for level in range(1, 6) for i in range(4)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=3)
