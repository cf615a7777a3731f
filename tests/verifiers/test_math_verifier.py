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
    ["-8/3", "x = -8/3", "\\boxed{-8/3}", "$-\\frac{8}{3}$", "\\dfrac{-8}{3}", "{-8/3}", "-16/6", "-8/3 = x", " -8 / 3. "],
)
def test_accepts_the_ways_people_write_the_answer(problem, answer: str) -> None:
    assert VERIFIERS.get("math").verify(problem, answer).accepted


@pytest.mark.parametrize("answer", ["8/3", "-2.67", "x = 3"])
def test_rejects_wrong_values(problem, answer: str) -> None:
    assert VERIFIERS.get("math").verify(problem, answer).status == "reject"


@pytest.mark.parametrize("answer", ["{-8/3, 1}", "x", "0*x = 1", "3x = -8", "-6x = 16", "-8/3 or 1"])
def test_several_values_and_unsolved_equations_are_unreadable(problem, answer: str) -> None:
    verdict = VERIFIERS.get("math").verify(problem, answer)
    assert verdict.status == "unreadable" and verdict.reason


@pytest.mark.parametrize("answer", ["__import__('os').system('true')", "exec('1')", "(lambda: 1)()", "x" * 400, ""])
def test_never_evaluates_code_and_says_why(problem, answer: str) -> None:
    verdict = VERIFIERS.get("math").verify(problem, answer)
    assert verdict.status == "unreadable" and verdict.reason


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


def _counting(gold: str):
    import json

    from cotforge.core.records import Problem

    return Problem("t", 1, "math", 1, 0, 0, "q", gold, json.dumps({"answer_kind": "value"}), "arithmetic", "math")


@pytest.mark.parametrize(
    ("gold", "answer", "status"),
    [
        ("280", "C(7,3)*8", "unreadable"),  # C is as often a constant or a point: not read as a binomial
        ("280", "7C3 \\cdot 8", "unreadable"),
        ("15", "5!!", "unreadable"),  # a double factorial is refused, never read as (5!)!
        ("720", "3!!", "unreadable"),
        ("1/3", "0.333...", "reject"),  # which block repeats is a guess: the plain decimal 0.333, not 1/3
        ("1/3", "0.(3)3", "unreadable"),
    ],
)
def test_unsupported_counting_and_decimal_notations_are_not_accepted_and_say_why(gold: str, answer: str, status: str) -> None:
    verdict = VERIFIERS.get("math").verify(_counting(gold), answer)
    assert verdict.status == status and verdict.reason


@pytest.mark.parametrize("answer", ["5!=120", "5 != 120", "x != 3"])
def test_not_equal_is_never_read_as_a_factorial(answer: str) -> None:
    from cotforge.verifiers.math_parse import normalize

    assert "factorial" not in normalize(answer)
    assert VERIFIERS.get("math").verify(_counting("120"), answer).status == "unreadable"


@pytest.mark.parametrize(("answer", "exact"), [("0.(3)", "1/3"), ("0.1\\overline{6}", "1/6"), ("2.1(36)", "47/22"), ("-0.\\bar{3}", "-1/3")])
def test_a_repeating_decimal_is_an_exact_fraction_never_an_approximation(answer: str, exact: str) -> None:
    import sympy

    from cotforge.verifiers.math_read import read

    assert read(answer, "value", ["x"]).values == (sympy.Rational(exact),)
    assert read(answer, "value", ["x"]).units == (None,)  # no decimal place: no tolerance


def test_junk_answers_and_golds_give_a_verdict_never_an_exception() -> None:
    """Seeded junk built from the pieces that trip parsers (unbalanced brackets of every kind, LaTeX
    commands, operators, factorials, relations): ``verify`` always returns a verdict. One such
    string, ``[1, 4)``, used to raise IndexError out of sympy's tokenizer."""
    import json
    import random

    from cotforge.core.records import Problem

    pieces = ["[", "]", "(", ")", "{", "}", "\\{", "\\}", "1", "4", "-", "+", "*", "/", "^", "!", ",", "=", "<",
              "\\le", "x", "y", "\\frac", "\\sqrt", "\\binom", "\\overline", ".", "0.", "\\cup", " or ", "\\pm",
              "%", "$", "\\boxed{", "e", "pi", "\\infty", " "]  # fmt: skip
    rng = random.Random(5)
    verifier = VERIFIERS.get("math")
    kinds = ("value", "set", "tuple", "interval", "expression", "equation")
    for i in range(400):
        junk = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 9)))
        for gold, answer in ((junk, "3"), ("3", junk)):
            payload = json.dumps({"variable": "x", "answer_kind": kinds[i % len(kinds)]})
            problem = Problem(task="t", task_version=1, domain="math", level=1, seed=0, index=i, question="q",
                              answer=gold, payload=payload, space="s", verifier="math", metadata="{}")  # fmt: skip
            verdict = verifier.verify(problem, answer)
            assert verdict.status in ("accept", "reject", "unreadable", "error"), (gold, answer)
    crashed = Problem(task="t", task_version=1, domain="math", level=1, seed=0, index=0, question="q", answer="3",
                      payload=json.dumps({"variable": "x"}), space="s", verifier="math", metadata="{}")  # fmt: skip
    assert verifier.verify(crashed, "[1, 4)").status == "unreadable"
