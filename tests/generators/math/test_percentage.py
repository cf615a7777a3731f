from __future__ import annotations

import re
from fractions import Fraction

from cotforge.domains.quantities import evaluate, from_json
from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong


def test_graph_agrees_with_the_construction_and_the_numbers_come_from_the_text() -> None:
    for level in range(1, 6):
        generator = TASKS.get("percentage").from_level(level, seed=6)
        for i in range(60):
            p = generator.generate(i)
            quantities = from_json(p.data()["quantities"])
            assert evaluate(quantities)[p.data()["target"]] == Fraction(p.data()["answer_sympy"])
            numbers = set(re.findall(r"\d+", p.question))
            assert all(str(q.args[0]) in numbers for q in quantities if q.op == "given")


def test_levels_add_steps_and_reverse_at_the_top() -> None:
    steps = []
    for level in range(1, 6):
        problems = [TASKS.get("percentage").from_level(level, seed=2).generate(i) for i in range(5)]
        rows = [solve_problem(p, SearchSettings()).row for p in problems]
        assert all(rows)
        steps.append(sum(len(r["steps"]) for r in rows) / len(rows))
    assert steps[0] < steps[1] < steps[2] and "original price" in problems[0].question


def test_wrong_moves_are_really_wrong() -> None:
    problems = [TASKS.get("percentage").from_level(level, seed=2).generate(i) for level in range(1, 6) for i in range(3)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=2)
