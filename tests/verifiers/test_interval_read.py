"""The inequality step check's exact sign chart (``verifiers/interval_read.py``) against its general route (sympy sets,
``domains.intervals``): the same verdict wherever it answers, on the space's states and on texts a model might write."""

from __future__ import annotations

import random

import pytest
import sympy

from cotforge.core.registry import TASKS
from cotforge.domains.intervals import parse_set, relation_set
from cotforge.verifiers.interval_read import same_solution_set
from cotforge.verifiers.math_parse import expression
from space_states import reachable_states  # beside this file

X = sympy.Symbol("x")


def _general(state: str, gold: str) -> bool | None:
    try:
        found = relation_set(state, lambda t: expression(t, {"x": X}, True), "x")
        return bool(found == parse_set(gold, lambda t: expression(t, {}), "x"))
    except (ValueError, TypeError, ArithmeticError, sympy.PolynomialError, sympy.SympifyError):
        return None


def test_space_states_agree_with_sympy_sets() -> None:
    states = reachable_states("inequality", seed=5, per_level=4, max_states=30, wrong=4, rng_seed=1, posed="inequality")
    assert len(states) > 300
    answered = verdicts = 0
    seen = set()
    for problem, state in states:
        gold = problem.data()["answer_sympy"]
        if (state, gold) in seen:
            continue
        seen.add((state, gold))
        exact = same_solution_set(state, gold, "x")
        if exact is not None:
            answered += 1
            verdicts += exact
            assert exact == _general(state, gold), (state, gold)
    assert answered >= 0.9 * len(seen)  # the fast route answers for nearly every state the space writes
    assert 0 < verdicts < answered  # both verdicts occur


ADVERSARIAL = [
    ("x < 3", "(-oo, 3)"), ("x <= 3", "(-oo, 3)"), ("3 > x", "(-oo, 3)"), ("-x > -3", "(-oo, 3)"),
    ("x < 3 or x > 3", "(-oo, 3) U (3, oo)"), ("x < 3 or x >= 3", "(-oo, oo)"), ("x < 3 or x > 5", "(-oo, 3) U (5, oo)"),
    ("x**2 - 4 > 0", "(-oo, -2) U (2, oo)"), ("x**2 - 4 >= 0", "(-oo, -2) U (2, oo)"), ("(x - 2)*(x + 2) <= 0", "[-2, 2]"),
    ("x**2 - 2 < 0", "(-2, 2)"), ("x**2 + 1 > 0", "(-oo, oo)"), ("x**2 + 1 < 0", "(0, 0)"), ("x**2 - 2*x + 1 > 0", "(-oo, 1) U (1, oo)"),
    ("x**2 - 2*x + 1 <= 0", "[1, 1]"), ("1 < x < 1", "(1, 1)"), ("1 <= x <= 1", "[1, 1]"), ("3 < 2", "(0, 0)"),
    ("2*x/3 < 5/4", "(-oo, 15/8)"), ("2*x/3 < 5/4", "(-oo, 15/8]"), ("x**3 < 1", "(-oo, 1)"), ("x*y < 1", "(-oo, 1)"),
    ("2x < 6", "(-oo, 3)"), ("x^2 < 4", "(-2, 2)"), ("x < 03", "(-oo, 3)"), ("x < 3.0", "(-oo, 3)"), ("x < 3", "(-oo, 3/0)"),
    ("x < ٣", "(-oo, 3)"), ("x ≤ 3", "(-oo, 3]"), ("x = 3", "[3, 3]"), ("x <", "(-oo, 3)"), ("< 3", "(-oo, 3)"),
    ("x < 3 < 5", "(-oo, 3)"), ("x < 3 < 2", "(-oo, 3)"), ("-oo < x < 3", "(-oo, 3)"), ("x < 3", "[-oo, 3)"),
    ("x < 3", "(-oo, 3) U (5, 4)"), ("x < 3", "(-oo,3)"), ("x < 3", "{}"), ("x < 3", "x < 3"), ("x/0 < 3", "(-oo, 3)"),
    ("(((((x))))) < 3", "(-oo, 3)"), ("x**2 < 2*x**2 - 4", "(-oo, -2) U (2, oo)"), ("x - x < 1", "(-oo, oo)"),
]  # fmt: skip


@pytest.mark.parametrize(("state", "gold"), ADVERSARIAL)
def test_adversarial_states(state: str, gold: str) -> None:
    exact = same_solution_set(state, gold, "x")
    if exact is not None:
        assert exact == _general(state, gold)


def test_random_quadratics_and_chains() -> None:
    rng = random.Random(4)
    golds = ["(-oo, 3)", "[-2, 5)", "(-oo, -1) U (4, oo)", "(-oo, -1] U [4, oo)", "[1, 2]", "(-oo, oo)", "(1/2, 7/3]"]
    answered = 0
    for _ in range(300):
        c2, c1, c0 = rng.choice([0, 1, -1, 2, -3]), rng.randint(-6, 6), rng.randint(-8, 8)
        state = f"{sympy.sstr(c2 * X**2 + c1 * X + c0)} {rng.choice(['<', '<=', '>', '>='])} {rng.randint(-3, 3)}"
        if rng.random() < 0.3:
            state = f"{rng.randint(-6, 0)} {rng.choice(['<', '<='])} {sympy.sstr(c1 * X + c0)} {rng.choice(['<', '<='])} {rng.randint(0, 6)}"
        gold = rng.choice(golds)
        exact = same_solution_set(state, gold, "x")
        if exact is not None:
            answered += 1
            assert exact == _general(state, gold), (state, gold)
    assert answered > 150


def test_gold_answers_verify_exactly() -> None:
    for level in range(1, 6):
        generator = TASKS.get("inequality").from_level(level, seed=3)
        for i in range(6):
            problem = generator.generate(i)
            assert same_solution_set(problem.data()["inequality"], problem.data()["answer_sympy"], "x") is True
