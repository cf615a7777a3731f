"""code_tests and code_input verifiers: sandboxed runs, exact types, honest errors, batched step checks."""

from __future__ import annotations

import json

import pytest

from cotforge.domains.code_harness import extract_code, harness, parse, tag, untag
from cotforge.core.records import Problem, Step
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers import code_tests
from cotforge.sandbox.runner import Limits, RunResult

TESTS = VERIFIERS.get("code_tests")
INPUT = VERIFIERS.get("code_input")
SOURCE = "def f(nums):\n    return sum(e * e for e in nums)\n"
PROBLEM = Problem("function_synthesis", 1, "code", 1, 0, 0, "", f"```python\n{SOURCE}```",
                  json.dumps({"tests": [{"arg": [1, 2], "want": tag(5)}, {"arg": [], "want": tag(0)}]}),
                  "synthesis", "code_tests")
TARGET = Problem("code_input", 1, "code", 1, 0, 0, "", "[1, 2]",
                 json.dumps({"function": SOURCE, "target": tag(5), "input_type": "list", "ops": []}),
                 "input_search", "code_input")


@pytest.fixture(autouse=True)
def _quick_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(code_tests, "LIMITS", Limits(cpu_seconds=1, wall_seconds=10.0))  # loops end on the CPU limit


def _step(code: str, claims: list) -> Step:  # type: ignore[type-arg]
    return Step(text="...", state=json.dumps({"code": code, "claims": [[a, tag(v)] for a, v in claims]}))


def test_accepts_a_correct_function_however_written() -> None:
    other = "Here it is:\n```python\ndef f(nums):\n    total = 0\n    for e in nums:\n        total += e ** 2\n" \
            "    return total\n```"
    assert TESTS.verify(PROBLEM, PROBLEM.answer).accepted and TESTS.verify(PROBLEM, other).accepted


@pytest.mark.parametrize(("answer", "why"), [
    ("def f(nums):\n    return sum(nums)", "hidden test 1 fails: f([1, 2]) returned 3, expected 5"),
    ("def f(nums):\n    return nums[0] ** 2 + nums[1] ** 2", "hidden test 2 fails: f([]) raised IndexError"),
    ("def f(nums):\n    return True if nums else 0", "returned True, expected 5"),
    ("def f(nums)\n    return 1", "does not parse"),
    ("def f(nums):\n    while True: pass", "did not finish its tests (timeout"),
])
def test_rejects_with_a_reason(answer: str, why: str) -> None:
    verdict = TESTS.verify(PROBLEM, answer)
    assert verdict.status == "reject" and why in verdict.reason, verdict.reason


def test_a_lying_int_subclass_does_not_pass() -> None:
    liar = "class L(int):\n    def __eq__(self, o): return True\n    def __repr__(self): return '5'\n" \
           "def f(nums):\n    return L(0)"
    assert TESTS.verify(PROBLEM, liar).status == "reject"


def test_sandbox_failure_is_an_error_not_a_reject(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(code_tests, "run_warm", lambda *a, **k: RunResult("error", "", "no sandbox", None, 0.0))
    assert TESTS.verify(PROBLEM, PROBLEM.answer).status == "error"
    assert INPUT.verify(TARGET, "[1, 2]").status == "error"
    broken = Problem("x", 1, "code", 1, 0, 0, "", "", "{}", "synthesis", "code_tests")
    assert TESTS.verify(broken, "x").status == "error" and INPUT.verify(broken, "[1]").status == "error"


def test_code_input_accepts_any_valid_input() -> None:
    for answer in ("[1, 2]", "[-2, 1]", "[2, 1, 0]", "f([0, 1, 2])", "```python\n[2, -1]\n```"):
        assert INPUT.verify(TARGET, answer).accepted, answer
    assert "returns 4" in INPUT.verify(TARGET, "[2]").reason
    for bad in ("[1.0, 2]", "'12'", "[True, 2]", str(list(range(60)))):
        assert INPUT.verify(TARGET, bad).status == "reject", bad
    assert INPUT.verify(TARGET, "__import__('os').system('x')").status == "unreadable"  # not a literal


def test_check_claims_runs_all_steps_at_once_and_isolates_a_broken_one() -> None:
    good, wrong = _step(SOURCE, [([3], 9)]), _step(SOURCE, [([3], 10)])
    looping = _step("def f(x):\n    while True: pass\n", [([1], 1)])
    free = Step(text="I think so", state="not json")
    assert TESTS.check_steps(PROBLEM, [good, wrong, free]) == [True, False, None]
    assert TESTS.check_steps(PROBLEM, [good, looping]) == [True, False]


def test_check_claims_many_gives_each_chain_what_its_own_check_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chains checked together (one sandbox run, a step repeated across chains run once) get each chain's own
    verdicts; a chain that breaks the shared run sends every chain to its own check, as before."""
    good, wrong = _step(SOURCE, [([3], 9)]), _step(SOURCE, [([3], 10)])
    other = _step("def f(x):\n    return len(x)\n", [([1, 2], 2), ([], 1)])
    looping = _step("def f(x):\n    while True: pass\n", [([1], 1)])
    free = Step(text="I think so", state="not json")
    runs: list[int] = []
    real = code_tests.run_calls
    monkeypatch.setattr(code_tests, "run_calls", lambda source, calls: runs.append(len(calls)) or real(source, calls))
    chains = [[good, wrong, free], [good, other], [free], [wrong, good, other]]
    alone = [code_tests.check_claims(c) for c in chains]
    runs.clear()
    assert TESTS.check_steps_many(PROBLEM, chains) == alone == [[True, False, None], [True, False], [None], [False, True, False]]
    assert runs == [4]  # one run, each distinct step's claims once (good 1, wrong 1, other 2)
    broken = [*chains, [good, looping]]
    alone = [code_tests.check_claims(c) for c in broken]
    assert alone[-1] == [True, False]
    assert INPUT.check_steps_many(TARGET, broken) == alone
    assert TESTS.check_steps_many(PROBLEM, [chains[0]]) == [alone[0]] and TESTS.check_steps_many(PROBLEM, []) == []


def test_harness_round_trip_and_code_extraction() -> None:
    got = parse(code_tests.run_warm(harness(SOURCE, [("f", [1, 2]), ("g", 1)])).stdout, 2)
    assert got is not None and got[0] == ["ok", tag(5)] and got[1][0] == "error"
    assert untag(tag([1, [2, "a"]])) == [1, [2, "a"]] and parse("noise", 1) is None
    assert extract_code("a\n```python\nold\n```\nthen\n```py\nnew\n```") == "new\n"


@pytest.mark.parametrize("answer", [
    "def f(x):\n    return " + "-" * 19000 + "1",  # exhausts the parser's memory (MemoryError in the host)
    "1+" * 6000 + "1",  # exhausts the compiler's recursion (RecursionError in the host)
    "def f(nums):\n    return 0\x00",  # null byte: compile raises ValueError
    "def f(nums):\n    return '\ud800'",  # lone surrogate: the source cannot be encoded
    "def f(nums)\n    return 1",
])  # fmt: skip
def test_programs_that_do_not_compile_are_rejected_never_raised(answer: str) -> None:
    """Untrusted code is compiled only inside the sandbox: a verdict, and a 0.0 reward, never an exception."""
    from cotforge.verifiers.rewards import verified_reward

    verdict = TESTS.verify(PROBLEM, answer)
    assert verdict.status == "reject" and "does not parse" in verdict.reason, verdict
    row = {"answer": [PROBLEM.answer], "verifier": ["code_tests"], "payload": [PROBLEM.payload],
           "task": [PROBLEM.task], "domain": ["code"], "level": [1]}  # fmt: skip
    assert verified_reward([answer], **row) == [0.0]


def test_code_input_reads_the_common_phrasings() -> None:
    for answer in ("nums = [1, 2]", "Input: [1, 2]", "f(nums=[1, 2])", "The input is `[1, 2]`.",
                   "```python\nnums = [2, 1]\n```", "**Answer:** [1, 2]"):  # fmt: skip
        assert INPUT.verify(TARGET, answer).accepted, answer
    assert INPUT.verify(TARGET, "[1, 2]\n[3]").status == "unreadable"  # two different inputs
    assert INPUT.verify(TARGET, "nums = [3]").status == "reject"
