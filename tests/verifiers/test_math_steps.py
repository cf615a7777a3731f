"""The exact fast paths of the linear step checks agree with the sympy route they short-cut."""

from __future__ import annotations

import random

import pytest

from cotforge.core.registry import SPACES, TASKS, VERIFIERS
from cotforge.verifiers import math_steps


def _steps(task: str, level: int, n: int = 6) -> list:
    out = []
    for i in range(n):
        problem = TASKS.get(task).from_level(level, seed=11).generate(i)
        space = SPACES.get(problem.space)(problem)
        state, rng, steps = space.root(), random.Random(i), []
        while not space.is_terminal(state):
            steps += [m.step for m in space.propose_wrong(state, 5, rng)]
            move = space.propose(state, 1)[0]
            steps.append(move.step)
            state = move.next_state
        out.append((problem, steps))
    return out


@pytest.mark.parametrize("task", ["linear_equation", "linear_system"])
def test_fast_exact_check_agrees_with_sympy(task: str, monkeypatch: pytest.MonkeyPatch) -> None:
    verifier = VERIFIERS.get("math")
    cases = [c for level in range(1, 6) for c in _steps(task, level)]
    fast = [verifier.check_steps(p, steps) for p, steps in cases]
    monkeypatch.setattr(math_steps, "_exact_linear", lambda *_: None)
    monkeypatch.setattr(math_steps, "_VERDICTS", {})  # verdicts of the fast route must not answer for the slow one
    slow = [verifier.check_steps(p, steps) for p, steps in cases]
    assert fast == slow
    assert any(False in checks for checks in fast) and any(True in checks for checks in fast)


def test_every_check_is_registered_by_name() -> None:
    assert {"value", "equation", "roots", "system", "inequality", "identity", "facts"} <= set(math_steps.STEP_CHECKS.names())
