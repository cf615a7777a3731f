"""The reader's fast routes (plain numbers read exactly, sympy's namespace built once) give exactly what sympy's
parser gives, on every text: the same value, the same refusal, and the same verdict for whole answers."""

from __future__ import annotations

import json
import random

import pytest
import sympy
from math_adversarial_data import TABLE

from cotforge.core.records import Problem
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers import math as math_verifier
from cotforge.verifiers import math_exact
from cotforge.verifiers import math_parse
from cotforge.verifiers.math_kind import answer_payload
from cotforge.verifiers.math_latex import normalize
from cotforge.verifiers.math_parse import AnswerParseError, expression


def _clear() -> None:
    math_parse._expression.cache_clear()
    math_verifier.read_gold.cache_clear()
    math_exact._gold_polynomial.cache_clear()


def _outcome(text: str, evaluate: bool = True) -> tuple[str, object]:
    math_parse._expression.cache_clear()
    try:
        value = expression(text, {"x": sympy.Symbol("x")}, allow_free=True, evaluate=evaluate)
    except AnswerParseError as exc:
        return type(exc).__name__, str(exc)
    return type(value).__name__, value


def _texts() -> list[str]:
    rng = random.Random(21)
    out = ["0", "-0", "7", "-7", " 5 ", "-  5", "007", "-007", "5\n", "\t5", "((1)/(0))", "-((0)/(3))", "((0)/(3))",
           "((4)/(2))", "-((6)/(4))", "((-3)/(4))", "((3)/(-4))", "((03)/(4))", "((3)/(04))", "(3)/(4)", "3/4", "--5",
           "- -5", "+5", "((1)/(2", "1" * 100, "1" * 101, "-" + "9" * 100, f"(({'9' * 100})/({'7' * 100}))",
           f"(({'9' * 101})/(7))", "5 6", "5.0", "1e3", "", " ", "((2)/(3)) ", " -((2)/(3))", "2^(3)", "((2)/(3))((1)/(2))"]
    for _ in range(150):
        top, bottom = rng.randint(0, 10**rng.randint(1, 30)), rng.randint(1, 10**rng.randint(1, 12))
        sign = rng.choice(["", "-", "- "])
        out += [f"{sign}{top}", f"{sign}(({top})/({bottom}))"]
        out.append(normalize(rng.choice(["", "-"]) + f"\\frac{{{top}}}{{{bottom}}}"))
        out.append(normalize(f"\\dfrac{{{-top}}}{{{bottom}}}"))
    return out


def test_plain_numbers_read_as_the_parser_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    fast = [_outcome(t) for t in texts]
    monkeypatch.setattr(math_parse, "_number", lambda text: None)
    monkeypatch.setattr(math_parse, "_GLOBALS", None)
    slow = [_outcome(t) for t in texts]
    _clear()
    assert fast == slow
    assert sum(kind in ("Integer", "Rational", "Zero", "One", "NegativeOne", "Half") for kind, _ in fast) > 450


def test_fast_route_taken_only_for_plain_numbers() -> None:
    assert math_parse._number("-((99)/(2))") == sympy.Rational(-99, 2)
    assert math_parse._number("12") == 12
    for text in ("((1)/(0))", "007", "5\n", "x", "2^(3)", "((2)/(3))((1)/(2))", "9" * 101):
        assert math_parse._number(text) is None, text


def test_unevaluated_forms_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["((6)/(4))", "2 (x + 1)", "(x + 1)^(2)", "((-2 (x + 16))/((x + 4) (x + 11)))", "x^(2) - 2 x"]
    fast = [_outcome(t, evaluate=False) for t in texts]
    monkeypatch.setattr(math_parse, "_GLOBALS", None)
    assert [_outcome(t, evaluate=False) for t in texts] == fast
    _clear()


def _problem(gold: str, kind: str) -> Problem:
    if kind == "auto":
        payload = answer_payload(gold)
    else:
        names = ["x", "y", "z"][: gold.count(",") + 1] if kind == "tuple" else ["x", "y"] if kind == "equation" else ["x"]
        payload = {"answer_kind": kind, "variables": names}
    return Problem("adversarial", 1, "math", 1, 0, 0, "q", gold, json.dumps(payload), "lm", "math")


def _project_answers() -> list[tuple[str, str, str]]:
    """Golds and answers in the project's own LaTeX: right, wrong, equal in another form, unreadable, several."""
    rng = random.Random(7)
    rows: list[tuple[str, str, str]] = []

    def frac(p: int, q: int) -> str:
        value = sympy.Rational(p, q)
        if value.q == 1:
            return str(value.p)
        return f"{'-' if value < 0 else ''}\\frac{{{abs(value.p)}}}{{{value.q}}}"

    for _ in range(60):
        p, q = rng.randint(-200, 200), rng.randint(1, 30)
        gold = frac(p, q)
        wrong = frac(p + rng.choice([-1, 1]), q)
        rows += [(gold, "value", gold), (gold, "value", wrong), (gold, "value", f"x = {gold}"),
                 (gold, "value", f"\\boxed{{{gold}}}"), (gold, "value", f"{p}/{q}"), (gold, "value", f"\\frac{{{p}}}{{{q}}}"),
                 (gold, "value", f"\\frac{{{2 * p}}}{{{2 * q}}}"), (gold, "value", f"{gold}, {wrong}"),
                 (gold, "value", f"x = {wrong}"), (gold, "value", f"\\frac{{{p}}}{{0}}"), (gold, "value", f"0{abs(p)}"),
                 (gold, "set", f"\\{{{gold}, {wrong}\\}}"), (f"\\{{{gold}, {wrong}\\}}", "set", f"\\{{{wrong}, {gold}\\}}"),
                 (f"\\{{{gold}, {wrong}\\}}", "set", f"\\{{{gold}\\}}"), (f"\\left({gold}, {wrong}\\right)", "tuple",
                                                                         f"\\left({gold}, {wrong}\\right)"),
                 (f"\\left({gold}, {wrong}\\right)", "tuple", f"\\left({wrong}, {gold}\\right)"),
                 (gold, "value", f"{gold}.5"), (gold, "value", f"{gold} {gold}")]
    return rows


def test_verdicts_unchanged_on_project_and_adversarial_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    verifier = VERIFIERS.get("math")
    rows = [(gold, kind, completion) for gold, kind, completion, _ in TABLE] + _project_answers()
    _clear()
    fast = [verifier.verify(_problem(gold, kind), completion) for gold, kind, completion in rows]
    monkeypatch.setattr(math_parse, "_number", lambda text: None)
    monkeypatch.setattr(math_parse, "_GLOBALS", None)
    monkeypatch.setattr(math_verifier, "project_number", lambda text: None)  # the exact reader of the project's numbers
    _clear()
    slow = [verifier.verify(_problem(gold, kind), completion) for gold, kind, completion in rows]
    _clear()
    assert fast == slow
    assert {v.status for v in fast} >= {"accept", "reject", "unreadable"}


def test_plain_numbers_are_verified_without_the_worker_and_the_rest_under_the_bound(bounded_calls: list[str]) -> None:
    calls = bounded_calls
    verifier = VERIFIERS.get("math")
    assert verifier.verify(_problem("-\\frac{99}{2}", "value"), "x = -\\frac{99}{2}").accepted
    assert not verifier.verify(_problem("\\{-8, 5\\}", "set"), "\\{-8, -5\\}").accepted
    assert verifier.verify(_problem("\\left(2, \\frac{1}{3}\\right)", "tuple"), "\\left(2, \\frac{1}{3}\\right)").accepted
    assert calls == []
    assert verifier.verify(_problem("3 x^{4} - 36 x^{2} + 116 x - 163", "expanded"), "3 x^{4} - 36 x^{2} + 116 x - 163").accepted
    assert not verifier.verify(_problem("76 - 26 x", "expanded"), "76 - 25 x").accepted  # the project's sums of monomials
    assert calls == []
    for gold, completion in (("2", "2^{1}"), ("2", "\\sqrt{4}"), ("x^{2}", "x \\cdot x"), ("2", "The answer is 2" + " " * 300)):
        verifier.verify(_problem(gold, "auto"), completion)
    assert calls == ["bounded"] * 4
    verifier.verify(_problem("x^{2} - 1", "factored"), "x^{2} - 1")  # a sum of monomials, but a kind the reader leaves alone
    verifier.verify(_problem("\\{\\sqrt{2}\\}", "set"), "\\{\\sqrt{999999999999}\\}")  # a radicand the reader refuses
    assert calls == ["bounded"] * 6


def _polynomials() -> list[str]:
    """Sums of monomials as the project writes them, and texts that only look like one."""
    rng = random.Random(3)
    out = ["x", "-x", "x - x", "0 x + 3", "1 x", "- 3 + x", "x + - 3", "x + y", "2 x y", "x^{0}", "x^{1}", "09 x", "x2",
           "(x + 1)(x + 2)", "2^{3} x", "x^{2}^{3}", "\\frac{-4 x}{3}", "\\frac{x}{0}", "3 x\t+ 1", "E x", "x + I", "2x + 1"]
    for _ in range(200):
        terms = []
        for power in sorted(rng.sample(range(0, 7), rng.randint(1, 4)), reverse=True):
            c = rng.randint(-40, 40)
            q = rng.choice([1, 1, 1, 2, 3, 7])
            body = "x" if power == 1 else f"x^{{{power}}}" if power else ""
            if q == 1:
                terms.append(f"{c} {body}".strip() if body else str(c))
            else:
                top = f"{abs(c)} {body}".strip() if body else str(abs(c))
                terms.append(("-" if c < 0 else "") + f"\\frac{{{top}}}{{{q}}}")
        text = terms[0]
        for term in terms[1:]:
            text += f" - {term[1:]}" if term.startswith("-") else f" + {term}"
        out.append(text)
    return out


def test_sums_of_monomials_read_as_the_parser_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [normalize(t) for t in _polynomials()]
    fast = [_outcome(t) for t in texts]
    taken = sum(math_parse.polynomial(t, ("x",)) is not None for t in texts)
    monkeypatch.setattr(math_parse, "polynomial", lambda text, names: None)
    monkeypatch.setattr(math_parse, "_number", lambda text: None)
    assert [_outcome(t) for t in texts] == fast
    _clear()
    assert taken > 150


@pytest.mark.parametrize("kind", ["expanded", "expression", "antiderivative", "factored"])
def test_polynomial_verdicts_unchanged(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    verifier = VERIFIERS.get("math")
    texts = _polynomials()
    rows = [(gold, answer) for gold, other in zip(texts, texts[1:] + texts[:1]) for answer in (gold, other, f"\\boxed{{{gold}}}")]
    _clear()
    fast = [verifier.verify(_problem(gold, kind), answer) for gold, answer in rows]
    monkeypatch.setattr(math_parse, "polynomial", lambda text, names: None)
    monkeypatch.setattr(math_verifier, "polynomial", lambda text, names: None)
    monkeypatch.setattr(math_exact, "project_polynomial", lambda text, name: None)  # the exact reader of the project's sums
    _clear()
    assert fast == [verifier.verify(_problem(gold, kind), answer) for gold, answer in rows]
    _clear()
