"""Answer kinds inferred from a gold string (for annotate input, which has none): the kind, and
that the math verifier then accepts equal answers written another way and rejects wrong ones."""

from __future__ import annotations

import json

import pytest

from cotforge.core.records import Problem
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers.math_kind import answer_payload, infer_kind

KINDS = [
    ("42", "value"), ("\\frac{1}{2}", "value"), ("3\\sqrt{2}", "value"), ("x = 3", "value"), ("\\binom{7}{3}", "value"),
    ("x = 2 or x = -3", "set"), ("\\{-3, 2\\}", "set"), ("2, -3", "set"), ("1 \\pm \\sqrt{5}", "set"),
    ("(2, -1)", "tuple"), ("x = 2, y = -1", "tuple"), ("(0, 1)", "tuple"),
    ("[1, 4)", "interval"), ("(-\\infty, 3]", "interval"), ("x < -2 or x > 3", "interval"), ("(1, 2) \\cup (3, 4)", "interval"),
    ("y = 2x + 1", "equation"), ("x^2 - 1 = 0", "equation"),
    ("x^2 + 1", "expression"), ("f(x) = 2x", "expression"), ("t^2 + 3t", "expression"),
    ("(1, +\\infty)", "interval"), ("x \\in [-2, 7]", "interval"), ("(p, q) = (3, 2)", "tuple"), ("z = 1 + 1 = 2", "value"),
    ("(2, 1), (1, 2)", "tuples"), ("\\{(0, 1), (1, 0)\\}", "tuples"), ("\\text{Evelyn}", "text"), ("odd", "text"), ("\\text{(C)}", "text"), ("\\boxed{2}, \\boxed{3}", "set"),
]  # fmt: skip

# gold, an equal answer written differently, a wrong answer
ROUND_TRIPS = [
    ("x = 2 or x = -3", "\\{-3, 2\\}", "\\{2, 3\\}"),
    ("(2, -1)", "x = 2, y = -1", "(-1, 2)"),
    ("x = 2, y = -1", "(2, -1)", "(2, 1)"),
    ("[1, 4)", "1 \\le x < 4", "[1, 4]"),
    ("x < -2 or x > 3", "(-\\infty, -2) \\cup (3, \\infty)", "(-2, 3)"),
    ("y = 2x + 1", "2y = 4x + 2", "y = 2x - 1"),
    ("x^2 + 1", "1 + x \\cdot x", "x^2 - 1"),
    ("t^2 + 3t", "t(t + 3)", "t^2 + 3"),
    ("\\frac{1}{2}", "0.5", "0.25"),
]  # fmt: skip


def _problem(gold: str, kind: str = "auto") -> Problem:
    return Problem(task="annotate", task_version=1, domain="math", level=0, seed=0, index=0, question="q", answer=gold,
                   payload=json.dumps(answer_payload(gold, kind)), space="lm", verifier="math", metadata="{}")  # fmt: skip


@pytest.mark.parametrize(("gold", "kind"), KINDS)
def test_kind_is_inferred(gold: str, kind: str) -> None:
    assert infer_kind(gold)[0] == kind


@pytest.mark.parametrize(("gold", "equal", "wrong"), ROUND_TRIPS)
def test_inferred_kind_verifies_other_forms(gold: str, equal: str, wrong: str) -> None:
    problem = _problem(gold)
    verifier = VERIFIERS.get("math")
    assert verifier.verify(problem, gold).accepted
    assert verifier.verify(problem, equal).accepted, verifier.verify(problem, equal)
    assert verifier.verify(problem, wrong).status == "reject"


def test_a_given_kind_overrides_the_guess() -> None:
    """A pair in round brackets is guessed a tuple; as an interval it is one when asked."""
    assert infer_kind("(2, 5)")[0] == "tuple"
    verifier = VERIFIERS.get("math")
    assert verifier.verify(_problem("(2, 5)", "interval"), "2 < x < 5").accepted
    assert verifier.verify(_problem("(2, 5)"), "2 < x < 5").status != "accept"
    assert answer_payload("(2, 5)", "tuple") == {"answer_kind": "tuple", "variables": ["x", "y"]}
