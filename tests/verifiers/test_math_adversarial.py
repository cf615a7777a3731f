"""The adversarial math table (``math_adversarial_data``): no wrong answer accepted, every right phrasing
accepted, and the verifier, ``score`` and the TRL reward reading every completion the same way."""

from __future__ import annotations

import json

import pytest
from math_adversarial_data import TABLE

from cotforge.core.records import Problem
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers.math_kind import answer_payload
from cotforge.verifiers.rewards import score, verified_reward


def _payload(gold: str, kind: str) -> str:
    if kind == "auto":
        return json.dumps(answer_payload(gold))
    names = ["x", "y", "z"][: gold.count(",") + 1] if kind == "tuple" else ["x", "y"] if kind == "equation" else ["x"]
    return json.dumps({"answer_kind": kind, "variables": names})


def _row(gold: str, kind: str) -> dict:
    return {"answer": gold, "verifier": "math", "payload": _payload(gold, kind), "task": "adversarial", "domain": "math", "level": 1}


def _verdict(gold: str, kind: str, completion: str):
    row = _row(gold, kind)
    problem = Problem("adversarial", 1, "math", 1, 0, 0, "q", gold, row["payload"], "lm", "math")
    return VERIFIERS.get("math").verify(problem, completion)


@pytest.mark.parametrize(("gold", "kind", "completion", "accepted"), TABLE)
def test_entry(gold: str, kind: str, completion: str, accepted: bool) -> None:
    verdict = _verdict(gold, kind, completion)
    assert verdict.accepted == accepted, verdict.reason
    if not accepted:
        assert verdict.status in ("reject", "unreadable") and verdict.reason


def test_no_false_positive_and_no_false_negative_over_the_table() -> None:
    false_positives, false_negatives = [], []
    for gold, kind, completion, accepted in TABLE:
        got = _verdict(gold, kind, completion).accepted
        if got and not accepted:
            false_positives.append((gold, completion))
        elif accepted and not got:
            false_negatives.append((gold, completion))
    right = sum(accepted for *_, accepted in TABLE)
    print(f"\nadversarial math table: {len(TABLE)} pairs ({right} right, {len(TABLE) - right} not to accept); "
          f"false positives {len(false_positives)}, false negatives {len(false_negatives)}")
    for label, pairs in (("false positive", false_positives), ("false negative", false_negatives)):
        for pair in pairs:
            print(f"  {label}: {pair}")
    assert false_positives == [] and false_negatives == []


def test_verify_score_and_the_trl_reward_agree_on_every_entry() -> None:
    rows = [_row(gold, kind) for gold, kind, _, _ in TABLE]
    completions = [completion for _, _, completion, _ in TABLE]
    columns = {key: [row[key] for row in rows] for key in ("answer", "verifier", "payload", "task", "domain", "level")}
    rewards = verified_reward(completions, **columns)
    conversational = verified_reward([[{"role": "assistant", "content": c}] for c in completions], **columns)
    for (gold, kind, completion, _), row, reward, chat in zip(TABLE, rows, rewards, conversational):
        verdict = _verdict(gold, kind, completion)
        scored = score(row, completion)
        assert (scored.status, scored.reason) == (verdict.status, verdict.reason), completion
        assert reward == chat == scored.reward == (1.0 if verdict.accepted else 0.0), completion


def test_the_table_is_large_and_covers_every_way_of_writing() -> None:
    assert len(TABLE) >= 400 and len(set(TABLE)) == len(TABLE)
    right = sum(accepted for *_, accepted in TABLE)
    assert right >= 200 and len(TABLE) - right >= 200
    completions = " ".join(completion for _, _, completion, _ in TABLE)
    for form in ("\\boxed{", "<answer>", "<think>", "#### ", "Final answer:", "The answer is", "```", "\\(", "\\[", "percent",
                 "No wait", "Actually", " or ", "\\text{"):
        assert form in completions, form


@pytest.mark.parametrize(
    "gold",
    ["\\boxed{1} no no no no no \\boxed{2}", "(a) \\boxed{3}. (b) Then \\boxed{5}.", "\\boxed{3", "???"],
)
def test_a_gold_read_only_by_guessing_is_an_error_and_no_reward(gold: str) -> None:
    for kind in ("value", "set"):
        verdict = _verdict(gold, kind, "$\\boxed{1,2}$")
        assert verdict.status == "error" and "gold answer unreadable" in verdict.reason
        assert score(_row(gold, kind), "$\\boxed{1,2}$").reward is None


HOSTILE = {  # name: (completion, the verdict it must get)
    "1 MB answer": ("1" * 1_000_000, "unreadable"),
    "1 MB of prose": ("They sold 125 tickets. " * 45_000, "unreadable"),
    "1 MB in a box": ("\\boxed{" + "9" * 1_000_000 + "}", "unreadable"),
    "10,000 boxes side by side": ("\\boxed{125}" * 10_000, "unreadable"),  # read together: 10,000 candidates
    "10,000 boxes apart": ("\\boxed{125}. " * 9_999 + "\\boxed{124}", "reject"),
    "10,000 nested boxes": ("\\boxed{" * 10_000 + "125" + "}" * 10_000, "unreadable"),
    "10,000 unclosed boxes": ("\\boxed{" * 10_000 + "125", "unreadable"),
    "deep brackets": ("(" * 50_000 + "125" + ")" * 50_000, "unreadable"),
    "deep LaTeX fractions": ("\\frac{1}{" * 2_000 + "1" + "}" * 2_000, "unreadable"),
    "10,000 markers": ("The answer is 124. " * 10_000 + "The answer is 125.", "accept"),
    "10,000 tags": ("<answer>124</answer>" * 10_000 + "<answer>125</answer>", "accept"),
    "thousands separators": ("1," + "000," * 100_000 + "000", "unreadable"),
    "percent signs": ("125" + "%" * 100_000, "unreadable"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_completions_get_a_verdict(name: str) -> None:
    completion, status = HOSTILE[name]
    verdict = _verdict("125", "value", completion)
    assert verdict.status == status and (verdict.reason or status == "accept"), verdict.reason
    assert score(_row("125", "value"), completion).reward == (1.0 if status == "accept" else 0.0)
