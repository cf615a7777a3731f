from __future__ import annotations

import json
from fractions import Fraction

from cotforge.core.registry import RECHECKS, TASKS
from cotforge.domains.quantities import evaluate, from_json, needed
from cotforge.generators.math.sequence import STEPS
from cotforge.generators.math._story import NUMBER
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong

TASK = "sequence"


def _problems(level: int, n: int, seed: int = 6) -> list:
    generator = TASKS.get(TASK).from_level(level, seed=seed)
    return [generator.generate(i) for i in range(n)]


def test_graph_formula_brute_force_and_recheck_agree() -> None:
    recheck = RECHECKS.get(TASK)
    for level in range(1, 6):
        for p in _problems(level, 50):
            data = p.data()
            quantities = from_json(data["quantities"])
            assert evaluate(quantities)[data["target"]] == Fraction(p.data()["answer_sympy"])
            assert STEPS[level][0] <= len(needed(quantities, data["target"])) <= STEPS[level][1]
            assert recheck(p) is None, p.question
            assert p.question.endswith("?") and p.question.count("?") == 1
            assert Fraction(p.data()["answer_sympy"]) not in {Fraction(n.replace(",", "")) for n in NUMBER.findall(p.question)}


def test_variety_and_no_duplicates_within_or_across_seeds() -> None:
    templates = set()
    for level in range(1, 6):
        problems = _problems(level, 200, seed=0)
        assert len({p.question for p in problems}) >= 198, level  # under 1% duplicates
        assert not {p.question for p in _problems(level, 200, seed=1)} & {p.question for p in problems}
        templates |= {json.loads(p.metadata)["structure"].split("+")[0] for p in problems}
    assert len(templates) >= 13, templates


def test_steps_rise_with_level() -> None:
    means = []
    for level in range(1, 6):
        rows = [solve_problem(p, SearchSettings()).row for p in _problems(level, 6, seed=2)]
        assert all(rows)
        assert all(r["final_answer"] == r["answer"] for r in rows)
        means.append(sum(len(r["steps"]) for r in rows) / len(rows))
    assert means == sorted(means) and means[0] == 2 and means[-1] >= 7


def test_wrong_moves_are_really_wrong() -> None:
    problems = [p for level in range(1, 6) for p in _problems(level, 4, seed=2)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=3)

def test_negative_terms_are_printed_and_read_back() -> None:
    found = [p for p in _problems(1, 60, seed=8) if "-" in p.question]
    assert found and all(RECHECKS.get("sequence")(p) is None for p in found)

