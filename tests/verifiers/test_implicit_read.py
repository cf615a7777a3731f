"""The exact reader of normalised answers with implicit products builds the expression sympy's parser builds, or
declines: on the LaTeX answers the derivative, rational_expression and integral tasks write (gold answers, and every
finished state of the spaces' sound and wrong moves) and on hand-made texts; and the answer verdicts are the
general route's."""

from __future__ import annotations

import pytest
import sympy

from cotforge.core.registry import TASKS
from cotforge.domains.latex_answer import answer_latex
from cotforge.verifiers import math_parse
from cotforge.verifiers.implicit_read import read_implicit, sstr_form
from cotforge.verifiers.math import MathVerifier
from cotforge.verifiers.math_latex import normalize
from cotforge.verifiers.math_parse import AnswerParseError
from space_states import reachable_states  # beside this file

NAMES = ("x",)


def _general(text: str, monkeypatch: pytest.MonkeyPatch) -> str | None:
    """srepr of the general route's reading (sympy's parser, this reader switched off), None when it refuses."""
    with monkeypatch.context() as patch:
        patch.setattr(math_parse, "read_implicit", lambda text, names: None)
        try:
            return sympy.srepr(math_parse._expression.__wrapped__(text, NAMES, True, False, True))
        except AnswerParseError:
            return None


def _answers(task: str) -> list[str]:
    """Normalised answer texts of ``task``: gold answers, and for the derivative and rational_expression spaces the
    LaTeX answer of every finished state their sound and wrong moves reach."""
    out: set[str] = set()
    for level in range(1, 6):
        for i in range(6):
            out.add(TASKS.get(task).from_level(level, seed=31).generate(i).answer)
    if task != "integral":
        for _, state in reachable_states(task, seed=5, per_level=4, max_states=30, wrong=3, rng_seed=2):
            if "Derivative" not in state:
                out.add(answer_latex(state, "expression"))
    return sorted(math_parse.imaginary_unit(normalize(a), list(NAMES)) for a in out)


DERIVATIVE = _answers("derivative")
ANSWERS = sorted({*DERIVATIVE, *_answers("rational_expression"), *_answers("integral")})

HAND_MADE = [
    "2 x  sin(x)  cos(x^(2) + 2) + 2 E^(x)", "-(-4 x - 5)^(3)  sin(x) - 12 (-4 x - 5)^(2)  cos(x)", "x^(-2)",
    "x^-2", "-x^(2)", "(x + 1)(x - 1)", "x (x + 1)", "2 (x + 1) x", "((2)/(x))", "((3 x)/((x - 1)^(2)))",
    "E^(-3 x^(2) - 3 x)", "x^(2)^(3)", "-(x)", "- -x", "x - -x", "sqrt(x^(2) + 4)", "pi x", "E x", "x/2/3",
    "3/4 x", "-3/4", "1/x^(2)", "exp(x) log(x)", "ln(x^(2) + 1) x", "ln x", "ln", "tan(x)^(2)", "x^(1000)", "x^(1001)", "x^(20000 x)",
    "2 3", "x 2", "2x", "x2", "sin x", "sin (x)", "E(2)", "x(2)", "+x", "x +", "x^", "(x", "x)", "", "  ", "ln(x)",
    "sin(2)", "2^(3)", "E^(2)", "y", "x, x", "x = 2", "2.5 x", "x**2", "I x", "oo", "x!", "(((((((((((((((((((((((x)))))))))))))))))))))))",
]


@pytest.mark.parametrize("text", ANSWERS + HAND_MADE)
def test_same_expression_as_the_general_route_or_none(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = read_implicit.__wrapped__(text, NAMES)
    if fast is not None:
        assert sympy.srepr(fast) == _general(text, monkeypatch)


def test_reads_most_derivative_answers() -> None:
    """The reader is worth having: it reads nearly every derivative answer the project writes."""
    read = [a for a in DERIVATIVE if read_implicit(a, NAMES) is not None]
    assert len(DERIVATIVE) >= 60 and len(read) >= 0.9 * len(DERIVATIVE)


@pytest.mark.parametrize("text, written", [
    ("2 x  sin(x)", "2*x*sin(x)"), ("-5 x^(2) (-6 x - 9)", "-5*x**(2)*(-6*x - 9)"), ("x - -x", "x - -x"),
    ("((2)/(x))", "((2)/(x))"), ("E^(x) + 1", "E**(x) + 1"),
])
def test_sstr_form(text: str, written: str) -> None:
    assert sstr_form(text, NAMES) == written


@pytest.mark.parametrize("text", ["2 3", "x 2", "2x", "x2", "sin x", "+x", "x +", "y", "2.5 x", "x**2", "ln x", "sin (x)"])
def test_declines_outside_its_set(text: str) -> None:
    assert read_implicit(text, NAMES) is None


def test_verdicts_unchanged_on_derivative_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The answer verifier gives the same verdict with and without this reader, on right and wrong answers."""
    verifier = MathVerifier()
    cases = []
    for level in range(1, 6):
        for i in range(4):
            problem = TASKS.get("derivative").from_level(level, seed=41).generate(i)
            wrong = [answer_latex(s, "expression") for _, s in reachable_states("derivative", 41, 1, 10, 2, i)
                     if "Derivative" not in s][:4]
            cases += [(problem, problem.answer)] + [(problem, w) for w in wrong]
    fast = [verifier._verify(p, f"The answer is ${a}$.").status for p, a in cases]
    math_parse._expression.cache_clear()
    with monkeypatch.context() as patch:
        patch.setattr(math_parse, "read_implicit", lambda text, names: None)
        general = [verifier._verify(p, f"The answer is ${a}$.").status for p, a in cases]
    math_parse._expression.cache_clear()
    assert fast == general and "accept" in fast and "reject" in fast
