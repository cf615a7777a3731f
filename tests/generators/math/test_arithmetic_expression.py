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


def test_a_slip_is_worded_and_worked_as_the_sound_step_with_the_slip_in_its_result() -> None:
    """A slip inside brackets says so as the sound step does, and one on fractions writes the common
    denominator (or the flipped divisor) out before its wrong result: the pair differs in a number, not in
    how much working is shown."""
    import random

    from cotforge.core.registry import SPACES

    seen: set[str] = set()
    for level in (2, 4, 5):
        for i in range(6):
            p = _generator(level, seed=3).generate(i)
            space = SPACES.get(p.space)(p)
            state = space.root()
            while not space.is_terminal(state):
                sound = space.propose(state, 1)[0].step
                head, _, working = sound.text.partition(": ")
                for wrong in (m.step for m in space.propose_wrong(state, 10, random.Random(i))):
                    misread_power = wrong.error_kind == "sign_slip" and head == "Evaluate the power"  # (-a)^2 read as -a^2: written so
                    if wrong.error_kind in ("arithmetic_slip", "sign_slip", "wrong_operation") and not misread_power:
                        w_head, _, w_working = wrong.text.partition(": ")
                        assert w_head == head, (sound.text, wrong.text)
                        before = working.split(". The expression")[0].rsplit(" = ", 1)[0]
                        assert w_working.split(". The expression")[0].rsplit(" = ", 1)[0] == before, (sound.text, wrong.text)
                        seen.add("bracketed" if head.startswith("Inside the brackets") else "plain")
                        seen.add("worked" if before.count("=") else "direct")
                state = space.apply(state, space.propose(state, 1)[0])
    assert seen == {"bracketed", "plain", "worked", "direct"}, seen


def test_a_miscounted_fraction_keeps_its_bottom() -> None:
    from cotforge.solvers.spaces.arithmetic import _slip

    assert _slip(Fraction(-97, 18)) == Fraction(-95, 18)  # -96/18 and -98/18 would cancel to another bottom
    assert _slip(Fraction(3, 4)) == Fraction(5, 4)
    assert _slip(Fraction(7)) == Fraction(8) and _slip(Fraction(30)) == Fraction(20)  # whole numbers as before
