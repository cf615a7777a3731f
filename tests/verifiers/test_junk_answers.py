"""Every task's verifier gives a verdict for any answer text, never an exception: a reward function
that raises takes a training run down with it. Seeded junk built from pieces that trip readers."""

from __future__ import annotations

import random

import pytest

from cotforge.core.registry import TASKS, VERIFIERS

PIECES = ["[", "]", "(", ")", "{", "}", "1", "4", "-", "+", "*", "/", "^", "!", ",", "=", "<", "x", "\\frac",
          "\\boxed{", ".", " or ", "\n", "Answer:", "yes", "no", "knight", "r1c1", '"', "'", "def f(", "return",
          ":", "True", "None", '{"a": ', "house 1", "seat 2", "->", " ", "\t", "\\", "1e309", "nan"]  # fmt: skip


@pytest.mark.parametrize("task", TASKS.names())
def test_junk_answers_get_a_verdict(task: str) -> None:
    rng = random.Random(task)
    for level in (1, 3):
        problem = TASKS.get(task).from_level(level, seed=3).generate(0)
        verifier = VERIFIERS.get(problem.verifier)
        answers = ["", "=", "[1, 4)", "\\boxed{", "}" * 50, "(" * 300] + [
            "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 10))) for _ in range(40)]
        for answer in answers:
            assert verifier.verify(problem, answer).status in ("accept", "reject", "unreadable", "error"), answer
