"""Gold answers rendered as LaTeX, one kind at a time, read back by cotforge's reader and by Math-Verify."""

from __future__ import annotations

from fractions import Fraction

import pytest
from math_verify import parse, verify

from cotforge.domains.latex import LatexError
from cotforge.domains.latex_answer import answer_latex, interval, number, set_of, tuple_of
from cotforge.verifiers.math_read import read

CASES = [
    ("-7/4", "value", r"-\frac{7}{4}"),
    ("5 - sqrt(15)*I", "value", r"5 - \sqrt{15}\,i"),
    ("{-10, -9}", "set", r"\{-10, -9\}"),
    ("{(-4 - sqrt(10))/2, (-4 + sqrt(10))/2}", "set", r"\{\frac{-4 - \sqrt{10}}{2}, \frac{-4 + \sqrt{10}}{2}\}"),
    ("(-1, 3/2)", "tuple", r"\left(-1, \frac{3}{2}\right)"),
    ("(-oo, 1)", "interval", r"\left(-\infty, 1\right)"),
    ("(-oo, -5] U [8, oo)", "interval", r"\left(-\infty, -5\right] \cup \left[8, \infty\right)"),
    ("-6*x**3 + 4*exp(x) + 2/x + C", "antiderivative", r"-6 x^{3} + 4 e^{x} + \frac{2}{x} + C"),
    ("(1)/(x - 8)", "simplified", r"\frac{1}{x - 8}"),
    ("6*(x + 8)*(x - 12)", "factored", r"6 \left(x + 8\right) \left(x - 12\right)"),
    ("y = 2*x + 1", "equation", "y = 2 x + 1"),
]


@pytest.mark.parametrize(("machine", "kind", "expected"), CASES)
def test_each_kind_is_written_as_latex(machine: str, kind: str, expected: str) -> None:
    assert answer_latex(machine, kind) == expected


@pytest.mark.parametrize(("machine", "kind", "expected"), [c for c in CASES if c[1] != "equation"])
def test_cotforge_reads_the_latex_back_to_the_same_value(machine: str, kind: str, expected: str) -> None:
    names = ["x", "y"] if kind == "tuple" else ["x"]
    assert read(expected, kind, names) == read(machine, kind, names)


@pytest.mark.parametrize(("machine", "kind", "expected"), CASES)
def test_math_verify_reads_the_latex(machine: str, kind: str, expected: str) -> None:
    parsed = parse(f"${expected}$")
    assert parsed and verify(parsed, parse(f"\\boxed{{{expected}}}"))


def test_numbers_sets_and_tuples() -> None:
    assert number(Fraction(-3, 4)) == r"-\frac{3}{4}" and number(12) == "12"
    assert set_of([]) == r"\varnothing" and set_of(["1", "2"]) == r"\{1, 2\}"
    assert tuple_of(["1", r"\frac{1}{2}"]) == r"\left(1, \frac{1}{2}\right)"
    assert interval("{}") == r"\varnothing"


def test_bad_input_is_named() -> None:
    with pytest.raises(ValueError, match="unknown answer kind"):
        answer_latex("1", "vector")
    with pytest.raises(LatexError, match="not an interval"):
        answer_latex("x > 3", "interval")
