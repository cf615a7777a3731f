from __future__ import annotations

import re
from fractions import Fraction

from cotforge.domains.quantities import evaluate, from_json, needed
from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong

OPS = {1: (2, 2), 2: (3, 4), 3: (5, 6), 4: (7, 9), 5: (10, 12)}


def test_gold_is_the_graph_value_and_every_given_number_is_in_the_text() -> None:
    for level in range(1, 6):
        generator = TASKS.get("word_problem").from_level(level, seed=9)
        for i in range(50):
            p = generator.generate(i)
            quantities = from_json(p.data()["quantities"])
            values = evaluate(quantities)
            target = p.data()["target"]
            assert Fraction(p.data()["answer_sympy"]) == values[target]
            assert all(v.denominator == 1 and v > 0 for v in values.values())
            lo, hi = OPS[level]
            assert lo <= len(needed(quantities, target)) <= hi
            numbers = set(re.findall(r"\d+", p.question))
            assert all(str(q.args[0]) in numbers for q in quantities if q.op == "given")


def test_distractors_are_never_computed_and_levels_add_steps() -> None:
    settings = SearchSettings()
    means = []
    for level in range(1, 6):
        problems = [TASKS.get("word_problem").from_level(level, seed=4).generate(i) for i in range(6)]
        rows = [solve_problem(p, settings).row for p in problems]
        assert all(rows)
        for p, row in zip(problems, rows):
            wanted = set(needed(from_json(p.data()["quantities"]), p.data()["target"]))
            stated = {part.split("=")[0].strip() for part in row["steps"][-1]["state"].split(";")}
            assert stated == wanted
        means.append(sum(len(r["steps"]) for r in rows) / len(rows))
    assert means == sorted(means) and means[-1] >= 10


def test_wrong_moves_are_really_wrong() -> None:
    problems = [TASKS.get("word_problem").from_level(level, seed=2).generate(i) for level in range(1, 6) for i in range(5)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=3)
