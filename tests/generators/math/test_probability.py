from __future__ import annotations

import json
from fractions import Fraction

from cotforge.core.registry import RECHECKS, TASKS
from cotforge.domains.quantities import evaluate, from_json, needed
from cotforge.generators.math.probability import STEPS
from cotforge.generators.math._story import NUMBER
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong

TASK = "probability"


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
    assert len(templates) >= 15, templates


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

def test_probabilities_stay_between_zero_and_one_in_wrong_moves_too() -> None:
    from tests.generators.math._walk import sound_and_wrong_steps
    from cotforge.domains.quantities import parse_state

    for level in range(1, 6):
        for p in _problems(level, 6, seed=3):
            units = {q.id: q.unit for q in from_json(p.data()["quantities"])}
            sound, wrong = sound_and_wrong_steps(p)
            for step in sound + wrong:
                for key, value in parse_state(step.state).items():
                    assert units[key] != "p" or 0 <= value <= 1, (step.text, p.question)

