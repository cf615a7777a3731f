"""Expression bombs end as an ``unreadable`` verdict from the input guards (reward 0, never a pass for the
policy that wrote them), in worker threads and processes alike."""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest

from cotforge.core.records import Problem
from cotforge.core.registry import VERIFIERS

BOMBS = {
    "tower": "10**10**10**10",
    "latex tower": "2^{2^{2^{2^{2^{2}}}}}",
    "power of a power": "(10^{300})^{10000}",
    "tiny base, negative power": "(10^{-300})^{-10000}",
    "exp of a huge number": "\\exp(10^{300})",
    "nested brackets": "(" * 5000 + "1" + ")" * 5000,
    "nested LaTeX brackets": "\\left(" * 5000 + "1" + "\\right)" * 5000,
    "1 MB string": "1" * 1_000_000,
    "1 MB inside a box": "\\boxed{" + "9" * 1_000_000 + "}",
    "huge polynomial power": "(x + 1)^{99999}",
    "factorial": "100000!",
    "factorial of a power": "(10^6)!",
    "factorial of a factorial": "(10!)!",
    "factorial of a huge number": "1000000000000!",
    "power of a factorial": "2^{10!}",
    "binomial": "\\binom{10^9}{5*10^8}",
    "LaTeX binomial": "\\dbinom{10^{9}}{5 \\cdot 10^{8}}",
    "binomial just past the limit": "\\binom{70000}{35000}",
    "choose": "{10^{6} \\choose 5 \\cdot 10^{5}}",
}


def _problem(gold: str = "3/4", kind: str = "value") -> Problem:
    payload = json.dumps({"answer_kind": kind, "variable": "x"})
    return Problem("t", 1, "math", 1, 0, 0, "q", gold, payload, "arithmetic", "math")


def _check(answer: str) -> tuple[str, str]:
    verdict = VERIFIERS.get("math").verify(_problem(), answer)
    return verdict.status, verdict.reason


def _assert_refused(status: str, reason: str) -> None:
    # refused by a guard before any costly work, not left running until the time-out
    assert status == "unreadable", reason
    assert "took longer" not in reason and ("too costly" in reason or "characters" in reason), reason


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_bomb_is_an_error_found_by_the_guards(name: str) -> None:
    _assert_refused(*_check(BOMBS[name]))


@pytest.mark.parametrize("answer", ["(-3)!", "(1/2)!", "2.5!", "\\sqrt{2}!", "\\binom{5}{2.5}", "\\binom{-5}{3}", "5!!"])
def test_a_factorial_of_a_number_that_is_not_a_natural_number_is_rejected_not_crashed(answer: str) -> None:
    status, reason = _check(answer)
    assert status == "unreadable" and reason


def test_bombs_and_answers_in_worker_threads() -> None:
    answers = [*BOMBS.values(), "3/4", "0.75", "\\frac{3}{4}"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(_check, answers))
    for status, reason in results[: len(BOMBS)]:
        _assert_refused(status, reason)
    assert [status for status, _ in results[len(BOMBS) :]] == ["accept"] * 3


def test_bombs_and_answers_in_a_forked_process_after_the_parent_verified() -> None:
    assert _check("3/4")[0] == "accept"  # the parent now has a worker thread, which a fork does not copy
    answers = ["10**10**10**10", "(" * 5000 + "1" + ")" * 5000, "1" * 1_000_000, "3/4", "1/2"]
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        results = list(pool.map(_check, answers))
    for status, reason in results[:3]:
        _assert_refused(status, reason)
    assert [status for status, _ in results[3:]] == ["accept", "reject"]
