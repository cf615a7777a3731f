from __future__ import annotations

from fractions import Fraction

from cotforge.domains.quantities import evaluate, from_json
from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong


def test_formula_graph_agrees_with_listing_the_terms() -> None:
    """The generator's gold is brute force; the graph (the steps' route) must give the same value."""
    for level in range(1, 6):
        generator = TASKS.get("sequence").from_level(level, seed=6)
        for i in range(50):
            p = generator.generate(i)
            values = evaluate(from_json(p.data()["quantities"]))
            assert values[p.data()["target"]] == Fraction(p.data()["answer_sympy"])


def test_levels_change_what_is_asked() -> None:
    expected = {1: "arithmetic", 2: "geometric", 3: "sum", 4: "sum", 5: "term is"}
    steps = []
    for level, word in expected.items():
        problems = [TASKS.get("sequence").from_level(level, seed=2).generate(i) for i in range(4)]
        assert all(word in p.question for p in problems)
        rows = [solve_problem(p, SearchSettings()).row for p in problems]
        assert all(rows)
        steps.append(sum(len(r["steps"]) for r in rows) / len(rows))
    assert steps[0] < steps[2] < steps[4]


def test_wrong_moves_are_really_wrong() -> None:
    problems = [TASKS.get("sequence").from_level(level, seed=2).generate(i) for level in range(1, 6) for i in range(4)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=3)
