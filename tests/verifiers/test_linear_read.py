"""The one-pass linear reader gives the exact form evaluation gives, and refuses what it does not read."""

from __future__ import annotations

import json
import random
from fractions import Fraction

import pytest

from cotforge.core.memo import Memo
from cotforge.domains.arith import ArithError, value_of
from cotforge.verifiers import math_steps
from cotforge.verifiers.linear_read import linear_equation, linear_side


def _term(rng: random.Random, v: str, depth: int) -> str:
    pick = rng.randrange(7 if depth < 3 else 3)
    if pick == 0:
        return str(rng.randint(0, 40))
    if pick == 1:
        return v
    if pick == 2:
        return f"({rng.randint(-9, 9)}/{rng.randint(1, 9)})*{v}"
    if pick == 3:
        return f"{rng.randint(-9, 9)}*({_side(rng, v, depth + 1)})"
    if pick == 4:
        return f"({_side(rng, v, depth + 1)})/{rng.randint(0, 9)}"
    if pick == 5:
        return f"{_term(rng, v, depth + 1)}*{_term(rng, v, depth + 1)}"
    return f"-{_term(rng, v, depth + 1)}"


def _side(rng: random.Random, v: str, depth: int = 0) -> str:
    out = _term(rng, v, depth)
    for _ in range(rng.randint(0, 3)):
        out += rng.choice([" + ", " - "]) + _term(rng, v, depth)
    return out


def _by_evaluation(text: str, v: str) -> tuple[Fraction, Fraction] | None:
    """``a x + b`` by evaluating at 0, 1 and 2; None if not linear or not plain arithmetic."""
    try:
        at = [value_of(text.replace(v, f"({k})")) for k in (0, 1, 2)]
    except (ArithError, ZeroDivisionError):
        return None
    return (at[1] - at[0], at[0]) if at[2] - at[1] == at[1] - at[0] else None


def test_forms_agree_with_evaluation_on_random_sides() -> None:
    rng = random.Random(3)
    read = refused = 0
    for _ in range(3000):
        text = _side(rng, "x")
        form = linear_side(text, "x")
        if form is None:
            refused += 1
            continue
        read += 1
        assert (Fraction(form[0]), Fraction(form[1])) == _by_evaluation(text, "x"), text
    assert read > 1500 and refused > 100  # both routes are exercised: products of unknowns, divisions by zero


@pytest.mark.parametrize("text", ["x*x", "2*x*(x + 1)", "3/x", "1/(x - x)", "4/0", "(1 + 2)/(3 - 3)", "2x", "2(x + 1)",
                                  "1.5*x", "x^2", "x**2", "y + 1", "x + y", "xx", "1" * 31, "(" * 60 + "x" + ")" * 60,
                                  "(x + 1", "x + 1)", "x +", "", " ", "3 4", "x = 1", "sqrt(x)", "x×2", "½"])
def test_refuses_what_it_does_not_read(text: str) -> None:
    assert linear_side(text, "x") is None


def test_reads_the_spaces_texts() -> None:
    assert linear_equation("2*(5*t + 9) - 3*(5*t - 4) = 36*(t - 8) + 12*t", "t") == (-53, 318)
    assert linear_equation("-(2*x - 5)/4 + (1/2)*x = 3", "x") == (0, Fraction(5, 4) - 3)
    assert linear_equation("x = 294/23", "x") == (1, Fraction(-294, 23))
    assert linear_equation("x = 1 = 2", "x") is None and linear_equation("x + 1", "x") is None


def test_the_equation_check_is_unchanged_without_the_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    from cotforge.core.records import Problem, Step

    rng = random.Random(8)
    sides = [_side(rng, "x") for _ in range(120)]
    states = [f"{a} = {b}" for a, b in zip(sides, sides[1:])] + [f"{a} = {a} + x - 2" for a in sides]  # x = 2 solves the second
    problems = [Problem(task="t", task_version=1, domain="math", level=1, seed=0, index=0, question="q", answer=gold,
                        payload=json.dumps({"check": "equation", "variable": "x", "answer_sympy": gold}), space="algebra", verifier="math")
                for gold in ("2", "-3/4")]

    def verdicts() -> list:
        return [math_steps.check_steps(p, [Step(text="s", state=s) for s in states], lambda a, b: a == b) for p in problems]

    monkeypatch.setattr(math_steps, "_VERDICTS", Memo(10**6))
    fast = verdicts()
    monkeypatch.setattr(math_steps, "linear_equation", lambda *_: None)
    monkeypatch.setattr(math_steps, "_VERDICTS", Memo(10**6))
    assert verdicts() == fast
    assert {True, False} <= set(fast[0])
