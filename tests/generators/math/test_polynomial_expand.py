from __future__ import annotations

import json
import re
from dataclasses import replace

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


def _space_of(expression: str) -> ExpansionSpace:
    problem = _problems(1, 1)[0]
    return ExpansionSpace(replace(problem, payload=json.dumps(problem.data() | {"expression": expression})))


def _wrong_steps(expression: str) -> dict[str, str]:
    """The wrong moves offered at the root of ``expression``: {local calculation: error kind}."""
    space = _space_of(expression)
    return {next(f for f in m.step.text.split("$")[1::2] if " = " in f): m.step.error_kind for m in space._wrong(space.root())}


def test_distribution_mistakes_students_make() -> None:
    """The factor in front taken into every bracket of a product or into a square, the powers multiplied
    where they add (only where a power above 1 is used), one product off the times table."""
    assert _wrong_steps("3*(x + 1)*(x + 2)")[r"3 \left(x + 1\right) \left(x + 2\right) = \left(3 x + 3\right) \left(3 x + 6\right)"] == "wrong_distribution"
    assert _wrong_steps("-2*(x - 1)**2 + x")[r"-2 \left(x - 1\right)^{2} = \left(-2 x + 2\right)^{2}"] == "wrong_distribution"
    assert _wrong_steps("x**2*(x + 3) + 1")[r"x^{2} \left(x + 3\right) = x^{2} + 3 x^{2}"] == "wrong_rule"  # x^2 * x read as x^2
    assert "wrong_rule" not in _wrong_steps("x*(x + 3) + 1").values()  # x * x: no power rule to confuse
    assert _wrong_steps("3*(2*x + 7) + x")[r"3 \left(2 x + 7\right) = 6 x + 24"] == "arithmetic_slip"  # 3 * 7 = 24
    assert "arithmetic_slip" not in _wrong_steps("(2*x + 7) + x**2").values()  # nothing multiplied
    assert "wrong_distribution" not in _wrong_steps("(x + 1)**2 + x").values()  # nothing in front to take in


def test_foresight_names_the_end_and_length_of_every_wrong_moves_continuation() -> None:
    """``foresee`` (which wrong moves the negatives continue first) tells, without writing them, where the sound
    moves from a wrong state end and how many they take: exactly, at every position of every level."""
    import random

    from cotforge.pipelines.continue_negative import continue_sound

    seen = 0
    for level in range(1, 6):
        for i, p in enumerate(_problems(level, 12)):
            space, rng = ExpansionSpace(p), random.Random(i)
            state = space.root()
            while not space.is_terminal(state):
                for move in space.propose_wrong(state, 5, rng):
                    rest = continue_sound(space, move.next_state, 40)
                    assert rest is not None
                    assert space.foresee(move.next_state) == (space.answer(rest[1]), len(rest[0]))
                    seen += 1
                state = space.apply(state, space.propose(state, 1)[0])
    assert seen > 500
