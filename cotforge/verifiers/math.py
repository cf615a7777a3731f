"""Math answers compared exactly by kind, and every step checked the way its task defines.

The payload's ``answer_kind`` says what the gold answer is: ``value`` (default; a
number, or ``x = …``), ``set`` (solutions in any order: ``{-3, 2}``, ``x = 2 or
x = -3``, ``1 ± √5``), ``tuple`` (one value per unknown: ``(2, -1)``, ``x = 2,
y = -1``), ``tuples`` (a set of tuples, any order: ``(2, 1), (1, 2)``), ``expression`` (a formula in the variable), ``expanded`` /
``factored`` / ``simplified`` (a formula that must also be in that form),
``antiderivative`` (equal up to a constant: the derivatives agree),
``interval`` (``[2, 5)``, ``x < -2 or x > 3``, unions) or ``equation`` (``y = 2x
+ 1``: compared as a relation, equal only when one side-difference is a nonzero
*constant* multiple of the other, so ``2y = 4x + 2`` matches and ``y = 4x + 2`` or
``x(y - 2x - 1) = 0`` do not), or ``text`` (an answer in words, ``\\text{Evelyn}``, ``odd``,
``(C)``: the same words, case aside). Exact values are compared exactly, huge or tiny (a
numeric check only ever proves two values *different*). A tolerance applies only
to a value written as a plain decimal for a gold that is not rational, and it is
relative and tight: the decimal must be correctly rounded at its last digit, and
half that digit must be at most 1e-4 of the gold's size (``3.1416`` for pi, not
``3.14``; ``1.4142e-8`` for √2·10⁻⁸, not ``0.0000``). Every verification runs
under a wall-clock bound (:mod:`math_bound`); step checks live in
:mod:`cotforge.verifiers.math_steps`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import sympy

from cotforge.core.answers import final_answer, gold_answer, retraction, why_unreadable
from cotforge.core.records import Problem, Step, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers.base import Verifier
from cotforge.verifiers.math_bound import bounded
from cotforge.verifiers.math_exact import decide, quick_verdict
from cotforge.verifiers.math_exact import verdict as exact_verdict
from cotforge.verifiers.math_latex import normalize
from cotforge.verifiers.math_parse import (
    MAX_ANSWER_CHARS,
    AnswerParseError,
    AnswerTooHardError,
    expression,
    imaginary_unit,
    polynomial,
)
from cotforge.verifiers.math_read import (
    Answer,
    equal,
    project_number,
    read,
)
from cotforge.verifiers.math_steps import check_steps

KINDS = ("value", "set", "tuple", "tuples", "expression", "expanded", "factored", "simplified", "antiderivative", "interval",
         "equation", "text")
MAX_COMPLETION_CHARS = 2_000_000
"""A longer completion is not read at all (unreadable); the reader is linear, this only caps the work."""
RELATIVE_TOLERANCE = sympy.Rational(1, 10**4)
"""The coarsest a decimal approximation may be: half its last digit over the size of the gold."""


def _decimal_close(value: sympy.Expr, gold: sympy.Expr, unit: sympy.Rational | None) -> bool:
    """A decimal approximation of a gold that is not rational: correctly rounded, and relatively tight."""
    if unit is None or not gold.is_number or not value.is_Rational or _rational(gold):
        return False
    size = abs(sympy.N(gold, 60))
    if not size.is_real or size == 0:
        return False
    half = unit / 2
    return bool(half <= RELATIVE_TOLERANCE * size and abs(sympy.N(value - gold, 60)) <= half)


def _rational(value: sympy.Expr) -> bool:
    """True when the exact value is rational, even if written as ``(sqrt(2) + 1)(sqrt(2) - 1)/3``."""
    if value.is_Rational or value.is_rational:
        return True
    if value.is_rational is False:
        return False
    return bool(sympy.nsimplify(sympy.radsimp(sympy.expand(value))).is_Rational)


_PLAIN = re.compile(r"(?:\\d?frac|\\left|\\right|\\infty|\\[{}]|[a-z] *=|[-+0-9{}()\[\],. ]){1,200}")
"""Answers (and golds) made only of numbers, fractions, brackets, commas and ``x =``, at most 200 characters: no
unknown, power, function or long number, so reading and comparing them is a few small rational operations. These are
verified on the calling thread; handing them to the bounded worker costs more than the verification (two thread
switches, milliseconds of wall time on a loaded machine). Everything else runs under the wall-clock bound."""


def _plain(text: str) -> bool:
    return len(text) <= 200 and _PLAIN.fullmatch(text) is not None


class MathVerifier(Verifier):
    """Exact comparison of math answers by kind; per-task step checks."""

    name = "math"
    steps_independent = True  # every step is judged by its own state (math_steps.check_steps)

    time_limit: float = 5.0
    """Seconds a single verification may take before it ends as an error (never a hang)."""

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            finished: bool
            verdict: Verdict | None
            verdict = quick_verdict(problem, answer)  # an exact reader decides a short answer: math_exact.py
            if verdict is not None:
                finished = True
            elif answer is not None and _plain(answer) and _plain(problem.answer):
                finished, verdict = True, self._verify(problem, answer)  # provably cheap: the same route, no hand-off
            else:
                finished, verdict = bounded(lambda: self._verify(problem, answer), self.time_limit)
        except Exception as exc:  # a bug in reading is "could not verify", never "wrong", never a crash
            return Verdict.error(f"verification crashed: {type(exc).__name__}: {exc}")
        if not finished or verdict is None:
            return Verdict.error(f"verification took longer than {self.time_limit} s")
        return verdict

    def _verify(self, problem: Problem, answer: str | None) -> Verdict:
        if answer is None:
            return Verdict.unreadable("no answer")
        if len(answer) > MAX_COMPLETION_CHARS:
            return Verdict.unreadable(f"answer longer than {MAX_COMPLETION_CHARS} characters")
        found = final_answer(answer)
        if found is None:
            return Verdict.unreadable(why_unreadable(answer))
        taken_back = retraction(found)
        if taken_back:
            return Verdict.unreadable(f"the answer is taken back ({taken_back!r}): self-contradicting")
        data = problem.data()
        kind = data.get("answer_kind", "value")
        if kind not in KINDS:
            return Verdict.error(f"unknown answer_kind {kind!r}")
        names = data.get("variables") or ([data["variable"]] if "variable" in data else None) or _names(problem.answer, kind)
        decided = exact_verdict(decide(kind, data, problem.answer, found.text, names), found.text, kind)  # math_exact.py
        if decided is not None:
            return decided
        try:
            gold_text, gold = read_gold(problem.answer, kind, tuple(names))
        except (AnswerParseError, ValueError) as exc:
            return Verdict.error(f"gold answer unreadable: {exc}")
        answer = found.text
        if len(answer) > MAX_ANSWER_CHARS * 20:
            return Verdict.unreadable(f"answer longer than {MAX_ANSWER_CHARS * 20} characters")
        free_name = kind == "value" and "=" not in gold_text  # a plain-value gold names no unknown: k = 1/3 is fine
        try:
            given = (project_number(answer) if kind == "value" else None) or read(answer, kind, names, free_name=free_name)
        except AnswerTooHardError as exc:
            return Verdict.unreadable(f"answer too costly to check: {exc}")
        except AnswerParseError as exc:
            return Verdict.unreadable(f"unreadable answer: {exc}")
        if kind == "value" and len(_unique(given)) > 1 and len(_unique(gold)) == 1:
            return Verdict.unreadable(f"several different answers in {answer.strip()[:80]!r}")
        if _matches(given, gold, kind):
            form = _form_problem(answer, kind, names)
            if form:
                return Verdict.reject(form)
            return Verdict.accept()
        return Verdict.reject(f"{answer.strip()[:80]!r} is not equal to the expected {kind}")

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        return check_steps(problem, steps, equal)


@lru_cache(maxsize=4096)
def read_gold(gold: str, kind: str, names: tuple[str, ...]) -> tuple[str, Answer]:
    """The gold's answer text (every box side by side, see ``gold_answer``) and its values; cached, because an RL
    trainer checks many completions against each gold. Raises ValueError when the gold cannot be read."""
    text = gold_answer(gold)
    return text, read(text, kind, list(names))


def _names(gold: str, kind: str) -> list[str]:
    """The unknowns when the payload names none: ``x``, or for an equation every one-letter name in the gold."""
    if kind != "equation":
        return ["x"]
    letters = sorted(set(re.findall(r"(?<![A-Za-z])[a-df-hj-z](?![A-Za-z])", normalize(gold))))
    return letters or ["x", "y"]


def _form_problem(answer: str, kind: str, names: list[str]) -> str:
    """Why an equal answer is not in the asked form (expanded, or factored completely); "" if it is."""
    if kind not in ("expanded", "factored", "simplified"):
        return ""
    text = imaginary_unit(normalize(answer), names)
    text = re.sub(r"^\s*[A-Za-z]\w*'*(?:\(\w\))?\s*=\s*", "", text)
    if kind == "expanded" and polynomial(text, tuple(names)) is not None:
        return ""  # a sum of monomials: no factor is a bracketed sum
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


def _matches(given: Answer, gold: Answer, kind: str) -> bool:
    if kind == "text":
        return given.values == gold.values
    if kind == "tuples":  # a set of tuples: the same tuples, any order, repeats aside
        def same(a: sympy.Tuple, b: sympy.Tuple) -> bool:
            return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))

        return all(any(same(g, t) for t in gold.values) for g in given.values) and all(
            any(same(g, t) for g in given.values) for t in gold.values
        )
    if kind in ("value", "set"):
        unique_given = _unique(given)
        unique_gold = _unique(gold)
        if len(unique_given) != len(unique_gold):
            return False
        return all(any(_close(g, u, t) for t, _ in unique_gold) for g, u in unique_given) and all(
            any(_close(g, u, t) for g, u in unique_given) for t, _ in unique_gold
        )
    if len(given.values) != len(gold.values):
        return False
    if kind == "interval":
        return bool(given.values[0] == gold.values[0])
    if kind == "equation":  # the same relation: a nonzero constant multiple, never a difference of sides
        ratio = sympy.cancel(given.values[0] / gold.values[0])
        return not ratio.free_symbols and ratio.is_zero is False and ratio.is_finite is True
    if kind == "antiderivative":  # equal up to a constant: the derivatives agree
        a, b = (_log_abs(v) for v in (given.values[0], gold.values[0]))
        symbol = sorted(a.free_symbols | b.free_symbols, key=str)
        return bool(symbol) and equal(sympy.diff(a, symbol[0]), sympy.diff(b, symbol[0]))
    return all(_close(g, u, t) for g, u, t in zip(given.values, given.units, gold.values))


def _log_abs(value: sympy.Expr) -> sympy.Expr:
    """``ln|u|`` as ``ln(u)``: on the reals the two have the same derivative wherever either is defined."""
    return value.replace(lambda e: isinstance(e, sympy.log) and isinstance(e.args[0], sympy.Abs), lambda e: sympy.log(e.args[0].args[0]))


def _close(value: sympy.Expr, unit: sympy.Rational | None, gold: sympy.Expr) -> bool:
    return equal(value, gold) or _decimal_close(value, gold, unit)


def _unique(answer: Answer) -> list[tuple[sympy.Expr, sympy.Rational | None]]:
    out: list[tuple[sympy.Expr, sympy.Rational | None]] = []
    for v, u in zip(answer.values, answer.units):
        if not any(equal(v, w) for w, _ in out):
            out.append((v, u))
    return out


VERIFIERS.register("math", MathVerifier())
