from __future__ import annotations

import re

import sympy

from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from cotforge.solvers.spaces.polynomial import ExpansionSpace, poly_of
from tests.generators.math._walk import assert_wrong_moves_are_wrong

X = sympy.Symbol("x")


def _problems(level: int, n: int, seed: int = 3) -> list:
    generator = TASKS.get("polynomial_expand").from_level(level, seed=seed)
    return [generator.generate(i) for i in range(n)]


def test_gold_agrees_with_substitution_at_many_points() -> None:
    """A second route: the expression as written and the gold polynomial agree at 6 integers."""
    for level in range(1, 6):
        for p in _problems(level, 40):
            written = sympy.lambdify(X, sympy.sympify(p.data()["expression"], locals={"x": X}))
            gold = sympy.Poly(sympy.sympify(p.data()["answer_sympy"], locals={"x": X}), X)
            assert all(written(v) == gold.eval(v) for v in range(-3, 3))
            assert p.question.count("$") == 2 and "**" not in p.question and "*" not in p.answer  # LaTeX, not SymPy text


def test_factored_answer_is_rejected_for_an_expand_question() -> None:
    p = _problems(2, 1)[0]
    verifier = VERIFIERS.get("math")
    assert verifier.verify(p, p.data()["expression"]).status == "reject"
    assert verifier.verify(p, p.answer).accepted and verifier.verify(p, p.data()["answer_sympy"]).accepted


def test_exact_polynomial_matches_sympy_on_every_state() -> None:
    p = _problems(5, 1)[0]
    space = ExpansionSpace(p)
    state = space.root()
    truth = sympy.Poly(sympy.sympify(p.data()["answer_sympy"], locals={"x": X}), X)
    while not space.is_terminal(state):
        assert poly_of(state.terms) == {m[0]: c for m, c in zip(truth.monoms(), truth.coeffs())}
        state = space.apply(state, space.propose(state, 1)[0])


def test_steps_rise_with_level_one_idea_per_step_and_no_idle_step() -> None:
    means = []
    for level in range(1, 6):
        rows = [solve_problem(p, SearchSettings()).row for p in _problems(level, 8, seed=5)]
        assert all(rows)
        for row in rows:
            states = [s["state"] for s in row["steps"]]
            assert len(set(states)) == len(states)  # every step changes the expression
            for step in row["steps"]:
                assert step["text"].count("$") % 2 == 0 and "**" not in step["text"]
                if step["text"].startswith("Collect"):
                    local = step["text"].split("$")[3]  # the terms collected in this step
                    assert len(re.findall(r"[+-]", local)) <= 15
        means.append(sum(len(r["steps"]) for r in rows) / len(rows))
    assert means == sorted(means) and means[0] < means[-1]


def test_no_duplicates_within_a_seed_and_none_across_seeds() -> None:
    for level in range(1, 6):
        expressions = [p.data()["expression"] for p in _problems(level, 300, seed=0)]
        assert len(set(expressions)) >= 297, level
        assert not set(expressions) & {p.data()["expression"] for p in _problems(level, 300, seed=1)}


def test_wrong_moves_are_really_wrong() -> None:
    problems = [p for level in range(1, 6) for p in _problems(level, 3, seed=2)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=4)
