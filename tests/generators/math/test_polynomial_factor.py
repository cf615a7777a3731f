from __future__ import annotations

import json
import random
import re

import pytest
import sympy

from cotforge.core.registry import RECHECKS, TASKS, VERIFIERS
from cotforge.generators.math.polynomial_factor import STEPS, STRUCTURES
from cotforge.pipelines.recipe import SearchSettings
from cotforge.pipelines.solve import solve_problem
from tests.generators.math._walk import assert_wrong_moves_are_wrong, sound_and_wrong_steps

X = sympy.Symbol("x")


def _problems(level: int, n: int, seed: int = 3) -> list:
    generator = TASKS.get("polynomial_factor").from_level(level, seed=seed)
    return [generator.generate(i) for i in range(n)]


def test_gold_is_what_sympy_factors_and_expanded_forms_are_rejected() -> None:
    verifier = VERIFIERS.get("math")
    for level in range(1, 6):
        for p in _problems(level, 12):
            expanded = sympy.sympify(p.data()["expression"], locals={"x": X})
            assert verifier.verify(p, sympy.sstr(sympy.factor(expanded))).accepted, p.question
            assert verifier.verify(p, p.data()["expression"]).status == "reject"
            assert RECHECKS.get("polynomial_factor")(p) is None
            assert "**" not in p.question and "*" not in p.answer


def test_structures_steps_rise_and_no_duplicates() -> None:
    seen, means = set(), []
    for level in range(1, 6):
        problems = _problems(level, 200, seed=0)
        seen |= {json.loads(p.metadata)["structure"] for p in problems}
        steps = [json.loads(p.metadata)["steps"] for p in problems]
        assert all(STEPS[level][0] <= s <= STEPS[level][1] for s in steps)
        means.append(sum(steps) / len(steps))
        # level 5 holds the fewest distinct polynomials per seed (~6,000 at v5, birthday estimate; v4 ~2,600):
        # 200 draws repeat about 200^2 / (2 * 6000) = 3 of them (v5's items 3; v4's 12)
        assert len({p.data()["expression"] for p in problems}) >= (196 if level < 5 else 190), level
        assert not {p.data()["expression"] for p in _problems(level, 200, seed=1)} & {p.data()["expression"] for p in problems}
    assert seen == set(STRUCTURES) and means == sorted(means)


def test_every_step_names_its_method_and_the_solution_is_verified() -> None:
    for level in range(1, 6):
        for p in _problems(level, 4, seed=1):
            row = solve_problem(p, SearchSettings()).row
            assert row and row["final_answer"] is not None
            for step in row["steps"]:
                assert re.match(r"(Take out|Product–sum|Split|Group|Difference|Perfect|Sum of|A trinomial)", step["text"]), step["text"]


def test_wrong_moves_never_contradict_their_own_claim() -> None:
    """A wrong product–sum step names the pair it really uses: its product is right, its sum is the slip."""
    for level in range(1, 6):
        for p in _problems(level, 6, seed=4):
            _, wrong = sound_and_wrong_steps(p)
            for step in wrong:
                claim = re.search(r"\$(-?\d+)\$ and \$(-?\d+)\$ multiply to \$(-?\d+)\$", step.text)
                if claim and step.error_kind == "sign_slip":
                    m, n, product = map(int, claim.groups())
                    assert m * n == product
                    factors = re.findall(r"x(?:\^\{2\})? ([+-]) (\d+)", step.text.split("so")[-1])
                    assert {int(f"{s}{v}") for s, v in factors} >= {m, n}, step.text


def test_wrong_moves_are_really_wrong() -> None:
    problems = [p for level in range(1, 6) for p in _problems(level, 5, seed=2)]
    assert_wrong_moves_are_wrong(problems, kinds_wanted=3)


def test_a_difference_of_squares_slip_is_worded_as_the_sound_step() -> None:
    """a² − b² written as (a − b)(a − b): the step reads as the sound one does, the slip in the identity."""
    from cotforge.core.registry import SPACES

    for level in range(1, 6):
        for p in _problems(level, 6, seed=4):
            space = SPACES.get(p.space)(p)
            state = space.root()
            while not space.is_terminal(state):
                sound = space.propose(state, 1)
                if not sound:
                    break
                for move in space.propose_wrong(state, 5, random.Random(0)):
                    if move.step.error_kind == "wrong_rule" and "squares" in move.step.text:
                        assert sound[0].step.text.split(":")[0] == move.step.text.split(":")[0]
                        assert "written as" not in move.step.text and "(A - B)(A + B)" not in move.step.text
                        return
                state = space.apply(state, sound[0])
    pytest.fail("no difference of squares slip offered")
