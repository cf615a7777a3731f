"""The exact fast paths of the linear step checks agree with the sympy route they short-cut."""

from __future__ import annotations

import json
import random

import pytest

from cotforge.core.memo import Memo
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
    monkeypatch.setattr(math_steps, "linear_equation", lambda *_: None)
    monkeypatch.setattr(math_steps, "_VERDICTS", Memo(10**6))  # verdicts of the fast route must not answer for the slow one
    slow = [verifier.check_steps(p, steps) for p, steps in cases]
    assert fast == slow
    assert any(False in checks for checks in fast) and any(True in checks for checks in fast)


def test_every_check_is_registered_by_name() -> None:
    assert {"value", "equation", "roots", "system", "inequality", "identity", "facts"} <= set(math_steps.STEP_CHECKS.names())


def test_exact_roots_agree_with_sympy_on_the_quadratic_space(monkeypatch: pytest.MonkeyPatch) -> None:
    verifier = VERIFIERS.get("math")
    cases = [c for level in range(1, 6) for c in _steps("quadratic_equation", level, n=3)]
    fast = [verifier.check_steps(p, steps) for p, steps in cases]
    monkeypatch.setattr(math_steps, "_exact_roots", lambda *_: None)
    monkeypatch.setattr(math_steps, "_VERDICTS", Memo(10**6))
    slow = [verifier.check_steps(p, steps) for p, steps in cases]
    assert fast == slow
    assert any(False in checks for checks in fast) and any(True in checks for checks in fast)


def _roots_cases() -> list[tuple[str, str, str]]:
    """(variable, gold set, state): right, wrong, irrational, complex, degree 0 and 3, and text only sympy reads."""
    rng = random.Random(5)
    out = []
    for _ in range(40):
        v = rng.choice(["x", "y", "t"])
        r1, r2 = (f"{rng.randint(-12, 12)}/{rng.randint(1, 5)}" for _ in range(2))
        a, k = rng.randint(1, 4), rng.randint(-20, 20)
        gold = rng.choice([f"{{{r1}, {r2}}}", f"{{{r1}}}", f"{{{rng.randint(-9, 9)}, {r2}}}", "{1 - sqrt(2), 1 + sqrt(2)}"])
        for state in (f"{a}*({v} - ({r1}))*({v} - ({r2})) = 0", f"{v} - ({r1}) = 0 or {v} - ({r2}) = 0",
                      f"{v} = {r1} or {v} = {r2}", f"{v} = {r1}, {v} = {r2}", f"{v}**2 = {k}", f"({v} + 1)**2 = {k}",
                      f"{a}*{v}**2 + {k}*{v} - 3 = 0", f"{v}**2 + 1 = 0", f"{v}**2 - 2*{v} - 1 = 0", "0 = 0", "1 = 2",
                      f"{v}*{v} - {v}*{v} = 1", f"{v}**3 - {v} = 0", f"{v} = 1 = 2", f"2 {v} = 4",
                      f"{v} = {r1} or {v}**2 = 4", f"{v}**2 = 4 or 3 = 3", f"{v} = 007", f"{v}/0 = 1", f"{v} = 1/2 or y = 3",
                      f"{v}**2 - 1 = 0 or z = 1", f"{v} = (1 + sqrt(2))"):
            out.append((v, gold, state))
    return out


def test_exact_roots_agree_with_sympy_on_any_state(monkeypatch: pytest.MonkeyPatch) -> None:
    from cotforge.core.records import Problem
    from cotforge.verifiers.math_read import equal

    def verdicts() -> list:
        out = []
        for v, gold, state in cases:
            data = {"check": "roots", "variable": v, "answer_sympy": gold}
            problem = Problem("t", 1, "math", 1, 0, 0, "q", gold, json.dumps(data), "quadratic", "math")
            out.append(math_steps._roots(state, problem, data, equal))
        return out

    cases = _roots_cases()
    fast = verdicts()
    decided = [math_steps._exact_roots(s, _problem(v, g), {"answer_sympy": g}, v) is not None for v, g, s in cases]
    monkeypatch.setattr(math_steps, "_exact_roots", lambda *_: None)
    assert fast == verdicts()
    assert sum(decided) > len(cases) // 3 and {True, False, None} <= set(fast)


def _problem(v: str, gold: str):
    from cotforge.core.records import Problem

    return Problem("t", 1, "math", 1, 0, 0, "q", gold, json.dumps({"variable": v, "answer_sympy": gold}), "quadratic", "math")


HOSTILE_STATES = ["sqrt({v}) = 2", "{v}^(1/2) = 2", "1/{v} = 2", "sin({v}) = 0", "{v}^{v} = 4", "{v} = {v}+", "a = 2",
                  "({v} = 2", "{v}^99999 = 1", "\\frac{{1}}{{{v}}} = 2", "{v} < 1/0", "", "=", "{v} = 10^10^10"]
"""A model's step states the checks cannot all read: each must give a verdict or None, never raise."""


@pytest.mark.parametrize("task", sorted(t for t in TASKS.names() if TASKS.get(t).from_level(1, seed=0).generate(0).domain == "math"))
def test_a_step_state_the_check_cannot_read_is_unchecked_not_a_crash(task: str) -> None:
    from cotforge.core.records import Step

    problem = TASKS.get(task).from_level(2, seed=5).generate(0)
    data = problem.data()
    name = data.get("variable") or (data.get("variables") or ["x"])[0]
    verifier = VERIFIERS.get(problem.verifier)
    states = [s.format(v=name) for s in HOSTILE_STATES]
    verdicts = verifier.check_steps(problem, [Step(text=s, state=s, kind="lm_step") for s in states])
    assert len(verdicts) == len(states) and all(v in (True, False, None) for v in verdicts)


def test_exact_roots_read_a_negative_radicand_as_sympy_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """``x = (14 + sqrt(-68))/6`` (the formula after a wrong discriminant) is decided exactly, with sympy's verdict."""
    from cotforge.core.records import Problem
    from cotforge.verifiers.math_read import equal

    cases = []
    for gold in ("{1, 11/3}", "{(7 - sqrt(17)*I)/3, (7 + sqrt(17)*I)/3}", "{4 - sqrt(3)*I, 4 + sqrt(3)*I}", "{(7 - 2*sqrt(17)*I)/6, (7 + 2*sqrt(17)*I)/6}"):
        for state in ("x = (14 + sqrt(-68))/6 or x = (14 - sqrt(-68))/6", "x = (8 + sqrt(-12))/2 or x = (8 - sqrt(-12))/2",
                      "x = (8 + sqrt( - 12))/2 or x = (8 - sqrt(-12))/2", "x = 4 + sqrt(-3) or x = 4 - sqrt(-3)", "x = 1/sqrt(-3)",
                      "x = (7 + sqrt(-17))/3 or x = (7 - sqrt(-17))/3", "x = 2*sqrt(-4) or x = -sqrt(-4)", "x = sqrt(-0)"):
            cases.append((gold, state))

    def verdicts() -> list:
        out = []
        for gold, state in cases:
            data = {"check": "roots", "variable": "x", "answer_sympy": gold}
            problem = Problem("t", 1, "math", 1, 0, 0, "q", gold, json.dumps(data), "quadratic", "math")
            out.append(math_steps._roots(state, problem, data, equal))
        return out

    fast = verdicts()
    decided = [math_steps._exact_roots(s, _problem("x", g), {"answer_sympy": g}, "x") is not None for g, s in cases]
    monkeypatch.setattr(math_steps, "_exact_roots", lambda *_: None)
    assert fast == verdicts()
    assert sum(decided) >= 3 * len(cases) // 4 and True in fast and False in fast  # all but 1/sqrt(-3) and "sqrt( - 12)"
