"""Every task's verifier gives a verdict for any answer text, never an exception: a reward function
that raises takes a training run down with it. Seeded junk built from pieces that trip readers
(and parsers: null bytes, lone surrogates, operator runs, deep nesting), checked through ``verify``
and through the reward function a trainer calls."""

from __future__ import annotations

import random

import pytest

from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.verifiers.rewards import verified_reward

PIECES = ["[", "]", "(", ")", "{", "}", "1", "4", "-", "+", "*", "/", "^", "!", ",", "=", "<", "x", "\\frac",
          "\\boxed{", ".", " or ", "\n", "Answer:", "yes", "no", "knight", "r1c1", '"', "'", "def f(", "return",
          ":", "True", "None", '{"a": ', "house 1", "seat 2", "->", " ", "\t", "\\", "1e309", "nan",
          "\x00", "\ud800", "\ufeff", "```python\n", "```", "def f(nums):\n    return ", "-" * 3000, "1+" * 2000,
          "[" * 300, "not ", "valid", "satisfiable", "No wait, ", "A -> ", "#### ", "<answer>", "</answer>",
          "</think>", "\\begin{array}{ccc}", " & ", "\\\\", "|", "Seat 1:", "Vertex A: red", "knaves are ",
          "p = true", "\u2192", "Final answer: ", "entailed", "(length 7)", "nums = ", "Input: "]  # fmt: skip
HOSTILE = ["", "=", "[1, 4)", "\\boxed{", "}" * 50, "(" * 300, "def f(x):\n    return " + "-" * 19000 + "1",
           "1+" * 6000 + "1", "\\boxed{" * 2000, "[" * 5000 + "]" * 5000, "```python\n" * 500, "\x00" * 10,
           "not " * 3000 + "valid", "A -> " * 4000, "Answer: " * 3000, "9" * 5000 + " + 1",
           "    return " + "-" * 20000 + "1", "a" + " a" * 10000 + ":", "-" * 20000 + ">", "(a" * 10000 + "1",
           "<answer>" * 1000, "1\n" * 10000]  # fmt: skip
"""Each of these once took seconds in some reader (quadratic patterns, a 5,000-digit int()); a
regression shows as a test that does not finish, never as a timing assertion."""
STATUSES = ("accept", "reject", "unreadable", "error")


def _answers(task: str) -> list[str]:
    rng = random.Random(task)
    return HOSTILE + ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 10))) for _ in range(40)]


def _reward(problem, completions: list[str]) -> list[float | None]:  # type: ignore[no-untyped-def]
    n = len(completions)
    return verified_reward(completions, answer=[problem.answer] * n, verifier=[problem.verifier] * n,
                           payload=[problem.payload] * n, task=[problem.task] * n, domain=[problem.domain] * n,
                           level=[problem.level] * n)  # fmt: skip


@pytest.mark.parametrize("task", TASKS.names())
def test_junk_answers_get_a_verdict(task: str) -> None:
    answers = _answers(task)
    for level in (1, 3):
        problem = TASKS.get(task).from_level(level, seed=3).generate(0)
        verifier = VERIFIERS.get(problem.verifier)
        statuses = []
        for answer in answers:
            verdict = verifier.verify(problem, answer)
            assert verdict.status in STATUSES, answer[:80]
            assert answer not in HOSTILE or verdict.status != "accept", answer[:80]
            statuses.append(verdict.status)
        assert verifier.verify(problem, None).status in ("reject", "unreadable")
        rewards = _reward(problem, answers + [[{"role": "assistant", "content": a}] for a in answers[:5]])
        assert all(r in (0.0, 1.0, None) for r in rewards), rewards
        expected = [None if s == "error" else float(s == "accept") for s in statuses + statuses[:5]]
        assert rewards == expected  # the reward is the verdict, on every answer
