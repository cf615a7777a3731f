from __future__ import annotations

import json
import re
from fractions import Fraction

from cotforge.core.registry import RECHECKS, TASKS
from cotforge.domains.quantities import evaluate, from_json, needed
from cotforge.generators.math.percentage import STEPS, TEMPLATES
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong

NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def _problems(level: int, n: int, seed: int = 6) -> list:
    generator = TASKS.get("percentage").from_level(level, seed=seed)
    return [generator.generate(i) for i in range(n)]


def test_graph_formula_and_recheck_agree_and_answers_are_natural() -> None:
    recheck = RECHECKS.get("percentage")
    for level in range(1, 6):
        for p in _problems(level, 60):
            data = p.data()
            quantities = from_json(data["quantities"])
            assert evaluate(quantities)[data["target"]] == Fraction(p.data()["answer_sympy"])
            assert STEPS[level][0] <= len(needed(quantities, data["target"])) <= STEPS[level][1]
            assert recheck(p) is None, p.question
            assert "/" not in p.answer and "may be negative" not in p.question and p.question.endswith("?")
            assert Fraction(p.data()["answer_sympy"]) > 0 and ("." not in p.answer or len(p.answer.split(".")[1]) == 2), p.answer
            assert Fraction(p.data()["answer_sympy"]) not in {Fraction(n.replace(",", "")) for n in NUMBER.findall(p.question)}


def test_variety_and_no_duplicates_within_or_across_seeds() -> None:
    structures, templates = set(), set()
    for level in range(1, 6):
        problems = _problems(level, 200, seed=0)
        assert len({p.question for p in problems}) >= 198  # under 1% duplicates
        assert not {p.question for p in _problems(level, 200, seed=1)} & {p.question for p in problems}
        for p in problems:
            structure = json.loads(p.metadata)["structure"]
            structures.add(structure)
            templates.add(structure.split("+")[0])
    assert templates == set(TEMPLATES) and len(structures) >= 25, structures


def test_steps_rise_with_level_and_rates_are_their_own_step() -> None:
    means = []
    for level in range(1, 6):
        rows = [solve_problem(p, SearchSettings()).row for p in _problems(level, 6, seed=2)]
        assert all(rows)
        means.append(sum(len(r["steps"]) for r in rows) / len(rows))
        for row in rows:
            rates = [q for q in from_json(json.loads(row["payload"])["quantities"]) if q.unit == "dec" and 100 in q.args]
            if rates:  # a percent used as a rate is turned into a decimal in a step of its own
                assert any("÷ 100 =" in s["text"] for s in row["steps"]), row["cot"]
    assert means == sorted(means) and means[0] == 2 and means[-1] >= 7


def test_wrong_moves_are_really_wrong() -> None:
    problems = [p for level in range(1, 6) for p in _problems(level, 4, seed=2)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=3)
