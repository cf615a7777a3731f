"""The quick verdict on a project rational against a project rational gold (``verifiers/_lineq_number.py``) is the
full route's verdict, and is given only where that route can end in nothing else."""

from __future__ import annotations

import dataclasses
import json

import pytest

from cotforge.core.registry import TASKS
from cotforge.verifiers._lineq_number import number_verdict
from cotforge.verifiers.math import MathVerifier

VERIFIER = MathVerifier()


def _texts() -> list[str]:
    out = ["0", "-0", "7", "-12", "007", "1.5", "+3", " 3", "3 ", "\\frac{3}{4}", "-\\frac{3}{4}", "\\frac{4}{2}", "\\frac{-3}{4}",
           "\\frac{0}{4}", "\\frac{3}{0}", "\\dfrac{3}{4}", "\\frac{3}{4} ", "\\boxed{5}", "x = 5", "5.", "5, 6", "\\frac {3}{4}",
           "- 3", "--3", "-\\frac{13}{4}", "\\frac{13}{4}", "13/4", "1" * 31, "1" * 32, "-" + "9" * 31, "\\frac{1}{" + "7" * 31 + "}",
           "The answer is 5", "5 (or 6)", "not 5", "", "   "]
    out += [str(n) for n in range(-25, 26)]
    out += [f"{s}\\frac{{{p}}}{{{q}}}" for s in ("", "-") for p in range(1, 9) for q in range(1, 9)]
    return out


def _problems() -> list:
    problems = [TASKS.get("linear_equation").from_level(level, seed=5).generate(i) for level in range(1, 6) for i in range(6)]
    problems += [TASKS.get(task).from_level(2, seed=5).generate(0) for task in ("arithmetic_expression", "quadratic_equation",
                                                                                "inequality", "percentage")]
    return problems


@pytest.mark.parametrize("problem", _problems(), ids=lambda p: p.uid)
def test_the_quick_verdict_is_the_full_routes(problem) -> None:
    given = 0
    for answer in _texts():
        quick = number_verdict(problem, answer)
        if quick is None:
            continue
        given += 1
        assert quick == VERIFIER._verify(problem, answer), answer
        assert quick == VERIFIER.verify(problem, answer), answer
    if problem.task == "linear_equation":
        assert given > 100  # the project's rationals are decided here


def test_none_for_another_gold_kind_or_payload() -> None:
    problem = TASKS.get("linear_equation").from_level(1, seed=5).generate(0)
    assert number_verdict(problem, problem.answer) is not None
    other_kind = dataclasses.replace(problem, payload=json.dumps({**problem.data(), "answer_kind": "set"}))
    assert number_verdict(other_kind, problem.answer) is None
    broken = dataclasses.replace(problem, payload=problem.payload[:-1])
    assert number_verdict(broken, problem.answer) is None
    assert VERIFIER.verify(broken, problem.answer).status == "error"
    listed = dataclasses.replace(problem, payload="[1, 2]")
    assert number_verdict(listed, problem.answer) is None
    boxed_gold = dataclasses.replace(problem, answer=f"\\boxed{{{problem.answer}}}")
    assert number_verdict(boxed_gold, problem.answer) is None


def test_verify_never_raises_on_a_broken_problem() -> None:
    problem = TASKS.get("linear_equation").from_level(1, seed=5).generate(0)
    for broken in (dataclasses.replace(problem, payload=None), dataclasses.replace(problem, answer=None),
                   dataclasses.replace(problem, payload={"unhashable": 1})):
        assert VERIFIER.verify(broken, problem.answer if broken.answer is not None else "3").status in ("error", "unreadable")
