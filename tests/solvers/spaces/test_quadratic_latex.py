"""The quadratic space writes a move's LaTeX from the state's forms, byte for byte what the LaTeX reader makes of the
state's text (issue 21): every move of the states walked from 300 generated problems, the writers' twins on their
own, and the reader's route where the forms are missing or not written by this module."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Iterator
from fractions import Fraction

import pytest

from cotforge.core.memo import Memo
from cotforge.core.registry import TASKS
from cotforge.domains.latex import latex as reference_latex
from cotforge.domains.polynomial import poly_text
from cotforge.solvers.spaces import _quad_forms, quadratic
from cotforge.solvers.spaces._quad_forms import (Surd, Unhandled, forms_latex, formula_root_latex, formula_root_text, poly_latex,
                                                 poly_side, poly_sstr, poly_sstr_latex, product, project_root_latex,
                                                 project_root_text, rational_latex, rational_text, side_latex, surd_latex,
                                                 surd_text, value_side, x_times)  # fmt: skip
from cotforge.solvers.spaces.quadratic import QuadraticSpace, QuadState
from tests.solvers.spaces._algebra_walk import walk

PROBLEMS_PER_LEVEL = 60
STATES_PER_PROBLEM = 40


@pytest.fixture(autouse=True)
def _fresh_side_latex(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every side written here by the twins, not found in the memo of texts written before."""
    monkeypatch.setattr(_quad_forms, "_SIDE_LATEX", Memo(20_000))


def _walk(space: QuadraticSpace, rng: random.Random) -> Iterator[QuadState]:
    """States reached from the root by sound moves and the wrong ones ``propose_wrong`` offers (a wrong move's state
    with its slip flag cleared, so the walk goes on from it), depth first, each once, at most ``STATES_PER_PROBLEM``."""

    def children(state: QuadState) -> list[QuadState]:
        if space.is_terminal(state):
            return []
        return [m.next_state for m in space.propose(state, 3)] + [
            QuadState(m.next_state.parts, m.next_state.raw, False, m.next_state.forms) for m in space.propose_wrong(state, 3, rng)]

    return walk(space.root(), space.key, children, STATES_PER_PROBLEM)


def test_every_moves_latex_is_the_readers_latex_of_its_text(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []

    def counted_reader(machine: str) -> str:
        read.append(machine)
        return reference_latex(machine)

    monkeypatch.setattr(quadratic, "latex", counted_reader)  # the space's route back to the reader, counted
    monkeypatch.setattr(quadratic, "_OPTIONS", Memo(quadratic._SHARED_MAX))  # every move made here
    counts: Counter[str] = Counter()
    rng = random.Random(21)
    for level in range(1, 6):
        gen = TASKS.get("quadratic_equation").from_level(level, seed=21)
        for index in range(PROBLEMS_PER_LEVEL):
            space = QuadraticSpace(gen.generate(index))
            for state in _walk(space, rng):
                counts["states"] += 1
                for move, _ in space._options(state):
                    step, new = move.step, move.next_state
                    expected = reference_latex(step.state)
                    assert step.latex == expected, step.state
                    assert step.text.endswith(f": ${expected}$"), step.state
                    counts["moves"] += 1
                    if new.forms is not None:
                        counts["with forms"] += 1
                        try:
                            written = forms_latex(new.parts, new.forms, space.v)
                        except Unhandled:
                            continue
                        assert written == expected, step.state
                        counts["written"] += 1
                    counts["wrong"] += step.intended_wrong
    assert counts["states"] >= 5000 and counts["wrong"] >= 5000, counts
    assert counts["written"] >= 0.95 * counts["moves"], counts
    assert len(read) <= 0.05 * counts["moves"], (len(read), counts)  # the space read back only what had no forms


def _surds() -> Iterator[Surd]:
    for p, q in itertools.product(range(-30, 31), range(1, 9)):
        root = Surd.root(Fraction(p, q))
        for r in (Fraction(0), Fraction(1), Fraction(-1), Fraction(3, 2), Fraction(-5, 4)):
            for c in (1, -1, 2, Fraction(-2, 3), Fraction(1, 2)):
                yield Surd(r) + root.scale(c)


def test_the_value_twins_are_the_readers_latex_of_the_texts() -> None:
    for value in _surds():
        assert surd_latex(value) == reference_latex(surd_text(value)), surd_text(value)
        assert project_root_latex(value) == reference_latex(project_root_text(value)), project_root_text(value)
    for q in (Fraction(0), Fraction(7), Fraction(-7), Fraction(3, 4), Fraction(-3, 4)):
        assert rational_latex(q) == reference_latex(rational_text(q))
    for top, sign, d, den in itertools.product((-7, 0, 3), "+-", (-8, 0, 5), (-2, 1, 4)):
        formula = (top, sign, d, den)
        assert formula_root_latex(formula) == reference_latex(formula_root_text(formula)), formula


def test_the_polynomial_twins_are_the_readers_latex_of_the_texts() -> None:
    for coeffs in itertools.product(range(-3, 4), repeat=3):
        assert poly_latex(list(coeffs), "y") == reference_latex(poly_text(coeffs, "y")), coeffs
        assert poly_sstr_latex(coeffs, "y") == reference_latex(poly_sstr(coeffs, "y")), coeffs
    rng = random.Random(5)
    for _ in range(300):
        lead = rng.randint(1, 12)
        r1 = Fraction(rng.randint(-15, 15), rng.choice([d for d in range(1, lead + 1) if lead % d == 0]))
        r2 = Fraction(rng.randint(-15, 15), lead // r1.denominator)
        try:
            text, side = product(lead, (r1, r2), "t")
        except Unhandled:
            continue
        assert side_latex(text, side, "t") == reference_latex(text), text
    for p, q in itertools.product(range(1, 6), range(-6, 7)):
        text, side = x_times((p, q), "t")
        assert side_latex(text, side, "t") == reference_latex(text), text


def test_a_text_no_writer_wrote_is_read_back() -> None:
    parts = (("x**2 + 1", "0"),)
    with pytest.raises(Unhandled):  # the forms say another polynomial: no writer of the text, no guess
        forms_latex(parts, ((poly_side([1, 0, 2]), poly_side([0])),), "x")
    with pytest.raises(Unhandled):  # a value written otherwise than any writer of values
        side_latex("2/4", value_side(Surd(Fraction(1, 2))), "x")
    with pytest.raises(Unhandled):  # a name the reader renders otherwise
        side_latex("E", poly_side([1, 0]), "E")
    space = QuadraticSpace(TASKS.get("quadratic_equation").from_level(1, seed=1).generate(0))
    wrong_forms = ((poly_side([1, 0, 2]), poly_side([0])),)
    assert space._state_latex("x**2 + 1 = 0", parts, wrong_forms) == reference_latex("x**2 + 1 = 0")
    assert space._state_latex("x**2 + 1 = 0", parts, None) == reference_latex("x**2 + 1 = 0")
