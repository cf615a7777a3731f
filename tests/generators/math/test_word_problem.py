from __future__ import annotations

import re
from fractions import Fraction

from cotforge.core.registry import RECHECKS, TASKS
from cotforge.domains.quantities import evaluate, from_json, needed
from cotforge.generators.math.word_problem import STEPS, TEMPLATES
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong

NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def _problems(level: int, n: int, seed: int = 9) -> list:
    generator = TASKS.get("word_problem").from_level(level, seed=seed)
    return [generator.generate(i) for i in range(n)]


def test_gold_graph_and_printed_formula_agree_and_answers_are_natural() -> None:
    recheck = RECHECKS.get("word_problem")
    for level in range(1, 6):
        for p in _problems(level, 60):
            data = p.data()
            quantities = from_json(data["quantities"])
            assert evaluate(quantities)[data["target"]] == Fraction(p.data()["answer_sympy"])
            lo, hi = STEPS[level]
            assert lo <= len(needed(quantities, data["target"])) <= hi
            assert recheck(p) is None, p.question
            assert "/" not in p.answer and (("." not in p.answer) or len(p.answer.split(".")[1]) == 2), p.answer
            assert p.question.endswith("?") and p.question.count("?") == 1, p.question
            assert "may be negative" not in p.question
            printed = {Fraction(n.replace(",", "")) for n in NUMBER.findall(p.question)}
            assert Fraction(p.data()["answer_sympy"]) not in printed, (p.question, p.answer)  # never states its own answer


def test_breadth_structures_phrasings_and_no_duplicates() -> None:
    structures, templates, openings, endings = set(), set(), set(), set()
    for level in range(1, 6):
        problems = _problems(level, 300, seed=0)
        assert len({p.question for p in problems}) == len(problems)  # no duplicate within a seed
        other = {p.question for p in _problems(level, 300, seed=1)}
        assert not other & {p.question for p in problems}  # neighbouring seeds share nothing
        for p in problems:
            meta = p.data(), __import__("json").loads(p.metadata)
            structures.add(meta[1]["structure"])
            templates.add(meta[1]["structure"].split("+")[0])
            masked = re.sub(r"\b[A-Z][a-z]+\b", "N", NUMBER.sub("#", p.question))
            openings.add(masked.split(". ")[0])
            endings.add(masked.rsplit(". ", 1)[-1])
    assert len(templates) >= 30 and len(structures) >= 60, (len(templates), len(structures))
    assert len(openings) >= 2 * len(templates) and len(endings) >= 2 * len(templates)
    assert set(TEMPLATES) == templates  # every template reachable at some level


def test_steps_rise_with_level_and_distractors_are_never_computed() -> None:
    settings = SearchSettings()
    means = []
    for level in range(1, 6):
        problems = _problems(level, 8, seed=4)
        rows = [solve_problem(p, settings).row for p in problems]
        assert all(rows)
        for p, row in zip(problems, rows):
            wanted = set(needed(from_json(p.data()["quantities"]), p.data()["target"]))
            stated = {part.split("=")[0].strip() for part in row["steps"][-1]["state"].split(";")}
            assert stated == wanted
            assert all(re.search(r"\d", s["text"]) and "=" in s["text"] for s in row["steps"])  # one calculation per step
        means.append(sum(len(r["steps"]) for r in rows) / len(rows))
    assert means == sorted(means) and means[-1] >= 9


def test_money_steps_show_dollars_and_cents() -> None:
    for p in _problems(3, 40, seed=5):
        if "." in p.answer:
            row = solve_problem(p, SearchSettings()).row
            assert row["final_answer"] == p.answer
            assert re.search(r"\$\d+\.\d\d", row["cot"]) and not re.search(r"\d+/\d+ dollars", row["cot"])
            return
    raise AssertionError("no money answer with cents at level 3")


def test_wrong_moves_are_really_wrong() -> None:
    problems = [p for level in range(1, 6) for p in _problems(level, 5, seed=2)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=3)
