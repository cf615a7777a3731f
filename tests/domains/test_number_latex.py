"""The spaces write a solved value's answer with ``latex_answer.number``, as ``answer_latex(fraction_text(value))`` did
without the LaTeX parser: the same text for every rational on a grid, ints and whole Fractions alike, and a system's
tuple of them as ``answer_latex`` writes the tuple's text."""

from __future__ import annotations

import random
from fractions import Fraction

from cotforge.domains.algebra import fraction_text
from cotforge.domains.latex_answer import answer_latex, number, tuple_of


def _grid() -> list[int | Fraction]:
    values: list[int | Fraction] = [Fraction(p, q) for p in range(-600, 601) for q in range(1, 80) if Fraction(p, q).denominator == q]
    values += [Fraction(p) for p in range(-50, 51)] + list(range(-50, 51))
    values += [10**25, -(10**25), Fraction(10**12 + 7, 3), Fraction(-(10**20), 7)]
    return values


def test_number_is_answer_latex_of_the_fraction_text() -> None:
    values = _grid()
    assert len(values) > 58_000
    for value in values:
        assert number(value) == answer_latex(fraction_text(Fraction(value))), value


def test_a_tuple_of_numbers_is_answer_latex_of_the_tuple_text() -> None:
    values, rng = _grid(), random.Random(5)
    for _ in range(3_000):
        picked = rng.sample(values, rng.randint(2, 4))
        machine = "(" + ", ".join(fraction_text(Fraction(v)) for v in picked) + ")"
        assert tuple_of(number(v) for v in picked) == answer_latex(machine, "tuple"), machine


def test_number_takes_any_rational() -> None:
    assert number(True) == "1" and number(Fraction(-6, 4)) == r"-\frac{3}{2}"
