from __future__ import annotations

from fractions import Fraction

import sympy

from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem


def test_gold_answer_solves_the_equation_by_substitution() -> None:
    for level in range(1, 6):
        generator = TASKS.get("linear_equation").from_level(level, seed=5)
        for i in range(40):
            p = generator.generate(i)
            lhs, rhs = p.data()["equation"].split("=")
            x = sympy.Symbol("x")
            value = sympy.Rational(str(Fraction(p.data()["answer_sympy"])))
            assert sympy.sympify(lhs).subs(x, value) == sympy.sympify(rhs).subs(x, value)
            assert sympy.degree(sympy.expand(sympy.sympify(lhs) - sympy.sympify(rhs)), x) == 1


def test_levels_add_structure_and_steps() -> None:
    settings = SearchSettings()
    mean_steps = []
    for level in (1, 3, 5):
        generator = TASKS.get("linear_equation").from_level(level, seed=1)
        problems = [generator.generate(i) for i in range(15)]
        rows = [solve_problem(p, settings).row for p in problems]
        mean_steps.append(sum(len(r["steps"]) for r in rows if r) / len(rows))
        text = " ".join(p.question for p in problems)
        if level == 1:
            assert "(" not in text and "/" not in text
        if level >= 3:
            assert "(" in text
        if level == 5:
            assert "/" in text
    assert mean_steps[0] < mean_steps[1] <= mean_steps[2]


def test_search_with_wrong_moves_yields_labelled_negatives() -> None:
    p = TASKS.get("linear_equation").from_level(5, seed=1).generate(3)
    row = solve_problem(p, SearchSettings(algorithm="mcts", wrong_moves=1, negatives=5, max_expansions=60, stop_at_first=False)).row
    assert row is not None and row["negatives"]
    for negative in row["negatives"]:
        assert negative["first_wrong_step"] is not None
        wrong = negative["steps"][negative["first_wrong_step"]]
        assert wrong["verified"] is False
