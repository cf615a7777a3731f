"""syllogism's step check of the naming step (its state's ``roles``): the major term must be the conclusion's
predicate, the minor its subject, and the figure where the middle term sits in the premises as given - checked
from the payload alone, never by asking the space; a malformed naming is unchecked (None), never an exception."""

from __future__ import annotations

import json

import pytest

from cotforge.core.records import Problem, Step
from cotforge.core.registry import TASKS, VERIFIERS

TERMS = ["poets", "bakers", "artists"]
"""Term 0 is the conclusion's subject (the minor term), term 2 its predicate (the major), term 1 the middle."""

FIGURES = {  # a valid form of each figure: premises (major first) over TERMS, the conclusion "<q> poets ... artists"
    1: ([["A", 1, 2], ["A", 0, 1]], "A"),  # Barbara: all M are P, all S are M
    2: ([["E", 2, 1], ["A", 0, 1]], "E"),  # Cesare: no P are M, all S are M
    3: ([["A", 1, 2], ["I", 1, 0]], "I"),  # Datisi: all M are P, some M are S
    4: ([["A", 2, 1], ["E", 1, 0]], "E"),  # Camenes: all P are M, no M are S
}


def _problem(premises: list[list[object]], conclusion: str, terms: list[str] = TERMS) -> Problem:
    payload = {"terms": terms, "premises": premises, "conclusion": [conclusion, 0, len(terms) - 1],
               "existential": False, "explain": "form"}  # fmt: skip
    return Problem("syllogism", 3, "logic", 2, 0, 0, "", "", json.dumps(payload), "syllogism", "syllogism")


def _naming(roles: object) -> Step:
    return Step(text="In the conclusion, ...", state=json.dumps({"empty": [], "some": [], "roles": roles}), kind="identify")


@pytest.mark.parametrize("figure", [1, 2, 3, 4])
def test_the_figure_named_must_be_where_the_middle_term_sits(figure: int) -> None:
    premises, quant = FIGURES[figure]
    verifier = VERIFIERS.get("syllogism")
    problem = _problem(premises, quant)
    assert verifier.verify(problem, f"valid: {premises[0][0]}{premises[1][0]}{quant}-{figure}").accepted  # the table is right
    for named in (1, 2, 3, 4):
        assert verifier.check_steps(problem, [_naming({"major": 2, "minor": 0, "figure": named})]) == [named == figure]


def test_the_major_and_minor_term_taken_for_each_other_or_the_middle_named_for_one_fail() -> None:
    verifier = VERIFIERS.get("syllogism")
    problem = _problem(*FIGURES[1])
    for major, minor in ((0, 2), (1, 0), (2, 1), (2, 2)):
        for figure in (1, 2, 3, 4):
            assert verifier.check_steps(problem, [_naming({"major": major, "minor": minor, "figure": figure})]) == [False]


def test_a_chain_names_its_terms_and_no_figure() -> None:
    verifier = VERIFIERS.get("syllogism")
    terms = ["poets", "bakers", "artists", "pilots"]
    problem = _problem([["A", 2, 3], ["A", 0, 1], ["A", 1, 2]], "A", terms)
    assert verifier.check_steps(problem, [_naming({"major": 3, "minor": 0, "figure": None})]) == [True]
    assert verifier.check_steps(problem, [_naming({"major": 3, "minor": 0})]) == [True]
    assert verifier.check_steps(problem, [_naming({"major": 3, "minor": 0, "figure": 1})]) == [False]
    assert verifier.check_steps(problem, [_naming({"major": 0, "minor": 3, "figure": None})]) == [False]


@pytest.mark.parametrize("roles", [None, [], "major", {}, {"major": 2}, {"major": "x", "minor": 0, "figure": 1},
                                   {"major": 2, "minor": 0}, {"major": [2], "minor": 0, "figure": 1},
                                   {"major": 2, "minor": 0, "figure": True}, {"major": 2, "minor": 0, "figure": 1.0},
                                   {"major": 2.0, "minor": 0, "figure": 1}, {"major": "2", "minor": 0, "figure": 1}])  # fmt: skip
def test_a_malformed_naming_is_unchecked_not_an_exception(roles: object) -> None:
    """Whatever the state holds, the check answers (None: unchecked) and never reads a bool, a float or a string
    as the whole number it resembles (figure 1 is the right figure here)."""
    problem = _problem(*FIGURES[1])
    assert VERIFIERS.get("syllogism").check_steps(problem, [_naming(roles)]) == [None]


def test_every_chain_names_its_roles_before_the_verdict_and_every_wrong_naming_fails() -> None:
    """Over generated items of every level: the sound chain names the roles just before its verdict and the check
    passes every step; each wrong naming the space offers there is failed by the check, every step before it passes,
    and the verdict it plays on to fails."""
    import random

    from cotforge.solvers.spaces.syllogism import SyllogismSpace

    verifier = VERIFIERS.get("syllogism")
    kinds: dict[str, int] = {}
    for level in (1, 2, 3, 4, 5):
        generator = TASKS.get("syllogism").from_level(level, seed=11)
        for index in range(8):
            problem = generator.generate(index)
            space = SyllogismSpace(problem)
            state, steps, before = space.root(), [], None
            while not space.is_terminal(state):
                move = space.propose(state, 1)[0]
                before = state if move.step.kind == "identify" else before
                steps.append(move.step)
                state = move.next_state
            assert [s.kind for s in steps[-2:]] == ["identify", "answer"] and before is not None
            assert verifier.check_steps(problem, steps) == [True] * len(steps)
            for move in space.propose_wrong(before, 8, random.Random(index)):
                assert move.step.kind == "identify" and move.step.error_kind in ("terms_misidentified", "figure_miscounted")
                (verdict,) = space.propose(move.next_state, 1)
                checks = verifier.check_steps(problem, [*steps[:-2], move.step, verdict.step])
                assert checks == [True] * (len(steps) - 2) + [False, False], checks
                kinds[move.step.error_kind] = kinds.get(move.step.error_kind, 0) + 1
    assert kinds.get("terms_misidentified", 0) >= 5 and kinds.get("figure_miscounted", 0) >= 5, kinds
