from __future__ import annotations

import re
from fractions import Fraction

import sympy

from cotforge.domains.arith import value_of
from cotforge.verifiers.math_parse import normalize
from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_error_kinds_at_every_position, assert_wrong_moves_are_wrong


def _generator(level: int, seed: int = 5):
    return TASKS.get("arithmetic_expression").from_level(level, seed=seed)


def test_gold_agrees_with_sympy_and_with_the_question_text() -> None:
    for level in range(1, 6):
        generator = _generator(level)
        for i in range(40):
            p = generator.generate(i)
            gold = Fraction(p.data()["answer_sympy"])
            assert Fraction(str(sympy.sympify(p.data()["expression"]))) == gold
            shown = re.search(r"\$(.+)\$", p.question).group(1)
            assert value_of(normalize(shown)) == gold, p.question


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
    assert "left(" not in texts[0] and "div" not in texts[0] and "left(" in texts[1]
    assert "^" in texts[2] and "div" in texts[2]
    assert "frac" in texts[3] and "frac" in texts[4]
    assert not any(c in " ".join(texts) for c in "×÷")


def test_wrong_moves_are_really_wrong() -> None:
    problems = [_generator(level).generate(i) for level in (1, 3, 4, 5) for i in range(8)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=4)


def test_three_kinds_of_mistake_at_every_step_each_shown_wrong_by_the_step_check() -> None:
    for level in range(1, 6):
        assert_error_kinds_at_every_position([_generator(level, seed=6).generate(i) for i in range(6)])


def test_steps_write_the_working_in_latex() -> None:
    row = solve_problem(_generator(4, seed=1).generate(0), SearchSettings()).row
    assert row is not None
    for step in row["steps"]:
        assert step["text"].count("$") >= 2 and not any(c in step["text"] for c in "×÷")
