from __future__ import annotations

import sympy

from cotforge.core.registry import RECHECKS, TASKS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong

X = sympy.Symbol("x")


def _problems(level: int, n: int, seed: int = 8) -> list:
    generator = TASKS.get("derivative").from_level(level, seed=seed)
    return [generator.generate(i) for i in range(n)]


def test_gold_matches_a_central_difference_and_the_recheck() -> None:
    """A second route to the derivative: (f(x + h) - f(x - h)) / 2h at a few points."""
    for level in range(1, 6):
        for p in _problems(level, 12):
            f = sympy.lambdify(X, sympy.sympify(p.data()["function"]), "math")
            gold = sympy.lambdify(X, sympy.sympify(p.data()["answer_sympy"]), "math")
            for point in (0.7, 1.3, 2.3):
                h = 1e-6
                estimate = (f(point + h) - f(point - h)) / (2 * h)
                assert abs(estimate - gold(point)) <= 1e-4 * max(1.0, abs(gold(point))), p.question
            assert RECHECKS.get("derivative")(p) is None
            assert p.question.count("$") == 4 and "**" not in p.question


def test_levels_need_their_rules_each_a_step_and_steps_rise() -> None:
    kinds, means = {}, []
    for level in range(1, 6):
        rows = [solve_problem(p, SearchSettings()).row for p in _problems(level, 6, seed=3)]
        assert all(rows)
        kinds[level] = {s["kind"] for r in rows for s in r["steps"]}
        means.append(sum(len(r["steps"]) for r in rows) / len(rows))
        for row in rows:
            states = [s["state"] for s in row["steps"]]
            assert len(set(states)) == len(states)  # no step leaves the state unchanged
    assert kinds[1] == {"sum_rule", "basic"}
    assert "product_rule" in kinds[3]
    assert kinds[4] & {"quotient_rule", "chain_rule"}
    assert "chain_rule" in kinds[5] and kinds[5] & {"quotient_rule", "product_rule"}
    assert means == sorted(means), means


def test_no_duplicates_within_or_across_seeds() -> None:
    for level in range(1, 6):
        mine = {p.data()["function"] for p in _problems(level, 150, seed=0)}
        assert len(mine) >= 148
        assert not mine & {p.data()["function"] for p in _problems(level, 150, seed=1)}


def test_wrong_moves_are_really_wrong() -> None:
    problems = [p for level in range(1, 6) for p in _problems(level, 4, seed=2)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=3)
