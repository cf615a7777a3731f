from __future__ import annotations

import sympy

from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong

X = sympy.Symbol("x")


def test_gold_differentiates_back_to_the_integrand_and_any_constant_is_accepted() -> None:
    verifier = VERIFIERS.get("math")
    for level in range(1, 6):
        generator = TASKS.get("integral").from_level(level, seed=8)
        for i in range(12):
            p = generator.generate(i)
            gold = sympy.sympify(p.data()["answer_sympy"].replace(" + C", ""), locals={"x": X})
            integrand = sympy.sympify(p.data()["integrand"], locals={"x": X})
            assert sympy.simplify(sympy.diff(gold, X) - integrand) == 0
            assert verifier.verify(p, f"{sympy.sstr(gold)} + 7").accepted
            assert verifier.verify(p, f"{sympy.sstr(gold * 2)} + C").status == "reject"


def test_levels_need_their_method() -> None:
    expected = {1: "table", 2: "linearity", 3: "linear_substitution", 4: "substitution", 5: "by_parts"}
    for level, kind in expected.items():
        problems = [TASKS.get("integral").from_level(level, seed=1).generate(i) for i in range(4)]
        rows = [solve_problem(p, SearchSettings()).row for p in problems]
        assert all(rows)
        share = sum(kind in {s["kind"] for s in r["steps"]} for r in rows) / len(rows)
        assert share >= 0.5, (level, kind)


def test_wrong_moves_are_really_wrong() -> None:
    problems = [TASKS.get("integral").from_level(level, seed=2).generate(i) for level in range(1, 6) for i in range(3)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=3)
