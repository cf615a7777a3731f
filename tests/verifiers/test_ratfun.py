"""Rational functions compared exactly at whole-number points against sympy's route (``math_read.equal`` after
expanding): hand-made cases, random functions in several written forms, and the identity step check's verdicts on
the rational space's states with and without the exact route."""

from __future__ import annotations

import random

import pytest
import sympy

from cotforge.core.records import Problem, Step
from cotforge.verifiers import math_steps
from cotforge.verifiers.math import MathVerifier
from cotforge.verifiers.math_read import equal
from cotforge.verifiers.ratfun import same_rational_function
from space_states import reachable_states  # beside this file

X = sympy.Symbol("x")


@pytest.mark.parametrize(("f", "g", "same"), [
    ((X**2 - 1) / (X - 1), X + 1, True),
    (X / (X + 1), 1 - 1 / (X + 1), True),
    (1 / (X - 1), 1 / (X - 1), True),
    ((X + 2)**3 / (X - 3)**2, sympy.expand((X + 2)**3) / sympy.expand((X - 3)**2), True),
    (X, X + 1, False),
    (X / (X + 1), X / (X - 1), False),
    (sympy.Rational(1, 3) * X, X / 3, True),
    (X**2 / X**2, sympy.Integer(1), True),
])
def test_hand_made_pairs(f: sympy.Expr, g: sympy.Expr, same: bool) -> None:
    assert same_rational_function(f, g, X) is same
    assert equal(sympy.expand(f), sympy.expand(g)) is same


@pytest.mark.parametrize("f", [sympy.sin(X), sympy.sqrt(X), X**sympy.Rational(1, 2), sympy.Symbol("y") + X, sympy.zoo, X**100])
def test_what_is_not_a_rational_function_it_decides_is_left_to_sympy(f: sympy.Expr) -> None:
    assert same_rational_function(f, X, X) is None


def _random_rational(rng: random.Random) -> sympy.Expr:
    def poly() -> sympy.Expr:
        return sympy.Add(*[rng.randint(-4, 4) * X**k for k in range(rng.randint(1, 3))]) or sympy.Integer(1)
    return poly() / poly() + poly() * poly() / (poly() or sympy.Integer(1))


def test_random_functions_in_several_forms_agree_with_sympy() -> None:
    rng = random.Random(7)
    decided = 0
    for _ in range(120):
        f = _random_rational(rng)
        if f.has(sympy.zoo, sympy.nan):
            continue
        forms = [sympy.together(f), sympy.cancel(f), sympy.factor(f), f + 1, f * (X + 1), f + 1 / (X**2 + 1)]
        for g in forms:
            if g.has(sympy.zoo, sympy.nan):
                continue
            verdict = same_rational_function(g, f, X)
            if verdict is not None:
                decided += 1
                assert verdict is equal(sympy.expand(g), sympy.expand(f)), (f, g)
    assert decided > 400


def _rational_states() -> list[tuple[Problem, str]]:
    return reachable_states("rational_expression", seed=5, per_level=4, max_states=15, wrong=6, rng_seed=2)


def test_identity_check_verdicts_are_sympys_on_the_space_states(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(math_steps, "same_rational_text", lambda *args: None)  # the sympy route this test is about
    states = _rational_states()
    verifier = MathVerifier()

    def verdicts() -> list[bool | None]:
        math_steps._VERDICTS.clear()
        return [verifier.check_steps(problem, [Step("", text, "")])[0] for problem, text in states]  # type: ignore[arg-type]

    decided: list[bool] = []
    route = math_steps.same_rational_function

    def counted(*args: object) -> bool | None:
        verdict = route(*args)  # type: ignore[arg-type]
        decided.append(verdict is not None)
        return verdict

    monkeypatch.setattr(math_steps, "same_rational_function", counted)
    exact = verdicts()
    assert sum(decided) >= 0.9 * len(decided) > 0  # the exact route really decides them
    monkeypatch.setattr(math_steps, "same_rational_function", lambda *args: None)
    assert exact == verdicts()
    assert exact.count(True) >= 20 and exact.count(False) >= 20
