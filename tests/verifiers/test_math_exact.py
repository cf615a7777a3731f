"""The table of exact readers (verifiers/math_exact.py) through the math verifier: each kind's reader gives the general
route's verdict on the project's own answers and on completions around them, and a short answer it decides never goes
to the bounded worker."""

from __future__ import annotations

import json

import pytest

from cotforge.core.records import Problem
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers import math as math_verifier
from cotforge.verifiers import math_exact

GOLDS = {  # kind -> (gold, a wrong answer of the same shape)
    "value": ("-\\frac{3}{4}", "\\frac{3}{4}"),
    "set": ("\\{-2, 1 + \\sqrt{5}\\}", "\\{-2, 1 - \\sqrt{5}\\}"),
    "interval": ("\\left(-\\infty, 3\\right) \\cup \\left[5, \\infty\\right)", "\\left(-\\infty, 3\\right]"),
    "expanded": ("3 x^{2} - 5 x + 2", "3 x^{2} + 5 x + 2"),
    "expression": ("x^{3} - 1", "x^{3} + 1"),
    "factored": ("\\left(x - 2\\right) \\left(3 x + 1\\right)", "\\left(x + 2\\right) \\left(3 x + 1\\right)"),
    "antiderivative": ("\\frac{x^{3}}{3} + \\sin\\left(x\\right) + C", "x^{3} + \\sin\\left(x\\right) + C"),
}


def _problem(gold: str, kind: str) -> Problem:
    return Problem("exact", 1, "math", 1, 0, 0, "q", f"\\boxed{{{gold}}}", json.dumps({"answer_kind": kind}), "lm", "math")


def _completions(gold: str, wrong: str) -> list[str]:
    return [gold, wrong, f"\\boxed{{{gold}}}", f"So the answer is \\boxed{{{wrong}}}.", f"The answer: {gold}",
            f"\\boxed{{{gold}}} or rather \\boxed{{{wrong}}}", "no answer here"]


def test_the_table_covers_only_known_kinds() -> None:
    assert set(math_exact.READERS) <= set(math_verifier.KINDS)
    assert math_exact.decide("no such kind", {}, "\\boxed{1}", "1", ["x"]) is None


@pytest.mark.parametrize("kind", sorted(GOLDS))
def test_each_reader_gives_the_general_routes_verdicts(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    verifier = VERIFIERS.get("math")
    gold, wrong = GOLDS[kind]
    problem = _problem(gold, kind)
    texts = _completions(gold, wrong)
    decided = [math_exact.decide(kind, problem.data(), problem.answer, text, ["x"]) for text in (gold, wrong)]
    assert decided == [True, False]  # the reader itself reads both shapes
    fast = [(v.status, v.reason) for v in (verifier.verify(problem, t) for t in texts)]
    monkeypatch.setattr(math_exact, "READERS", {})
    monkeypatch.setattr(math_exact, "number_verdict", lambda problem, answer: None)
    general = [(v.status, v.reason) for v in (verifier.verify(problem, t) for t in texts)]
    assert fast == general
    assert [status for status, _ in fast][:4] == ["accept", "reject", "accept", "reject"]


def test_a_short_answer_a_reader_decides_is_verified_on_the_calling_thread(bounded_calls: list[str]) -> None:
    calls = bounded_calls
    verifier = VERIFIERS.get("math")
    for kind, (gold, wrong) in GOLDS.items():
        assert verifier.verify(_problem(gold, kind), f"So the answer is \\boxed{{{gold}}}.").accepted, kind
        assert not verifier.verify(_problem(gold, kind), f"\\boxed{{{wrong}}}").accepted, kind
    assert calls == []
    assert verifier.verify(_problem("x^{3} - 1", "expression"), "(x - 1)(x^2 + x + 1)").accepted  # the general route
    assert calls == ["bounded"]
