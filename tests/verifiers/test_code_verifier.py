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


SUM = "total = 0\nfor i in range(1, 4):\n    total += i\nx = total * 2\nprint(x)\n"


def _sum_problem(program: str = SUM, output: str = "12\n") -> Problem:
    return Problem("code_output", 1, "code", 1, 0, 0, "", output.strip(), json.dumps({"program": program, "output": output}),
                   "code_trace", "code_output")  # fmt: skip


def _at(line: int | None, output: str = "", **variables: object) -> Step:
    return Step(text="...", state=json.dumps({"line": line, "vars": {k: repr(v) for k, v in variables.items()}, "output": output}))


REAL = [_at(1, total=0), _at(2, total=0, i=1), _at(3, total=1, i=1), _at(2, total=3, i=3), _at(3, total=6, i=3),
        _at(4, total=6, i=3, x=12), _at(5, "12\n", total=6, i=3, x=12), _at(None, "12\n", total=6, i=3, x=12)]


def test_check_steps_matches_each_state_to_the_program_run_again() -> None:
    """The real run's states, some skipped as a folded trace skips them, pass; a variable the program never
    holds there fails, though the output so far is right."""
    assert VERIFIER.check_steps(_sum_problem(), REAL) == [True] * len(REAL)
    misread = [*REAL[:4], _at(3, total=4, i=3), _at(4, total=4, i=3, x=8)]  # an accumulator misread
    assert VERIFIER.check_steps(_sum_problem(), misread) == [True] * 4 + [False, False]
    assert VERIFIER.check_steps(_sum_problem(), [REAL[0], _at(9, total=0)]) == [True, False]  # a line not run
    assert VERIFIER.check_steps(_sum_problem(), [REAL[4], REAL[2]]) == [True, False]  # an earlier state, after a later one
    assert VERIFIER.check_steps(_sum_problem(), [REAL[2], _at(None, "12\n", total=5, i=3, x=12)]) == [True, False]


def test_check_steps_without_machine_state_or_a_run_is_not_checkable(monkeypatch: pytest.MonkeyPatch) -> None:
    free = Step(text="total is 6 now", state="total = 6")
    no_vars = Step(text="...", state=json.dumps({"output": ""}))
    assert VERIFIER.check_steps(_sum_problem(), [free, no_vars, REAL[-1]]) == [None, None, True]
    crashes = "print(1)\nimport os\nos._exit(3)\n"  # the re-run itself dies (no trace comes back)
    assert VERIFIER.check_steps(_sum_problem(crashes, "1\n"), [_at(1, "1\n"), _at(None, "2\n")]) == [None, False]
    from cotforge.verifiers import _retrace

    def broken(*args: object, **kwargs: object) -> object:
        raise OSError("no sandbox here")

    _retrace.retrace.cache_clear()
    monkeypatch.setattr(_retrace, "run_warm", broken)
    assert VERIFIER.check_steps(_sum_problem(), [*REAL[:2], REAL[-1]]) == [None, None, None]
    _retrace.retrace.cache_clear()


def test_check_steps_reruns_a_program_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from cotforge.verifiers import _retrace

    runs: list[str] = []
    real_run = _retrace.run_warm

    def counted(source: str, **kwargs):  # type: ignore[no-untyped-def]
        runs.append(kwargs["stdin"])
        return real_run(source, **kwargs)

    program = SUM.replace("x = total * 2", "x = total * 2  # once")
    monkeypatch.setattr(_retrace, "run_warm", counted)
    for _ in range(3):
        assert VERIFIER.check_steps(_sum_problem(program), REAL) == [True] * len(REAL)
    assert runs == [program]
