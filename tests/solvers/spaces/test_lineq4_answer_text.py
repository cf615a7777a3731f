"""The algebra space writes a solved value's answer as ``answer_latex(fraction_text(value))`` did, without the LaTeX
parser: the same text for every rational on a grid, ints and whole Fractions alike."""

from __future__ import annotations

from fractions import Fraction

from cotforge.domains.algebra import fraction_text
from cotforge.domains.latex_answer import answer_latex
from cotforge.solvers.spaces.algebra import _answer


def test_answer_text_is_answer_latex_of_the_fraction_text() -> None:
    values: list[int | Fraction] = [Fraction(p, q) for p in range(-600, 601) for q in range(1, 80) if Fraction(p, q).denominator == q]
    values += [Fraction(p) for p in range(-50, 51)] + list(range(-50, 51))
    values += [10**25, -(10**25), Fraction(10**12 + 7, 3), Fraction(-(10**20), 7)]
    assert len(values) > 58_000
    for value in values:
        assert _answer(value) == answer_latex(fraction_text(Fraction(value))), value
