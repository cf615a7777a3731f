"""Math answers compared exactly by kind, and every step checked the way its task defines.

The payload's ``answer_kind`` says what the gold answer is: ``value`` (default; a
number, or ``x = …``), ``set`` (solutions in any order: ``{-3, 2}``, ``x = 2 or
x = -3``, ``1 ± √5``), ``tuple`` (one value per unknown: ``(2, -1)``, ``x = 2,
y = -1``), ``expression`` (a formula in the variable), ``expanded`` /
``factored`` / ``simplified`` (a formula that must also be in that form),
``antiderivative`` (equal up to a constant: the derivatives agree) or
``interval`` (``[2, 5)``, ``x < -2 or x > 3``, unions). Exact values are
compared exactly (a numeric check only ever proves two values *different*); a
decimal is accepted for an irrational value only when correctly rounded to at
least four decimals. Every verification runs under a wall-clock bound
(:mod:`math_bound`); step checks live in :mod:`cotforge.verifiers.math_steps`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sympy

from cotforge.core.intervals import parse_set
from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers.base import Verifier
from cotforge.verifiers.math_bound import bounded
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
from cotforge.verifiers.math_steps import check_steps

KINDS = ("value", "set", "tuple", "expression", "expanded", "factored", "simplified", "antiderivative", "interval")


def equal(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Exact equality of two values (or two formulas), never by numeric closeness."""
    if a.is_Rational and b.is_Rational:
        return bool(a == b)
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
    points = [difference] if not symbols else [difference.subs({s: p + i for i, s in enumerate(symbols)}) for p in SAMPLES]
    for point in points:
        try:
            approx = complex(sympy.N(point, 30))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if abs(approx) > 1e-20 and abs(approx) == abs(approx):  # not NaN
            return True
    return False


def _decimal_close(text: str, value: sympy.Expr, gold: sympy.Expr) -> bool:
    """A decimal approximation of an irrational gold, correctly rounded to >= 4 places."""
    places = re.findall(r"\.(\d+)", text)
    if len(places) != 1 or len(places[0]) < 4 or gold.is_Rational or not gold.is_number:
        return False
    error = abs(sympy.N(value - gold, 50))
    return bool(error.is_real and error <= sympy.Rational(1, 2) * sympy.Rational(10) ** -len(places[0]))


class MathVerifier(Verifier):
    """Exact comparison of math answers by kind; per-task step checks."""

    name = "math"

    time_limit: float = 5.0
    """Seconds a single verification may take before it ends as an error (never a hang)."""

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        finished, verdict = bounded(lambda: self._verify(problem, answer), self.time_limit)
        if not finished or verdict is None:
            return Verdict.error(f"verification took longer than {self.time_limit} s")
        return verdict

    def _verify(self, problem: Problem, answer: str | None) -> Verdict:
        if answer is None:
            return Verdict.reject("no answer")
        data = problem.data()
        kind = data.get("answer_kind", "value")
        if kind not in KINDS:
            return Verdict.error(f"unknown answer_kind {kind!r}")
        names = data.get("variables") or [data.get("variable", "x")]
        try:
            gold = read(problem.answer, kind, names)
        except AnswerParseError as exc:
            return Verdict.error(f"gold answer unreadable: {exc}")
        if len(answer) > MAX_ANSWER_CHARS * 20:
            return Verdict.error(f"answer longer than {MAX_ANSWER_CHARS * 20} characters")
        try:
            given = read(answer, kind, names)
        except AnswerTooHardError as exc:
            return Verdict.error(f"answer too costly to check: {exc}")
        except AnswerParseError as exc:
            return Verdict.reject(f"unparsable answer: {exc}")
        if _matches(given, gold, kind, normalize(answer)):
            form = _form_problem(answer, kind, names)
            if form:
                return Verdict.reject(form)
            return Verdict.accept()
        return Verdict.reject(f"{answer.strip()[:80]!r} is not equal to the expected {kind}")

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        return check_steps(problem, steps, equal)


def read(text: str, kind: str, names: list[str]) -> tuple:
    """The answer as a tuple of sympy values (a set kind is compared ignoring order)."""
    text = imaginary_unit(normalize(text), names)
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerParseError(f"answer longer than {MAX_ANSWER_CHARS} characters")
    symbols = {n: sympy.Symbol(n) for n in names}
    if kind == "interval":
        try:
            return (parse_set(text, lambda t: expression(t, {}), names[0]),)
        except ValueError as exc:  # AnswerParseError included
            if isinstance(exc, AnswerTooHardError):
                raise
            raise AnswerParseError(f"not an interval: {exc}") from None
    if kind == "antiderivative":  # "+ C" (any constant's name) is optional
        text = re.sub(r"\s*\+\s*(?:C|c|K|constant)\s*$", "", text)
    if kind in ("expression", "expanded", "factored", "simplified", "antiderivative"):
        match = re.fullmatch(r"\s*[A-Za-z]\w*'*(?:\(\w\))?\s*=\s*(.+)", text)  # "f'(x) = ..." / "y = ..."
        return (expression(match.group(1) if match else text, symbols, allow_free=True),)
    if kind == "tuple":
        parts = split_top(unwrap(text, "()[]"))
        named = assignments(parts, names)
        if named is not None:
            if sorted(named) != sorted(names):
                raise AnswerParseError(f"expected values for {', '.join(names)}")
            parts = [named[n] for n in names]
        return tuple(expression(p, symbols) for p in parts)
    if kind == "set":
        parts = plus_minus(split_top(unwrap(text, "{}[]()") if text.startswith("{") else text))
        named = assignments(parts, names)
        values = list(named.values()) if named is not None and len(named) == len(parts) else None
        if values is None:
            values = [_solved_or_value(p, symbols[names[0]]) for p in parts]
            return tuple(v for group in values for v in group)
        return tuple(expression(v, symbols) for v in values)
    stripped = unwrap(text, "{}")
    try:
        return tuple(_solved_or_value(stripped, sympy.Symbol(names[0])))
    except AnswerParseError:
        bare = _UNITS.fullmatch(stripped)  # "878 points", "$12.50", "12 dollars"
        if bare is None:
            raise
        return (expression(bare.group(1).replace(",", "").strip(), {}),)


_UNITS = re.compile(r"\$?\s*(-?[\d][\d,]*(?:\.\d+)?(?:\s*/\s*\d+)?)\s*(?:[A-Za-z][A-Za-z' ]*)?")


def _form_problem(answer: str, kind: str, names: list[str]) -> str:
    """Why an equal answer is not in the asked form (expanded, or factored completely); "" if it is."""
    if kind not in ("expanded", "factored", "simplified"):
        return ""
    text = imaginary_unit(normalize(answer), names)
    text = re.sub(r"^\s*[A-Za-z]\w*'*(?:\(\w\))?\s*=\s*", "", text)
    symbols = {n: sympy.Symbol(n) for n in names}
    written = expression(text, symbols, allow_free=True, evaluate=False)
    factors = [f for term in sympy.Add.make_args(written) for f in sympy.Mul.make_args(term)]
    if kind == "simplified":  # one fraction with nothing left to cancel
        top, bottom = sympy.fraction(written, exact=True)
        if bottom == 1 and any(sympy.fraction(t, exact=True)[1].free_symbols for t in sympy.Add.make_args(written)):
            return "the answer is not a single fraction"
        common = sympy.gcd(sympy.expand(top), sympy.expand(bottom))
        return "the fraction can still be cancelled" if common.free_symbols else ""
    if kind == "expanded":
        nested = any(f.as_base_exp()[0].is_Add and f.as_base_exp()[0].free_symbols for f in factors)
        return "the answer is not expanded" if nested else ""
    if written.is_Add:
        return "the answer is not written as a product"
    for f in sympy.Mul.make_args(written):
        base = f.as_base_exp()[0]
        if not base.free_symbols:
            continue
        content, parts = sympy.factor_list(sympy.expand(base))
        if abs(content) != 1 or len(parts) != 1 or parts[0][1] != 1:
            return f"the factor {sympy.sstr(base)} can be factored further"
    return ""


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


def _matches(given: tuple, gold: tuple, kind: str, text: str) -> bool:
    if kind in ("value", "set"):
        unique_given = _unique(given)
        unique_gold = _unique(gold)
        if len(unique_given) != len(unique_gold):
            return False
        return all(any(_close(g, t, text) for t in unique_gold) for g in unique_given) and all(
            any(_close(g, t, text) for g in unique_given) for t in unique_gold
        )
    if len(given) != len(gold):
        return False
    if kind == "interval":
        return bool(given[0] == gold[0])
    if kind == "antiderivative":  # equal up to a constant: the derivatives agree
        symbol = sorted(gold[0].free_symbols | given[0].free_symbols, key=str)
        return bool(symbol) and equal(sympy.diff(given[0], symbol[0]), sympy.diff(gold[0], symbol[0]))
    return all(_close(g, t, text) for g, t in zip(given, gold))


def _close(value: sympy.Expr, gold: sympy.Expr, text: str) -> bool:
    return equal(value, gold) or _decimal_close(text, value, gold)


def _unique(values: tuple) -> list[sympy.Expr]:
    out: list[sympy.Expr] = []
    for v in values:
        if not any(equal(v, u) for u in out):
            out.append(v)
    return out


VERIFIERS.register("math", MathVerifier())
