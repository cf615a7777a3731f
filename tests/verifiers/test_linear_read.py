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


def _many_side(rng: random.Random, names: tuple[str, ...]) -> str:
    """A side over several unknowns: the one-unknown generator's terms, each in one of the unknowns."""
    out = _term(rng, rng.choice(names), 0)
    for _ in range(rng.randint(0, 4)):
        out += rng.choice([" + ", " - "]) + _term(rng, rng.choice(names), 0)
    return out


def test_system_rows_agree_with_evaluation_on_random_equations() -> None:
    from cotforge.verifiers.linear_read import linear_system_row

    rng = random.Random(5)
    names = ("x", "y", "z")
    read = refused = 0
    for _ in range(3000):
        text = f"{_many_side(rng, names)} = {_many_side(rng, names)}"
        form = linear_system_row(text, names)
        by_evaluation = math_steps._exact_linear(text, names)
        if form is None:
            refused += 1
            continue
        read += 1
        assert by_evaluation == (tuple(Fraction(a) for a in form[:-1]), Fraction(form[-1])), text
    assert read > 500 and refused > 500  # both routes: products of unknowns, divisions by zero or by an unknown


@pytest.mark.parametrize("text", ["x*y = 1", "x/y = 2", "x/0 = 1", "2x + y = 1", "x^2 + y = 1", "x + w = 1", "x = 1 = y",
                                  "x + y", "1.5*x = y", "(x + y = 1", "x + y) = 1", "sqrt(x) = y", "x + y = " + "9" * 31])
def test_system_rows_refuse_what_they_do_not_read(text: str) -> None:
    from cotforge.verifiers.linear_read import linear_system_row

    assert linear_system_row(text, ("x", "y")) is None


def test_the_system_check_is_unchanged_without_the_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every step state of real linear_system records (their negatives too) gets the same verdict with the one-pass
    reader as with evaluation at points alone."""
    from cotforge.core.records import Record
    from cotforge.core.registry import TASKS
    from cotforge.pipelines.recipe import SearchSettings
    from cotforge.pipelines.solve import solve_problem

    made = [solve_problem(TASKS.get("linear_system").from_level(level, seed=11).generate(i), SearchSettings()).result
            for level in range(1, 6) for i in range(3)]
    checks = [(r.problem, [s for t in (r.chain, *r.negatives) for s in t.steps]) for r in made if isinstance(r, Record)]
    assert len(checks) == 15

    def verdicts() -> list:
        return [math_steps.check_steps(p, steps, lambda a, b: a == b) for p, steps in checks]

    monkeypatch.setattr(math_steps, "_VERDICTS", Memo(10**6))
    fast = verdicts()
    math_steps._system_row.cache_clear()
    monkeypatch.setattr(math_steps, "linear_system_row", lambda *_: None)
    monkeypatch.setattr(math_steps, "_VERDICTS", Memo(10**6))
    assert verdicts() == fast
    assert {True, False} <= {v for vs in fast for v in vs} and sum(len(vs) for vs in fast) > 100
    math_steps._system_row.cache_clear()
