"""A labelled table of answers as people and models write them, against gold answers of each kind."""

from __future__ import annotations

import dataclasses
import json

import pytest

from cotforge.core.records import Problem
from cotforge.core.registry import VERIFIERS


def _problem(gold: str, kind: str = "value", variables: tuple[str, ...] = ("x",)) -> Problem:
    payload = {"answer_kind": kind, "variables": list(variables), "variable": variables[0]}
    return Problem("t", 1, "math", 1, 0, 0, "q", gold, json.dumps(payload), "arithmetic", "math")


# (gold, kind, answer, should it be accepted)
TABLE = [
    ("3/4", "value", "3/4", True),
    ("3/4", "value", "0.75", True),
    ("3/4", "value", "75%", True),
    ("3/4", "value", "75\\%", True),
    ("3/4", "value", "\\frac{3}{4}", True),
    ("3/4", "value", "\\dfrac34", True),
    ("3/4", "value", "The answer is 3/4.", True),
    ("3/4", "value", "so we get $\\boxed{\\frac{3}{4}}$", True),
    ("3/4", "value", "Final answer: 6/8", True),
    ("3/4", "value", "0.74", False),
    ("3/4", "value", "4/3", False),
    ("3/4", "value", "3/4 + x", False),
    ("7/4", "value", "1 3/4", True),
    ("-7/4", "value", "-1 3/4", True),
    ("7/4", "value", "13/4", False),
    ("1234567", "value", "1,234,567", True),
    ("1234567", "value", "1234568", False),
    ("10**30", "value", "1000000000000000000000000000001", False),
    ("10**30", "value", "10^{30}", True),
    ("1/10**30", "value", "0", False),
    ("sqrt(2)", "value", "\\sqrt{2}", True),
    ("sqrt(2)", "value", "1.41421356", True),
    ("sqrt(2)", "value", "1.414", False),
    ("sqrt(2)", "value", "1.4143", False),
    ("sqrt(8)", "value", "2\\sqrt{2}", True),
    ("pi/2", "value", "\\frac{\\pi}{2}", True),
    ("-8/3", "value", "x = -8/3", True),
    ("-8/3", "value", "3x = -8", True),
    ("-8/3", "value", "x + 8/3 = 2", False),
    ("{-3, 2}", "set", "{2, -3}", True),
    ("{-3, 2}", "set", "x = 2 or x = -3", True),
    ("{-3, 2}", "set", "x=-3, x=2", True),
    ("{-3, 2}", "set", "-3 and 2", True),
    ("{-3, 2}", "set", "\\{-3, 2\\}", True),
    ("{-3, 2}", "set", "{2}", False),
    ("{-3, 2}", "set", "{-3, 2, 5}", False),
    ("{-3, 2}", "set", "{3, -2}", False),
    ("{-3, 2}", "set", "x^2 + x - 6 = 0", True),
    ("{(1 - sqrt(5))/2, (1 + sqrt(5))/2}", "set", "x = \\frac{1 \\pm \\sqrt{5}}{2}", True),
    ("{(1 - sqrt(5))/2, (1 + sqrt(5))/2}", "set", "(1 ± √5)/2", True),
    ("{(1 - sqrt(5))/2, (1 + sqrt(5))/2}", "set", "(1 + sqrt(5))/2", False),
    ("{-1 - 2*I, -1 + 2*I}", "set", "-1 \\pm 2i", True),
    ("{-1 - 2*I, -1 + 2*I}", "set", "{-1+2i, -1-2i}", True),
    ("{-1 - 2*I, -1 + 2*I}", "set", "{-1+2i, 1-2i}", False),
    ("878", "value", "878 points", True),
    ("878", "value", "The answer is 878 points.", True),
    ("12", "value", "$12", True),
    ("12", "value", "12 dollars", True),
    ("12", "value", "13 apples", False),
    ("-2*x", "expression", "-2x", True),
    ("-2*x", "expression", "f'(x) = -2x", True),
    ("exp(2*x)*(2*x + 1)", "expression", "2xe^{2x} + e^{2x}", True),
    ("exp(2*x)*(2*x + 1)", "expression", "2x e^(2x)", False),
    ("cos(x) - x*sin(x)", "expression", "\\cos x - x\\sin x", True),
    ("1/(x**2 + 1)", "expression", "\\frac{1}{x^2+1}", True),
    ("1/(x**2 + 1)", "expression", "\\frac{1}{x^2-1}", False),
    ("x**2 + 5*x + 6", "expanded", "x^2 + 5x + 6", True),
    ("x**2 + 5*x + 6", "expanded", "6 + 5x + x^2", True),
    ("x**2 + 5*x + 6", "expanded", "(x + 2)(x + 3)", False),
    ("x**2 + 5*x + 6", "expanded", "x^2 + 5x + 7", False),
    ("(x + 2)*(x + 3)", "factored", "(x + 3)(x + 2)", True),
    ("(x + 2)*(x + 3)", "factored", "x^2 + 5x + 6", False),
    ("2*(x + 2)*(x + 3)", "factored", "2(x+2)(x+3)", True),
    ("2*(x + 2)*(x + 3)", "factored", "(2x + 4)(x + 3)", False),
    ("(x - 3)*(x + 3)", "factored", "(3 - x)(-x - 3)", True),
    ("(x - 3)*(x + 3)", "factored", "(x - 3)(x - 3)", False),
    ("(-oo, 3)", "interval", "(-\\infty, 3)", True),
    ("(-oo, 3)", "interval", "x < 3", True),
    ("(-oo, 3)", "interval", "(-∞, 3]", False),
    ("(-oo, 3)", "interval", "x <= 3", False),
    ("[-1, 4)", "interval", "-1 <= x < 4", True),
    ("[-1, 4)", "interval", "x \\in [-1, 4)", True),
    ("[-1, 4)", "interval", "(-1, 4)", False),
    ("(-oo, -2) U (3, oo)", "interval", "x < -2 or x > 3", True),
    ("(-oo, -2) U (3, oo)", "interval", "(3, \\infty) \\cup (-\\infty, -2)", True),
    ("(-oo, -2) U (3, oo)", "interval", "(-2, 3)", False),
    ("[1/2, oo)", "interval", "x ≥ 0.5", True),
    ("(x + 6)/(x - 1)", "simplified", "\\frac{x+6}{x-1}", True),
    ("(x + 6)/(x - 1)", "simplified", "((x - 2)(x + 6))/((x - 2)(x - 1))", False),
    ("(x + 6)/(x - 1)", "simplified", "1 + 7/(x - 1)", False),
    ("(x + 6)/(x - 1)", "simplified", "(x + 6)/(x + 1)", False),
    ("1500", "value", "1.5e3", True),
    ("1500", "value", "1.5 \\times 10^{3}", True),
    ("1500", "value", "1.5e4", False),
    ("123456789012345678901234567890", "value", "123456789012345678901234567890", True),
    ("123456789012345678901234567890", "value", "123456789012345678901234567891", False),
    ("1/3", "value", "0.3333", False),
    ("1/3", "value", "0.333...", False),
    ("1/3", "value", "2/6", True),
    ("1/3", "value", "\\frac{2}{6}", True),
    ("-1/3", "value", "\\frac{-1}{3}", True),
    ("-1/3", "value", "-\\frac{1}{3}", True),
    ("-1/3", "value", "\\frac{1}{-3}", True),
    ("-1/3", "value", "1/3", False),
    ("0", "value", "0.0", True),
    ("0", "value", "-0", True),
    ("0", "value", "0.001", False),
    ("5", "value", "5.000", True),
    ("5", "value", "\\boxed{5}", True),
    ("5", "value", "\\boxed{\\boxed{5}}", True),
    ("5", "value", "$$5$$", True),
    ("5", "value", "x=5", True),
    ("5", "value", "2x - 10 = 0", True),
    ("5", "value", "x^2 = 25", False),
    ("5", "value", "five", False),
    ("5", "value", "5 and 6", False),
    ("5", "value", "{5}", True),
    ("5", "value", "\\{5\\}", True),
    ("2*sqrt(3)", "value", "\\sqrt{12}", True),
    ("2*sqrt(3)", "value", "sqrt(12)", True),
    ("2*sqrt(3)", "value", "3.4641", True),
    ("2*sqrt(3)", "value", "3.4642", False),
    ("2*sqrt(3)", "value", "sqrt(13)", False),
    ("pi", "value", "3.1416", True),
    ("pi", "value", "22/7", False),
    ("E", "value", "e", True),
    ("E", "value", "2.7183", True),
    ("E", "value", "2.718", False),
    ("{1, 2, 3}", "set", "{3, 2, 1}", True),
    ("{1, 2, 3}", "set", "1, 2, 3", True),
    ("{1, 2, 3}", "set", "{1, 2}", False),
    ("{1, 2, 3}", "set", "{1, 2, 2, 3}", True),
    ("{0, 5}", "set", "x(x - 5) = 0", True),
    ("{0, 5}", "set", "x = 0 \\text{ or } x = 5", True),
    ("{0, 5}", "set", "x = 0", False),
    ("{-2*I, 2*I}", "set", "\\pm 2i", True),
    ("{-2*I, 2*I}", "set", "x = 2i, x = -2i", True),
    ("{-2*I, 2*I}", "set", "{2, -2}", False),
    ("(1, 2, 3)", "tuple", "(1, 2, 3)", True),
    ("(1/2, -3)", "tuple", "(0.5, -3)", True),
    ("(1/2, -3)", "tuple", "x = \\frac{1}{2}, y = -3", True),
    ("(1/2, -3)", "tuple", "(1/2, 3)", False),
    ("(1/2, -3)", "tuple", "y = 1/2, x = -3", False),
    ("3*x**2 + 2", "expression", "3x^2+2", True),
    ("3*x**2 + 2", "expression", "2 + 3x^{2}", True),
    ("3*x**2 + 2", "expression", "3x^2", False),
    ("3*x**2 + 2", "expression", "3x^3 + 2", False),
    ("log(x)/x", "expression", "\\frac{\\ln x}{x}", True),
    ("log(x)/x", "expression", "\\ln(x) x^{-1}", True),
    ("log(x)/x", "expression", "\\ln(x)", False),
    ("2*sin(x)*cos(x)", "expression", "sin(2x)", True),
    ("2*sin(x)*cos(x)", "expression", "cos(2x)", False),
    ("x**3/3 + C", "antiderivative", "\\frac{x^3}{3} + C", True),
    ("x**3/3 + C", "antiderivative", "x^3/3 + 5", True),
    ("x**3/3 + C", "antiderivative", "x^3/3", True),
    ("x**3/3 + C", "antiderivative", "x^3 + C", False),
    ("x**3/3 + C", "antiderivative", "x^2", False),
    ("(2, -1)", "tuple", "(2, -1)", True),
    ("(2, -1)", "tuple", "x = 2, y = -1", True),
    ("(2, -1)", "tuple", "y = -1, x = 2", True),
    ("(2, -1)", "tuple", "x=2 and y=-1", True),
    ("(2, -1)", "tuple", "(-1, 2)", False),
    ("(2, -1)", "tuple", "x = 2", False),
    ("(2, -1)", "tuple", "(2, -1, 0)", False),
]


@pytest.mark.parametrize(("gold", "kind", "answer", "expected"), TABLE)
def test_table(gold: str, kind: str, answer: str, expected: bool) -> None:
    variables = ("x", "y") if kind == "tuple" else ("x",)
    verdict = VERIFIERS.get("math").verify(_problem(gold, kind, variables), answer)
    assert verdict.accepted == expected, verdict.reason
    if not expected:
        assert verdict.status == "reject"


@pytest.mark.parametrize(
    "bomb",
    ["10**10**10**10", "9^9^9", "2**99999999", "(" * 5000 + "1" + ")" * 5000, "1" * 1_000_000, "x" * 400],
)
def test_expression_bombs_end_in_a_verdict_quickly(bomb: str) -> None:
    import time

    started = time.perf_counter()
    verdict = VERIFIERS.get("math").verify(_problem("3/4"), bomb)
    assert verdict.status in ("error", "reject") and verdict.reason
    assert time.perf_counter() - started < 1.0


def test_code_is_never_evaluated() -> None:
    for attack in ["__import__('os').system('true')", "().__class__", "lambda: 1", "eval('1')"]:
        assert VERIFIERS.get("math").verify(_problem("1"), attack).status == "reject"


def test_gold_that_cannot_be_read_is_an_error() -> None:
    problem = dataclasses.replace(_problem("3/4"), answer="???")
    assert VERIFIERS.get("math").verify(problem, "3/4").status == "error"


def test_a_slow_check_ends_as_an_error_within_the_bound(monkeypatch) -> None:
    import time

    from cotforge.verifiers import math as math_verifier

    verifier = VERIFIERS.get("math")
    monkeypatch.setattr(math_verifier, "_matches", lambda *args: time.sleep(3) or True)
    monkeypatch.setattr(verifier, "time_limit", 0.2)
    started = time.perf_counter()
    verdict = verifier.verify(_problem("3/4"), "3/4")
    assert verdict.status == "error" and "longer than" in verdict.reason
    assert time.perf_counter() - started < 1.0
