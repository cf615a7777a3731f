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
            x = sympy.Symbol(p.data()["variable"])
            value = sympy.Rational(str(Fraction(p.data()["answer_sympy"])))
            local = {x.name: x}
            assert sympy.sympify(lhs, locals=local).subs(x, value) == sympy.sympify(rhs, locals=local).subs(x, value)
            assert sympy.degree(sympy.expand(sympy.sympify(lhs, locals=local) - sympy.sympify(rhs, locals=local)), x) == 1


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
            assert "(" not in text and "\\frac" not in text
        if level >= 3:
            assert "(" in text
        if level == 5:
            assert "\\frac" in text
    assert mean_steps[0] < mean_steps[1] <= mean_steps[2]


def test_search_with_wrong_moves_yields_labelled_negatives() -> None:
    p = TASKS.get("linear_equation").from_level(5, seed=1).generate(3)
    row = solve_problem(p, SearchSettings(wrong_moves=1, negatives=5)).row
    assert row is not None and row["negatives"]
    for negative in row["negatives"]:
        assert negative["first_wrong_step"] is not None
        wrong = negative["steps"][negative["first_wrong_step"]]
        assert wrong["verified"] is False and wrong["error_kind"]
        assert negative["answer"] is not None  # continued past the slip to a (wrong) final answer


def test_three_kinds_of_mistake_at_every_step_each_shown_wrong_by_the_step_check() -> None:
    from tests.generators.math._walk import assert_error_kinds_at_every_position

    for level in range(1, 6):
        generator = TASKS.get("linear_equation").from_level(level, seed=2)
        assert_error_kinds_at_every_position([generator.generate(i) for i in range(8)])


def test_items_never_repeat_within_a_seed_nor_across_neighbouring_seeds() -> None:
    from tests.generators.math._walk import assert_items_unique_and_apart

    assert_items_unique_and_apart("linear_equation")
    assert all(TASKS.get("linear_equation").from_level(level).capacity() > 100_000 for level in range(1, 6))


def test_questions_and_steps_are_latex_with_no_padding() -> None:
    for level in range(1, 6):
        generator = TASKS.get("linear_equation").from_level(level, seed=4)
        for i in range(10):
            p = generator.generate(i)
            row = solve_problem(p, SearchSettings()).row
            assert row is not None
            texts = [p.question] + [s["text"] for s in row["steps"]]
            assert all("$" in t and not any(c in t for c in "√≤≥×*^") or "^{" in t for t in texts), texts
            if "(" not in p.question and "\\frac" not in p.question:
                assert not any(s["kind"] == "expand" for s in row["steps"]), texts
            states = [s["state"] for s in row["steps"]]
            assert len(set(states)) == len(states) and p.data()["equation"] not in states
