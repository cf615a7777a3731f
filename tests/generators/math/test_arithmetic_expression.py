from __future__ import annotations

import re
from fractions import Fraction

import sympy

from cotforge.domains.arith import value_of
from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong


def _generator(level: int, seed: int = 5):
    return TASKS.get("arithmetic_expression").from_level(level, seed=seed)


def test_gold_agrees_with_sympy_and_with_the_question_text() -> None:
    for level in range(1, 6):
        generator = _generator(level)
        for i in range(40):
            p = generator.generate(i)
            gold = Fraction(p.data()["answer_sympy"])
            assert Fraction(str(sympy.sympify(p.data()["expression"]))) == gold
            shown = re.match(r"Evaluate (.*)\. Give", p.question).group(1)
            assert value_of(shown) == gold, p.question


def test_levels_change_the_work() -> None:
    settings = SearchSettings()
    means, texts = [], []
    for level in range(1, 6):
        problems = [_generator(level, seed=2).generate(i) for i in range(12)]
        rows = [solve_problem(p, settings).row for p in problems]
        assert all(rows)
        means.append(sum(len(r["steps"]) for r in rows) / len(rows))
        texts.append(" ".join(p.question for p in problems))
    assert means == sorted(means) and means[-1] >= means[0] + 4
    assert "(" not in texts[0] and "÷" not in texts[0] and "(" in texts[1]
    assert "^" in texts[2] and "÷" in texts[2]
    assert re.search(r"\d/\d", texts[3]) and re.search(r"\d/\d", texts[4])


def test_wrong_moves_are_really_wrong() -> None:
    problems = [_generator(level).generate(i) for level in (1, 3, 4, 5) for i in range(8)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=4)
