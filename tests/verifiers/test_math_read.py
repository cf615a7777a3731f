"""The exact reader of the project's own numbers reads what the general reader reads, and nothing else."""

from __future__ import annotations

import random

import pytest

from cotforge.domains.latex_answer import number
from cotforge.verifiers.math_read import project_number, read


def test_the_project_numbers_read_as_the_general_reader_reads_them() -> None:
    rng = random.Random(4)
    from fractions import Fraction

    values = [Fraction(rng.randint(-10**rng.randint(1, 25), 10**rng.randint(1, 25)), rng.randint(1, 10**rng.randint(1, 8)))
              for _ in range(400)] + [Fraction(0), Fraction(1), Fraction(-1)]
    texts = [number(v) for v in values] + [r"\frac{6}{8}", "-0", " 7 "]
    for text in texts:
        fast = project_number(text)
        assert fast is not None and fast == read(text, "value", ["x"]), text


@pytest.mark.parametrize("text", ["007", r"\frac{0}{3}", r"\frac{3}{0}", r"\dfrac{3}{4}", r"-\frac{-3}{4}", "--5", "+5", "1.5",
                                  "x = 3", r"\boxed{3}", "3, 4", "1" * 32, r"\frac{3}{4}x", "3 4", "", r"\frac{3}{04}"])
def test_anything_else_is_left_to_the_general_reader(text: str) -> None:
    assert project_number(text) is None


def test_the_project_polynomials_read_exactly() -> None:
    from cotforge.verifiers.math_read import project_polynomial

    assert project_polynomial("3 x^{4} - 36 x^{2} + 116 x - 163", "x") == {4: 3, 2: -36, 1: 116, 0: -163}
    assert project_polynomial("76 - 26 x", "x") == {0: 76, 1: -26}
    assert project_polynomial("x + x - 2 x", "x") == {}
    assert project_polynomial("-x^{12}", "x") == {12: -1}


@pytest.mark.parametrize("text", ["3x", "x^{1}", "x^{0}", "0 x", "2 y", "x + y", "- 3", "x + - 3", "x^2", "\\frac{x}{2}",
                                  "(x + 1)", "2 x y", "x^{100}", "09 x", "x  + 1", "e", "x = 1"])
def test_other_texts_are_left_to_the_general_reader(text: str) -> None:
    from cotforge.verifiers.math_read import project_polynomial

    assert project_polynomial(text, "x") is None
