"""Plain decimal answers read exactly (small10x, issue 21): the value the general reader reads, other texts refused,
and the math verifier's verdicts on value answers the same as the general route's."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest

from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.verifiers import math_exact
from cotforge.verifiers.math_read import project_number, read
from cotforge.verifiers.small_decimal_read import project_decimal, project_rational


def _decimals(rng: random.Random, n: int) -> list[str]:
    out = ["0.0", "-0.0", "1.0", "0.5", "-0.5", "332.50", "12812.80", "0.000001", "-9999999.99"]
    for _ in range(n):
        whole = str(rng.choice([0, rng.randint(1, 9), rng.randint(10, 999), rng.randint(1000, 10**12)]))
        places = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 6)))
        out.append(rng.choice(["", "-"]) + whole + "." + places)
    return out


def test_decimals_read_as_the_general_reader_reads_them() -> None:
    for text in _decimals(random.Random(3), 2000):
        assert project_decimal(text).values == read(text, "value", ["x"]).values, text


@pytest.mark.parametrize("text", [".5", "5.", "007.5", "00.5", "1,000.5", "1 000.5", "- 0.5", "+0.5", "1.5e3", "1.5\\%",
                                  "\\$1.50", "1.5 dollars", "x = 1.5", "1.2.3", "1.", "0x1.8", "１.５", "1.5\n2", "",
                                  "1." + "0" * 31, "1" * 32 + ".5"])
def test_other_texts_are_left_to_the_general_reader(text: str) -> None:
    assert project_decimal(text) is None


def test_rationals_are_still_the_project_numbers() -> None:
    for text in ("7", "-12", "-\\frac{3}{4}", "0"):
        assert project_rational(text) == project_number(text)


def _verdicts(problems, answers) -> list:  # type: ignore[no-untyped-def]
    verifier = VERIFIERS.get("math")
    out = []
    for problem in problems:
        for answer in answers:
            verdict = verifier.verify(problem, answer)
            out.append((verdict.status, verdict.reason))
    return out


def test_value_verdicts_are_the_general_routes(monkeypatch: pytest.MonkeyPatch) -> None:
    base = TASKS.get("percentage").from_level(3, seed=1).generate(0)
    golds = ["76.25", "332.50", "-0.5", "0.0", "12", "-3", "\\frac{1}{2}", "-\\frac{665}{2}", "1.5", "\\sqrt{2}", "3.1416"]
    problems = [dataclasses.replace(base, answer=g, payload=json.dumps({"answer_kind": "value"})) for g in golds]
    answers = ["76.25", "76.250", "76.2", "76.26", "332.5", "332.50", "-0.50", "-0.5", "0.0", "-0.0", "0", "12.0", "12.00",
               "-3.0", "0.5", "1.50", "1.4142", "1.41421356", "3.1416", "\\boxed{332.50}", "The total is 332.50.",
               "x = 76.25", "$-0.5$", "1.5 or 2.5", ".5", "007.5", "1,000.5", "0.5%", "\\frac{1}{2}", "-\\frac{665}{2}"]
    new = _verdicts(problems, answers)
    monkeypatch.setattr(math_exact, "project_rational", project_number)  # the general route, as before this reader
    math_exact._gold_number.cache_clear()
    try:
        assert new == _verdicts(problems, answers)
    finally:
        math_exact._gold_number.cache_clear()
    assert sum(status == "accept" for status, _ in new) > 20 and sum(status == "reject" for status, _ in new) > 100
