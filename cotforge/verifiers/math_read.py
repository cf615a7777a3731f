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
from cotforge.verifiers.math_latex import normalize
from cotforge.verifiers.math_parse import (
    MAX_ANSWER_CHARS,
    AnswerParseError,
    AnswerTooHardError,
    assignments,
    expression,
    imaginary_unit,
    plus_minus,
    split_top,
    unwrap,
)
from cotforge.verifiers.math_prose import value_in_sentence

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


_PROJECT_NUMBER = re.compile(r"(-?)(?:(0|[1-9]\d{0,30})|\\frac\{([1-9]\d{0,30})\}\{([1-9]\d{0,30})\})")
"""A rational as the project's own renderer writes it: ``7``, ``-12``, ``-\\frac{3}{4}``; nothing else."""


def project_number(text: str) -> Answer | None:
    """``read(text, "value", ...)`` for a rational written exactly as the project writes one, read without
    normalising the LaTeX (None for any other text: ``read`` decides it). The spaces and the search ask about
    such answers many times per record; the value is the one ``read`` gives (``tests/verifiers/test_math_read``)."""
    match = _PROJECT_NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    sign, whole, top, bottom = match.groups()
    value = sympy.Integer(int(whole)) if whole is not None else sympy.Rational(int(top), int(bottom))
    return Answer.exact(-value if sign else value)


_TERM = r"(?:0|[1-9]\d{0,30}|(?:[1-9]\d{0,30} )?[a-z](?:\^\{(?:[2-9]|[1-9]\d)\})?)"
_PROJECT_POLYNOMIAL = re.compile(rf"-?{_TERM}(?: [-+] {_TERM}){{0,40}}")
_POLY_TERM = re.compile(r"([-+]?) ?(?:(\d+)? ?([a-z])(?:\^\{(\d+)\})?|(\d+))")


def project_polynomial(text: str, name: str) -> dict[int, int] | None:
    """A sum of integer monomials in ``name`` as the project writes one (``3 x^{4} - 36 x^{2} + 116 x - 163``), as
    ``{degree: coefficient}`` with like terms summed and zeros dropped; None for any other text (another spacing, a
    fraction, a product, another letter): the general reader decides those. A text of this shape is a sum of
    monomials, so it is in expanded form, and two are equal exactly when their dictionaries are."""
    body = text.strip()
    if len(body) > 200 or name in ("e", "i") or _PROJECT_POLYNOMIAL.fullmatch(body) is None:
        return None
    out: dict[int, int] = {}
    for sign, coeff, letter, power, constant in _POLY_TERM.findall(body):
        if letter and letter != name:
            return None
        value = int(constant or coeff or 1)
        degree = 0 if constant else int(power or 1)
        out[degree] = out.get(degree, 0) + (-value if sign == "-" else value)
    return {d: c for d, c in out.items() if c}


def polynomial_shaped(text: str) -> bool:
    """The text is a sum of monomials as the project writes one (in some letter): cheap to read by either route."""
    body = text.strip()
    return len(body) <= 200 and _PROJECT_POLYNOMIAL.fullmatch(body) is not None


def read(text: str, kind: str, names: list[str], free_name: bool = False) -> Answer:
    """The answer as values of ``kind`` (a set kind is compared ignoring order later).

    A value may be stated as ``x = v`` (or ``v = x``, ``x = 25 + 100 = 125``) for the unknown
    ``names[0]``; ``free_name`` also admits any one-letter name (``k = 1/3``), for a gold that is a
    plain value and so names no unknown. An equation that does not state the value (``-6x = 6``,
    ``x + 1 = 4``, ``x^2 = 9``) is refused, never solved: answering with the question's own
    equation must not be rewarded. A value in a sentence ("They sold 125 tickets altogether.") is
    read when the sentence holds one value and nothing that changes it (see :mod:`math_prose`).
    """
    plain = normalize(text)
    if kind == "text":
        return _read(plain, kind, names, free_name)
    if len(plain) > MAX_ANSWER_CHARS:
        raise AnswerParseError(f"answer longer than {MAX_ANSWER_CHARS} characters")
    try:
        return _read(imaginary_unit(plain, names), kind, names, free_name)
    except AnswerTooHardError:
        raise
    except AnswerParseError:
        if kind not in ("value", "interval"):
            raise
        sentence = value_in_sentence(plain, names)  # raises its own reason when the sentence qualifies the value
        if sentence is None or sentence == plain:
            raise
        return _read(imaginary_unit(sentence, names), kind, names, free_name)


def words(text: str) -> str:
    """A ``text`` answer compared as words: lower case, single spaces, no surrounding brackets or full stop."""
    plain = re.sub(r"\s+", " ", text).strip().strip(".").strip()
    plain = re.sub(r"^\((.*)\)$", r"\1", plain).strip()
    if not re.fullmatch(r"[A-Za-z][A-Za-z' -]*", plain):
        raise AnswerParseError(f"{text.strip()[:40]!r} is not an answer in words")
    return plain.lower()


def _read(text: str, kind: str, names: list[str], free_name: bool) -> Answer:
    if kind == "text":
        return Answer((words(text),), (None,))
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
    if kind == "tuples":  # "(x, y) = (5, 8) and (8, 5)", "{(1, 2), (2, 1)}", "(11,7)or(7,11)"
        text = re.sub(r"^\s*\(\s*[A-Za-z](?:\s*,\s*[A-Za-z])+\s*\)\s*=\s*", "", unwrap(text, "{}"))
        return Answer.exact(*(_one_tuple(group) for group in split_top(re.sub(r"\)\s*or\s*\(", "), (", text))))
    if kind == "set":
        return _set(text, names, symbols)
    read_parts = [stated_value(part, symbols[names[0]], free_name) for part in split_top(unwrap(text, "{}"))]
    if not read_parts:
        raise AnswerParseError("empty answer")
    return Answer(tuple(v for v, _ in read_parts), tuple(u for _, u in read_parts))  # several: the verifier decides


_NAME = re.compile(r"([A-DF-HJ-Za-z])(?:_\{?\w+\}?)?")
"""A one-letter name, maybe with a subscript (``x_1``, ``x_{2}``); ``E`` and ``I`` are Euler's number and the
imaginary unit here."""


def stated_value(text: str, symbol: sympy.Symbol, free_name: bool = False) -> tuple[sympy.Expr, sympy.Rational | None]:
    """The value ``text`` states and its decimal place: ``3``, ``x = 3``, ``3 = x``, ``x = 25 + 100 = 125``.

    Every side must be a number and all sides equal; one side may be the unknown's name alone.
    """
    sides = [side.strip() for side in text.split("=")]
    if len(sides) == 1:
        return expression(text, {symbol.name: symbol}), decimal_unit(text)
    if not all(sides):
        raise AnswerParseError(f"{text!r} has an empty side")
    name, rest = None, sides
    if named := _NAME.fullmatch(sides[0]):
        name, rest = named.group(1), sides[1:]
    elif named := _NAME.fullmatch(sides[-1]):
        name, rest = named.group(1), sides[:-1]
    if name is not None and name != symbol.name and not free_name:
        raise AnswerParseError(f"{text!r} gives {name}, not {symbol.name}")
    try:
        values = [expression(side, {}) for side in rest]
    except AnswerTooHardError:
        raise
    except AnswerParseError:
        raise AnswerParseError(f"{text!r} does not state the value of {symbol} (an equation is never solved for it)") from None
    if any(not equal(v, values[-1]) for v in values[:-1]):
        raise AnswerParseError(f"the sides of {text!r} are not equal")
    return values[-1], decimal_unit(rest[-1])


def equal(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Exact equality of two values (or two formulas), never by numeric closeness; infinities only equal themselves."""
    if a.is_Rational and b.is_Rational:
        return bool(a == b)
    if a.has(sympy.oo, -sympy.oo, sympy.zoo) or b.has(sympy.oo, -sympy.oo, sympy.zoo):
        return bool(sympy.simplify(a) == sympy.simplify(b))
    difference = a - b
    if _clearly_apart(difference):
        return False
    expanded = sympy.expand(difference)
    if expanded == 0 or sympy.cancel(sympy.together(expanded)) == 0:
        return True
    difference = sympy.simplify(difference)
    return difference == 0 or difference.equals(0) is True


SAMPLES = (sympy.Rational(7, 10), sympy.Rational(13, 10), sympy.Rational(23, 10))


def _clearly_apart(difference: sympy.Expr) -> bool:
    """True when the difference is far from zero numerically (for formulas: at some sample point)."""
    symbols = sorted(difference.free_symbols, key=str)
    points = [difference] if not symbols else (difference.subs({s: p + i for i, s in enumerate(symbols)}) for p in SAMPLES)  # lazily: the first point apart decides
    for point in points:
        try:
            approx = complex(sympy.N(point, 30))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if abs(approx) > 1e-20 and abs(approx) == abs(approx):  # not NaN
            return True
    return False


def _one_tuple(text: str) -> sympy.Tuple:
    """One tuple of a set of tuples: ``(2, 1)`` or ``(0; -2; 6)``, numbers only."""
    if not (text.startswith("(") and text.endswith(")")) or unwrap(text, "()") == text:
        raise AnswerParseError(f"{text!r} is not a tuple in round brackets")
    parts = split_top(text[1:-1])
    if len(parts) < 2:
        raise AnswerParseError(f"{text!r} is not a tuple of two or more values")
    return sympy.Tuple(*(expression(p, {}) for p in parts))


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
    """``{-3, 2}``, ``x = 2 or x = -3``, ``1 ± √5``; an equation such as ``x^2 + x - 6 = 0`` is not solved."""
    text = re.sub(rf"^\s*{re.escape(names[0])}\s*(?:\\in|∈)\s*", "", text)
    parts = plus_minus(split_top(unwrap(text, "{}[]()") if text.startswith("{") else text))
    named = assignments(parts, names)
    if named is not None and len(named) == len(parts):
        texts = list(named.values())
        return Answer(tuple(expression(v, symbols) for v in texts), tuple(decimal_unit(v) for v in texts))
    read_parts = [stated_value(part, symbols[names[0]]) for part in parts]
    return Answer(tuple(v for v, _ in read_parts), tuple(u for _, u in read_parts))


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
