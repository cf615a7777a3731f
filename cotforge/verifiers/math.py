"""Math answers compared by value with sympy, and equation steps checked to keep the solution set.

Answers are read the way people and models write them: ``5/3``, ``x = 5/3``,
``\\frac{5}{3}``, ``\\boxed{-2}``, ``1.5``, ``{2}``. Only a whitelist of
characters and names reaches sympy's parser, because it evaluates Python.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from tokenize import TokenError as TokenizeError

import sympy
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    rationalize,
    standard_transformations,
)

from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers.base import Verifier

_TRANSFORMS = standard_transformations + (implicit_multiplication_application, convert_xor, rationalize)
_ALLOWED = re.compile(r"^[0-9a-zA-Z_+\-*/^().,{} =]*$")
_NAMES = {"sqrt", "pi", "E", "I", "oo"}
MAX_ANSWER_CHARS = 300


class AnswerParseError(ValueError):
    """The answer text is not a math expression this verifier can read."""


def _strip_latex(text: str) -> str:
    text = text.strip().strip("$").strip()
    boxed = re.search(r"\\boxed\{(.*)\}", text)
    if boxed:
        text = boxed.group(1)
    text = text.replace("\\left", "").replace("\\right", "").replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")
    while "\\frac" in text:
        new = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"((\1)/(\2))", text)
        if new == text:
            break
        text = new
    text = re.sub(r"\\sqrt\{([^{}]*)\}", r"sqrt(\1)", text)
    text = text.replace("\\pi", "pi").replace("\\cdot", "*").replace("\\times", "*").replace("−", "-")
    text = text.replace("\\{", "{").replace("\\}", "}").replace("\\,", "").replace("\\!", "")
    return re.sub(r"(?<=\d),(?=\d{3}\b)", "", text).strip().rstrip(".")


def parse_value(text: str, variable: str = "x") -> sympy.Expr | frozenset:
    """Parse an answer to a sympy value, or a frozenset of values for ``{a, b}`` / ``x = a``."""
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerParseError(f"answer longer than {MAX_ANSWER_CHARS} characters")
    text = _strip_latex(text)
    if not text:
        raise AnswerParseError("empty answer")
    if not _ALLOWED.match(text):
        raise AnswerParseError(f"unexpected characters in {text!r}")
    names = set(re.findall(r"[A-Za-z_]+", text))
    unknown = names - _NAMES - {variable}
    if unknown:
        raise AnswerParseError(f"unknown names {sorted(unknown)} in {text!r}")
    symbol = sympy.Symbol(variable)
    local = {variable: symbol, "E": sympy.E, "I": sympy.I, "pi": sympy.pi, "sqrt": sympy.sqrt}
    try:
        if text.startswith("{") and text.endswith("}"):
            inner = [t for t in text[1:-1].split(",") if t.strip()]
            return frozenset(parse_expr(t, local_dict=local, transformations=_TRANSFORMS) for t in inner)
        if "=" in text:
            lhs, rhs = text.split("=", 1)
            equation = parse_expr(lhs, local_dict=local, transformations=_TRANSFORMS) - parse_expr(
                rhs, local_dict=local, transformations=_TRANSFORMS
            )
            return frozenset(sympy.solve(equation, symbol))
        value = parse_expr(text, local_dict=local, transformations=_TRANSFORMS)
    except (SyntaxError, TypeError, ValueError, sympy.SympifyError, TokenizeError) as exc:
        raise AnswerParseError(f"cannot parse {text!r}: {exc}") from None
    if value.free_symbols:
        raise AnswerParseError(f"answer {text!r} still contains {sorted(map(str, value.free_symbols))}")
    return value


def _as_set(value: sympy.Expr | frozenset) -> frozenset:
    return value if isinstance(value, frozenset) else frozenset([value])


def same_values(a: frozenset, b: frozenset) -> bool:
    if len(a) != len(b):
        return False
    return all(any(sympy.simplify(x - y) == 0 for y in b) for x in a)


class MathVerifier(Verifier):
    """A value (or solution set) compared by exact equivalence with the gold answer."""

    name = "math"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        if answer is None:
            return Verdict.reject("no answer")
        variable = problem.data().get("variable", "x")
        try:
            gold = _as_set(parse_value(problem.answer, variable))
        except AnswerParseError as exc:
            return Verdict.error(f"gold answer unreadable: {exc}")
        try:
            given = _as_set(parse_value(answer, variable))
        except AnswerParseError as exc:
            return Verdict.reject(f"unparsable answer: {exc}")
        if same_values(given, gold):
            return Verdict.accept()
        return Verdict.reject(f"{answer.strip()!r} is not equal to the expected value")

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        """An equation step is sound iff its equation has exactly the gold solution set."""
        data = problem.data()
        variable = data.get("variable", "x")
        if "equation" not in data:
            return [None] * len(steps)
        gold = _as_set(parse_value(problem.answer, variable))
        symbol = sympy.Symbol(variable)
        return [_keeps_solutions(step.state, symbol, gold) for step in steps]


def _keeps_solutions(state: str, symbol: sympy.Symbol, gold: frozenset) -> bool | None:
    if state.count("=") != 1:
        return None
    lhs, rhs = state.split("=")
    try:
        difference = sympy.expand(sympy.sympify(lhs, locals={symbol.name: symbol}) - sympy.sympify(rhs, locals={symbol.name: symbol}))
    except (sympy.SympifyError, SyntaxError, TypeError):
        return None
    poly = sympy.Poly(difference, symbol)
    if poly.degree() != 1:
        return False  # an identity or a contradiction has lost the unique solution
    return same_values(frozenset(sympy.solve(difference, symbol)), gold)


VERIFIERS.register("math", MathVerifier())
