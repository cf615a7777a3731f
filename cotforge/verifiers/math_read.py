"""An answer's text read as values of the kind the gold answer is (see :mod:`cotforge.verifiers.math`).

Each value carries the place of its last written digit when it was written as a
plain decimal (``1.4142``, ``x = 3.7321``, ``1.4142e-8``): that is what marks a
decimal approximation, the only answer a numeric tolerance may ever apply to.
A repeating decimal (``0.(3)``, ``0.1\\overline{6}``) is no approximation: normalising
turns it into its exact fraction first, so it never carries a decimal place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy

from cotforge.domains.intervals import parse_set
from cotforge.verifiers.math_parse import (
    MAX_ANSWER_CHARS,
    AnswerParseError,
    AnswerTooHardError,
    assignments,
    expression,
    imaginary_unit,
    normalize,
    plus_minus,
    split_top,
    unwrap,
)

FORMULA_KINDS = ("expression", "expanded", "factored", "simplified", "antiderivative")


@dataclass(frozen=True, slots=True)
class Answer:
    """Values read from an answer; ``units[i]`` is the last written decimal place of a decimal, else None."""

    values: tuple
    units: tuple

    @classmethod
    def exact(cls, *values: sympy.Basic) -> Answer:
        return cls(tuple(values), (None,) * len(values))


_DECIMAL = re.compile(r"\s*(?:[A-Za-z]\w*\s*=\s*)?[-+]?\s*\d*\.(\d+)(?:\s*\*\s*10\s*\^\s*\(?\s*([+-]?\d+)\s*\)?)?\s*")


def decimal_unit(text: str) -> sympy.Rational | None:
    """``10^-k`` for a plain decimal written to k places (scaled by its power of ten), else None."""
    match = _DECIMAL.fullmatch(text)
    if match is None:
        return None
    return sympy.Rational(10) ** (int(match.group(2) or 0) - len(match.group(1)))


def read(text: str, kind: str, names: list[str]) -> Answer:
    """The answer as values of ``kind`` (a set kind is compared ignoring order later)."""
    text = imaginary_unit(normalize(text), names)
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerParseError(f"answer longer than {MAX_ANSWER_CHARS} characters")
    symbols = {n: sympy.Symbol(n) for n in names}
    if kind == "interval":
        return Answer.exact(_interval(text, names[0]))
    if kind == "equation":
        return Answer.exact(_relation(text, symbols))
    if kind == "antiderivative":  # "+ C" (any constant's name) is optional
        text = re.sub(r"\s*\+\s*(?:C|c|K|constant)\s*$", "", text)
    if kind in FORMULA_KINDS:
        match = re.fullmatch(r"\s*[A-Za-z]\w*'*(?:\(\w\))?\s*=\s*(.+)", text)  # "f'(x) = ..." / "y = ..."
        return Answer.exact(expression(match.group(1) if match else text, symbols, allow_free=True))
    if kind == "tuple":
        return _tuple(text, names, symbols)
    if kind == "set":
        return _set(text, names, symbols)
    stripped = unwrap(text, "{}")
    try:
        values = _solved_or_value(stripped, sympy.Symbol(names[0]))
        return Answer(tuple(values), (decimal_unit(stripped),) * len(values))
    except AnswerParseError:
        bare = _UNITS.fullmatch(stripped)  # "878 points", "$12.50", "12 dollars"
        if bare is None:
            raise
        number = bare.group(1).replace(",", "").strip()
        return Answer((expression(number, {}),), (decimal_unit(number),))


_UNITS = re.compile(r"\$?\s*(-?[\d][\d,]*(?:\.\d+)?(?:\s*/\s*\d+)?)\s*(?:[A-Za-z][A-Za-z' ]*)?")


def _tuple(text: str, names: list[str], symbols: dict[str, sympy.Symbol]) -> Answer:
    """``(2, -1)``, ``x = 2, y = -1`` (any order), ``(y, x) = (-1, 2)``."""
    order = names
    header = re.fullmatch(r"\s*\(\s*([A-Za-z]\w*(?:\s*,\s*[A-Za-z]\w*)+)\s*\)\s*=\s*(.+)", text)
    if header:
        order = [n.strip() for n in header.group(1).split(",")]
        if sorted(order) != sorted(names):
            raise AnswerParseError(f"the tuple names {', '.join(order)}, expected {', '.join(names)}")
        text = header.group(2).strip()
    parts = split_top(unwrap(text, "()[]"))
    named = assignments(parts, names)
    if named is not None:
        if sorted(named) != sorted(names) or len(parts) != len(names):
            raise AnswerParseError(f"expected one value for each of {', '.join(names)}")
        parts = [named[n] for n in names]
    elif len(parts) == len(order):
        parts = [parts[order.index(n)] for n in names]
    return Answer(tuple(expression(p, symbols) for p in parts), tuple(decimal_unit(p) for p in parts))


def _set(text: str, names: list[str], symbols: dict[str, sympy.Symbol]) -> Answer:
    """``{-3, 2}``, ``x = 2 or x = -3``, ``1 ± √5``, ``x^2 + x - 6 = 0`` (solved)."""
    text = re.sub(rf"^\s*{re.escape(names[0])}\s*(?:\\in|∈)\s*", "", text)
    parts = plus_minus(split_top(unwrap(text, "{}[]()") if text.startswith("{") else text))
    named = assignments(parts, names)
    if named is not None and len(named) == len(parts):
        texts = list(named.values())
        return Answer(tuple(expression(v, symbols) for v in texts), tuple(decimal_unit(v) for v in texts))
    values: list = []
    units: list = []
    for part in parts:
        solved = _solved_or_value(part, symbols[names[0]])
        values += solved
        units += [decimal_unit(part)] * len(solved)
    return Answer(tuple(values), tuple(units))


def _solved_or_value(text: str, symbol: sympy.Symbol) -> list[sympy.Expr]:
    """``x = 3`` / ``3x = -8`` (a linear or quadratic relation, solved) or a plain value."""
    if text.count("=") == 1:
        lhs, rhs = text.split("=")
        left, right = expression(lhs, {symbol.name: symbol}, True), expression(rhs, {symbol.name: symbol}, True)
        relation = sympy.Poly(left - right, symbol) if (left - right).free_symbols <= {symbol} else None
        if relation is None or relation.degree() < 1 or relation.degree() > 2:
            raise AnswerParseError(f"{text!r} does not fix {symbol}")
        return list(sympy.roots(relation, multiple=True))
    return [expression(text, {symbol.name: symbol})]


def _relation(text: str, symbols: dict[str, sympy.Symbol]) -> sympy.Expr:
    """An equation as the numerator of ``lhs - rhs`` over a common denominator; compared up to a constant factor."""
    if text.count("=") != 1:
        raise AnswerParseError("not an equation (expected exactly one '=')")
    lhs, rhs = text.split("=")
    difference = expression(lhs.strip(), symbols, allow_free=True) - expression(rhs.strip(), symbols, allow_free=True)
    relation = sympy.numer(sympy.together(difference))
    if not relation.free_symbols:
        raise AnswerParseError("the equation does not involve the unknowns")
    return relation


_REALS = re.compile(r"\\mathbb\s*\{?R\}?|ℝ|all real numbers|\(\s*-\s*oo\s*,\s*\+?oo\s*\)|R", re.I)
_EMPTY = re.compile(r"\\emptyset|\\varnothing|∅|\{\s*\}|no (?:real )?solutions?", re.I)


def _interval(text: str, name: str) -> sympy.Set:
    """An interval, a union, solved inequalities, set-builder ``{x | ...}``, the reals or the empty set."""
    builder = re.fullmatch(rf"\s*\{{\s*{re.escape(name)}\s*(?:\\mid|\||:)\s*(.+)\}}\s*", text)
    if builder:
        text = builder.group(1)
    text = re.sub(rf"^\s*{re.escape(name)}\s*(?:∈|\\in|in)\s*", "", text.strip())
    if _REALS.fullmatch(text.strip()):
        return sympy.S.Reals
    if _EMPTY.fullmatch(text.strip()):
        return sympy.S.EmptySet
    try:
        return parse_set(text, lambda t: expression(t, {}), name)
    except ValueError as exc:  # AnswerParseError included
        if isinstance(exc, AnswerTooHardError):
            raise
        raise AnswerParseError(f"not an interval: {exc}") from None
