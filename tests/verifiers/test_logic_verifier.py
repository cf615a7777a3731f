"""knights_knaves verifier: reads answers as models write them, checks every statement."""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest

from cotforge.domains.logic import And, Claim, Or, Puzzle
from cotforge.core.records import Problem, Step
from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.verifiers.logic import KnightsKnavesVerifier

VERIFIER = VERIFIERS.get("knights_knaves")

# Zoe: "Ned is a knave."  Ned: "Zoe and I are both knights."  Bob: "Zoe or Ned is a knave."
# Only answer: Zoe knight, Ned knave, Bob knight.
PUZZLE = Puzzle(
    ("Zoe", "Ned", "Bob"),
    ((0, Claim(1, False)), (1, And(Claim(0, True), Claim(1, True))), (2, Or(Claim(0, False), Claim(1, False)))),
)
PROBLEM = Problem("knights_knaves", 1, "logic", 2, 0, 0, "", "Zoe is a knight, Ned is a knave, Bob is a knight",
                  json.dumps(PUZZLE.payload()), "knights_knaves", "knights_knaves")  # fmt: skip


def _state(zoe: str | None, ned: str | None, bob: str | None, assumed: tuple[str, ...] = ()) -> str:
    return json.dumps({"Zoe": zoe, "Ned": ned, "Bob": bob, "assumed": list(assumed)})


def test_registered_instance() -> None:
    assert isinstance(VERIFIER, KnightsKnavesVerifier)


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_gold_accepted_and_perturbed_rejected(level: int) -> None:
    gen = TASKS.get("knights_knaves").from_level(level, seed=4)
    for i in range(30):
        problem = gen.generate(i)
        assert VERIFIER.verify(problem, problem.answer).accepted
        verdict = VERIFIER.verify(problem, gen.perturb(problem, random.Random(i)))
        assert verdict.status == "reject" and "statement" in verdict.reason


@pytest.mark.parametrize(
    "answer",
    [
        "Zoe is a knight, Ned is a knave, Bob is a knight",
        "Zoe is a knight and Ned is a knave. Bob is a knight.",
        "zoe: KNIGHT, ned: knave, bob: knight",
        "Zoe and Bob are knights, while Ned is a knave.",
        "Knights: Zoe, Bob\nKnaves: Ned",
        '{"Zoe": "knight", "Ned": "knave", "Bob": "Knight"}',
        '{"zoe": true, "ned": false, "bob": true, "reasoning": "Zoe tells the truth"}',
        '{"knights": ["Zoe", "Bob"], "knaves": ["Ned"]}',
        "Zoe isn’t a knave; Ned and Bob? Ned is a knave and Bob is a knight.",
        "After checking every case, the final answer is \\boxed{Zoe: knight, Ned: knave, Bob: knight}",
        "Zoe says Ned lies, so ... Answer: Zoe is a knight, Ned is a knave, Bob is a knight.",
        "Ned is a knave; everyone else is a knight.",
        "Zoe is not a knave, Ned is not a knight, and Bob is not a knave.",
        "Zoe - truth-teller, Ned - liar, Bob - truth-teller",
    ],
)
def test_accepts_the_right_answer_in_many_formats(answer: str) -> None:
    verdict = VERIFIER.verify(PROBLEM, answer)
    assert verdict.accepted, verdict.reason


@pytest.mark.parametrize(
    "answer, needle",
    [
        ("Zoe is a knight, Ned is a knave", "Bob"),
        ("I think it is impossible to tell.", "no knight/knave"),
        ("", "no answer"),
        (None, "no answer"),
        ("Zoe is a knight, Ned is a knight, Bob is a knight", "statement"),
        ("Zoe is a knave, Ned is a knight, Bob is a knave", "statement"),
        ("Zoe is a knight, Zoe is a knave, Ned is a knave, Bob is a knight", "both"),
        ('{"Zoe": "knight", "Ned": "maybe", "Bob": "knight"}', "Ned"),
        ("\\boxed{Zoe: knight, Ned: knave, Bob: knight", "boxed"),
    ],
)
def test_rejects_with_a_reason(answer: str | None, needle: str) -> None:
    """A wrong assignment is rejected; one that cannot be read in full, or says both, is unreadable."""
    verdict = VERIFIER.verify(PROBLEM, answer)
    expected = "reject" if needle == "statement" else "unreadable"
    assert verdict.status == expected and needle in verdict.reason, verdict


def test_bad_payload_is_an_error_not_a_reject() -> None:
    broken = replace(PROBLEM, payload=json.dumps({"names": ["Zoe"], "statements": [{"speaker": 3}]}))
    assert VERIFIER.verify(broken, "Zoe is a knight").status == "error"
    assert VERIFIER.check_steps(broken, [Step("x", "{}", "deduce")]) == [None]


def test_check_steps_labels_each_kind() -> None:
    # Forced means: true in every consistent completion (the puzzle has one answer).
    assert VERIFIER.check_steps(PROBLEM, [Step("Bob lies.", _state(None, None, "knave"), "deduce")]) == [False]
    refuted = [
        Step("Suppose Ned is a knight.", _state(None, "knight", None, ("Ned",)), "assume"),
        Step("Then Zoe lies.", _state("knave", "knight", None, ("Ned",)), "deduce"),  # vacuous: no completion
        Step("Contradiction.", _state("knave", "knight", None, ("Ned",)), "contradiction"),
    ]
    assert VERIFIER.check_steps(PROBLEM, refuted) == [None, True, True]
    kept = [
        Step("Suppose Ned is a knave.", _state(None, "knave", None, ("Ned",)), "assume"),
        Step("Then Zoe lies.", _state("knave", "knave", None, ("Ned",)), "deduce"),  # does not follow
        Step("Contradiction.", _state(None, "knave", None, ("Ned",)), "contradiction"),  # there is none
    ]
    assert VERIFIER.check_steps(PROBLEM, kept[:2]) == [None, False]
    assert VERIFIER.check_steps(PROBLEM, [kept[0], kept[2]]) == [None, False]
    sound = [
        Step("Refute Zoe a knave.", _state("knight", None, None), "deduce"),
        Step("So Ned is a knave.", _state("knight", "knave", None), "deduce"),
        Step("So Ned is a knight.", _state("knight", "knight", None), "deduce"),  # changes a known value
        Step("Answer.", _state("knight", "knave", "knight"), "answer"),
        Step("free text", "not json", "deduce"),
    ]
    assert VERIFIER.check_steps(PROBLEM, sound) == [True, True, False, True, None]
    after_error = [
        Step("Wrong.", _state("knave", None, None), "deduce"),
        Step("Then Ned is a knight.", _state("knave", "knight", None), "deduce"),
        Step("Answer.", _state("knave", "knight", "knave"), "answer"),
        Step("Contradiction.", _state("knight", "knave", None), "contradiction"),
    ]
    assert VERIFIER.check_steps(PROBLEM, after_error) == [False, False, False, False]


def test_a_crash_in_the_check_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self: Puzzle, values: object) -> list[object]:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(Puzzle, "violated", boom)
    verdict = VERIFIER.verify(PROBLEM, PROBLEM.answer)
    assert verdict.status == "error" and "ZeroDivisionError" in verdict.reason
