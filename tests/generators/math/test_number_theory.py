from __future__ import annotations

import math

from cotforge.core.registry import TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_error_kinds_at_every_position, assert_items_unique_and_apart, assert_wrong_moves_are_wrong


def _second_route(kind: str, numbers: list[int]) -> int:
    """Library arithmetic, a route independent of both the brute force and the steps."""
    if kind == "gcd":
        return math.gcd(*numbers)
    if kind == "lcm":
        return math.lcm(*numbers)
    if kind == "divisors":
        n = numbers[0]
        return sum(2 - (d * d == n) for d in range(1, math.isqrt(n) + 1) if n % d == 0)
    a, k, m = numbers
    return pow(a, k, m)


def test_gold_agrees_with_a_second_route() -> None:
    for level in range(1, 6):
        generator = TASKS.get("number_theory").from_level(level, seed=7)
        for i in range(50):
            p = generator.generate(i)
            assert int(p.data()["answer_sympy"]) == _second_route(p.data()["kind"], p.data()["numbers"]), p.question


def test_each_level_uses_its_method() -> None:
    expected = {1: "euclid", 2: "lcm", 3: "count", 4: "square", 5: "fermat"}
    for level, kind in expected.items():
        problems = [TASKS.get("number_theory").from_level(level, seed=1).generate(i) for i in range(5)]
        rows = [solve_problem(p, SearchSettings()).row for p in problems]
        assert all(rows) and all(kind in {s["kind"] for s in r["steps"]} for r in rows)


def test_wrong_moves_are_really_wrong() -> None:
    problems = [TASKS.get("number_theory").from_level(level, seed=2).generate(i) for level in range(1, 6) for i in range(6)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=6)


def test_three_kinds_of_mistake_at_every_step_each_shown_wrong_by_the_step_check() -> None:
    for level in range(1, 6):
        generator = TASKS.get("number_theory").from_level(level, seed=6)
        assert_error_kinds_at_every_position([generator.generate(i) for i in range(6)])


def test_items_never_repeat_within_a_seed_nor_across_neighbouring_seeds() -> None:
    assert_items_unique_and_apart("number_theory", n=200)


def test_steps_rise_with_level_and_are_latex() -> None:
    means = []
    for level in range(1, 6):
        rows = [solve_problem(TASKS.get("number_theory").from_level(level, seed=3).generate(i), SearchSettings()).row for i in range(6)]
        assert all(rows)
        means.append(sum(len(r["steps"]) for r in rows) / len(rows))
        for r in rows:
            states = [s["state"] for s in r["steps"]]
            assert len(set(states)) == len(states)
            assert all(s["text"].count("$") >= 2 and not any(c in s["text"] for c in "×≡") for s in r["steps"])
    assert means == sorted(means), means
