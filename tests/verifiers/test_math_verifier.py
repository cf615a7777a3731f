from __future__ import annotations

import pytest

from cotforge.core.records import Step
from cotforge.core.registry import TASKS, VERIFIERS


@pytest.fixture
def problem():
    import dataclasses
    import json

    base = TASKS.get("linear_equation").from_level(4).generate(0)
    equation = "(-3*x - 9)/2 + 1 = 3*(x - 2) + 29/2"
    return dataclasses.replace(base, answer="-8/3", payload=json.dumps({"equation": equation, "variable": "x"}))


@pytest.mark.parametrize(
    "answer",
    ["-8/3", "x = -8/3", "\\boxed{-8/3}", "$-\\frac{8}{3}$", "\\dfrac{-8}{3}", "{-8/3}", "-16/6", "3x = -8", " -8 / 3. "],
)
def test_accepts_the_ways_people_write_the_answer(problem, answer: str) -> None:
    assert VERIFIERS.get("math").verify(problem, answer).accepted


@pytest.mark.parametrize("answer", ["8/3", "-2.67", "x = 3", "{-8/3, 1}", "x", "0*x = 1"])
def test_rejects_wrong_values(problem, answer: str) -> None:
    assert VERIFIERS.get("math").verify(problem, answer).status == "reject"


@pytest.mark.parametrize("answer", ["__import__('os').system('true')", "exec('1')", "lambda: 1", "x" * 400, ""])
def test_never_evaluates_code_and_says_why(problem, answer: str) -> None:
    verdict = VERIFIERS.get("math").verify(problem, answer)
    assert verdict.status == "reject" and verdict.reason


def test_step_check_catches_a_step_that_changes_the_solution_set(problem) -> None:
    steps = [
        Step("ok", "-3*x - 9 + 2 = 6*x - 12 + 29"),  # (-3x-9)/2 + 1 = 3(x-2) + 29/2 times 2
        Step("slip", "-3*x = 6*x + 17 + 7 + 1"),
        Step("identity", "x = x"),
        Step("prose", "no equation here"),
    ]
    assert VERIFIERS.get("math").check_steps(problem, steps) == [True, False, False, None]


def test_unreadable_gold_is_an_error_not_a_rejection(problem) -> None:
    import dataclasses

    broken = dataclasses.replace(problem, answer="???")
    assert VERIFIERS.get("math").verify(broken, "-8/3").status == "error"
