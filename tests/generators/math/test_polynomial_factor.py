from __future__ import annotations

import json
import random
import re

import pytest
import sympy

from cotforge.core.records import Problem, Step
from cotforge.core.registry import RECHECKS, SPACES, TASKS, VERIFIERS
from cotforge.generators.math.polynomial_factor import STEPS, STRUCTURES
from cotforge.pipelines.continue_negative import continue_sound
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
                if claim and step.error_kind in ("sign_slip", "pair_slip"):
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


def _earlier_slips(level: int, n: int, seed: int = 4) -> list[tuple[Problem, Step, int, int, str | None]]:
    """(problem, wrong step, its position, the solution's step count, the answer the sound moves carry it to) for
    every wrong move offered along the first-choice path."""
    out = []
    for p in _problems(level, n, seed=seed):
        space = SPACES.get(p.space)(p)
        sound, _ = sound_and_wrong_steps(p)
        state = space.root()
        for position in range(len(sound)):
            for move in space.propose_wrong(state, 10, random.Random(position)):
                rest = continue_sound(space, space.apply(state, move), max_steps=12)
                out.append((p, move.step, position, len(sound), space.answer(rest[1]) if rest else None))
            state = space.apply(state, space.propose(state, 1)[0])
    return out


def test_mistakes_before_the_last_step_are_carried_to_a_wrong_factorisation() -> None:
    """A sign left as it was taking out a negative, a miscopied number, another factor pair of the product:
    each offered before the last step, shown wrong by the step check, and carried by sound moves to a full
    factorisation the verifier rejects."""
    verifier = VERIFIERS.get("math")
    carried: dict[str, int] = {}
    for level in range(1, 6):
        for p, step, position, count, answer in _earlier_slips(level, 8):
            assert verifier.check_steps(p, [step]) == [False], step.text
            if answer is not None and position < count - 1:
                assert not verifier.verify(p, answer).accepted, (p.question, step.text, answer)
                carried[step.error_kind] = carried.get(step.error_kind, 0) + 1
    assert {"factor_sign_slip", "copy_slip", "pair_slip", "sign_slip"} <= set(carried), carried


def test_a_wrong_pair_has_the_right_product_and_signs_and_the_wrong_sum() -> None:
    """``pair_slip``: another factor pair of the same product, signed as the right one, whose sum is not the middle term."""
    seen = 0
    for level in range(1, 6):
        for p, step, *_ in _earlier_slips(level, 6):
            if step.error_kind != "pair_slip":
                continue
            m, n, product, total = map(int, re.search(
                r"\$(-?\d+)\$ and \$(-?\d+)\$ multiply to (?:\$a \\cdot c = .*? = )?\$?(-?\d+)\$ and add to \$(-?\d+)\$", step.text).groups())
            right = next(s for s in sound_and_wrong_steps(p)[0] if s.kind == step.kind)
            rm, rn = map(int, re.search(r"\$(-?\d+)\$ and \$(-?\d+)\$", right.text).groups())
            assert m * n == product == rm * rn and m + n != total == rm + rn, step.text
            assert sorted((m > 0, n > 0)) == sorted((rm > 0, rn > 0)), (step.text, right.text)
            seen += 1
    assert seen >= 10


def test_a_grouping_slip_writes_the_brackets_it_takes_out() -> None:
    """A sign lost while grouping shows the grouped pairs the result really comes from."""
    seen = 0
    for level in range(1, 6):
        for _, step, *_ in _earlier_slips(level, 10):
            if step.kind == "grouping" and step.error_kind == "sign_slip":
                bracket = re.search(r"\\left\((x [+-] \d+)\\right\) [+-] \d+", step.text)
                assert bracket and f"\\left({bracket.group(1)}\\right)" in step.text.split(":")[-1], step.text
                seen += 1
    assert seen >= 4


def test_negatives_of_a_solved_record_go_wrong_before_the_last_step() -> None:
    """Through the solver: most negatives of levels 3-5 are wrong first before the solution's last step."""
    positions = []
    for level in (3, 4, 5):
        for p in _problems(level, 4, seed=6):
            record = solve_problem(p, SearchSettings(negatives=3)).record
            assert record is not None
            positions += [n.first_wrong_step < len(record.chain.steps) - 1 for n in record.negatives]
    assert sum(positions) >= 0.55 * len(positions), positions
