"""code_output verifier: exact output match read leniently, steps checked as output prefixes."""

from __future__ import annotations

import json

import pytest

from cotforge.core.records import Problem, Step
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers.code import CodeOutputVerifier, extract_output

VERIFIER = VERIFIERS.get("code_output")
OUTPUT = "6\nbig 10\n{'a': 1}\n"
PROBLEM = Problem("code_output", 1, "code", 1, 0, 0, "", "6\nbig 10\n{'a': 1}",
                  json.dumps({"program": "...", "output": OUTPUT}), "code_trace", "code_output")  # fmt: skip


def _step(output: str) -> Step:
    return Step(text="...", state=json.dumps({"line": 1, "vars": {}, "output": output}))


def test_registered_instance() -> None:
    assert isinstance(VERIFIER, CodeOutputVerifier) and VERIFIER.name == "code_output"


@pytest.mark.parametrize(
    "answer",
    [
        "6\nbig 10\n{'a': 1}",
        "6  \nbig 10\t\n{'a': 1}\n\n\n",
        "```\n6\nbig 10\n{'a': 1}\n```",
        "The program prints:\n```text\n6\nbig 10\n{'a': 1}\n```\n",
        "\\boxed{6\nbig 10\n{'a': 1}}",
        "6\r\nbig 10\r\n{'a': 1}\r\n",
    ],
)
def test_accepts_the_output_however_written(answer: str) -> None:
    assert VERIFIER.verify(PROBLEM, answer).accepted


def test_an_output_line_that_looks_like_a_gsm8k_marker_is_output() -> None:
    """A program printing "####." (found by the code_output bench: the gold failed against itself)."""
    problem = Problem("code_output", 1, "code", 1, 0, 0, "", "21 2\n####.",
                      json.dumps({"program": "...", "output": "21 2\n####.\n"}), "code_trace", "code_output")  # fmt: skip
    assert VERIFIER.verify(problem, "21 2\n####.").accepted
    assert VERIFIER.verify(problem, "```\n21 2\n####.\n```").accepted
    assert not VERIFIER.verify(problem, "21 2\n####").accepted


def test_rejects_with_the_first_differing_line() -> None:
    verdict = VERIFIER.verify(PROBLEM, "6\nbig 11\n{'a': 1}")
    assert verdict.status == "reject" and "line 2" in verdict.reason and "'big 11'" in verdict.reason


def test_rejects_missing_and_extra_lines_and_no_answer() -> None:
    assert "line 3" in VERIFIER.verify(PROBLEM, "6\nbig 10").reason
    assert "line 4" in VERIFIER.verify(PROBLEM, OUTPUT + "7").reason
    assert VERIFIER.verify(PROBLEM, None).status == "unreadable"
    assert VERIFIER.verify(PROBLEM, " 6\nbig 10\n{'a': 1}").status == "reject"  # leading space matters


def test_broken_payload_is_an_error_not_a_reject() -> None:
    for payload in ("not json", json.dumps({"program": "x"}), json.dumps({"output": 3})):
        broken = Problem("code_output", 1, "code", 1, 0, 0, "", "6", payload, "code_trace", "code_output")
        assert VERIFIER.verify(broken, "6").status == "error"
        assert VERIFIER.check_steps(broken, [_step("6\n")]) == [None]


def test_extract_output_prefers_last_fence_and_balances_braces() -> None:
    assert extract_output("```\nold\n```\nno wait:\n```\nnew\n```") == "new"
    assert extract_output("so \\boxed{{1: {2}}}") == "{1: {2}}"
    assert extract_output("```42```") == "42"


def test_check_steps_prefixes_and_final_equality() -> None:
    steps = [_step(""), _step("6\n"), _step("6\nbig 10\n"), _step(OUTPUT)]
    assert VERIFIER.check_steps(PROBLEM, steps) == [True, True, True, True]
    assert VERIFIER.check_steps(PROBLEM, [_step("6\nbig 11\n"), _step(OUTPUT)]) == [False, True]
    assert VERIFIER.check_steps(PROBLEM, [_step("6\n"), _step("6\nbig 10\n")]) == [True, False]  # stops early
    free_text = Step(text="I think it prints 6", state="x = 6")
    assert VERIFIER.check_steps(PROBLEM, [free_text, _step(OUTPUT)]) == [None, True]
