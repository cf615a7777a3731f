"""exact verifier: labels read through the shared reader, compared after normalising; never guessed."""

from __future__ import annotations

import pytest

from cotforge.core.records import Problem
from cotforge.core.registry import VERIFIERS

V = VERIFIERS.get("exact")
GOLD = Problem("user", 1, "text", 1, 0, 0, "Capital of France?", "Paris", "{}", "", "exact")


@pytest.mark.parametrize("answer", ["Paris", "paris.", "The answer is Paris.", "<think>Lyon?</think>\n**Paris**",
                                    "\\boxed{Paris}", "<answer>Paris</answer>", "Final answer: $Paris$"])  # fmt: skip
def test_right_answers_in_any_wrapper(answer: str) -> None:
    assert V.verify(GOLD, answer).accepted, answer


@pytest.mark.parametrize(("answer", "status"), [
    ("Lyon", "reject"), ("First \\boxed{Paris}. Final answer: Lyon", "reject"), ("Paris or Lyon", "reject"),
    (None, "unreadable"), ("", "unreadable"), ("\\boxed{Par", "unreadable"), ("<think>Paris", "unreadable"),
])  # fmt: skip
def test_wrong_and_unreadable(answer: str | None, status: str) -> None:
    assert V.verify(GOLD, answer).status == status


def test_unusable_gold_is_an_error() -> None:
    for gold in ("", "\\boxed{Par"):
        assert V.verify(Problem("user", 1, "text", 1, 0, 0, "q", gold, "{}", "", "exact"), "Paris").status == "error"
