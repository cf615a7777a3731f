"""The rational_expression generator's flint route against the sympy route it replaced (issue 21): the posed text
read back (``read_ratio``) against sympy's parse, the answer (``answer_text``) against ``sympy.fraction(
sympy.factor(value))`` on the generated items and on random fractions of the shapes ``factor`` treats differently
(a rational content, a sign, one bracket or several, powers, x), the fast route taken (fallbacks counted), and the
check still raising when the construction and the reading disagree."""

from __future__ import annotations

import random

import pytest
import sympy
from flint import fmpq, fmpq_poly

import cotforge.generators.math.rational_expression as module
from cotforge.core.registry import TASKS
from cotforge.generators.math.rational_expression import answer_text, read_ratio

X = sympy.Symbol("x")


def _sympy_answer(value: sympy.Expr) -> str:
    num, den = sympy.fraction(sympy.factor(value))
    return sympy.sstr(num) if den == 1 else f"({sympy.sstr(num)})/({sympy.sstr(den)})"


def _expr(p: fmpq_poly) -> sympy.Expr:
    return sum((sympy.Rational(int(c.p), int(c.q)) * X**j for j, c in enumerate(p.coeffs())), sympy.S.Zero)


def _flint(expr: sympy.Expr) -> fmpq_poly:
    return fmpq_poly([fmpq(int(c.p), int(c.q)) for c in reversed(sympy.Poly(expr, X).all_coeffs())])


def test_reading_and_answer_equal_sympys_on_generated_items_and_the_fast_route_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    fallbacks: list[str] = []
    sympy_route = module._sympy_answer

    def counted(text: str, gold: tuple[fmpq_poly, fmpq_poly]) -> str:
        fallbacks.append(text)
        return sympy_route(text, gold)

    monkeypatch.setattr(module, "_sympy_answer", counted)
    n = 0
    for level in range(1, 6):
        generator = TASKS.get("rational_expression").from_level(level, seed=11)
        for i in range(200):
            data = generator.generate(i).data()
            text = data["expression"]
            value = sympy.cancel(sympy.sympify(text, locals={"x": X}))
            read = read_ratio(text)
            assert read is not None, text
            assert sympy.cancel(value - _expr(read[0]) / _expr(read[1])) == 0, text
            assert read[0].gcd(read[1]).degree() == 0, text  # in lowest terms
            assert data["answer_sympy"] == _sympy_answer(value), text
            n += 1
    assert n == 1000
    assert len(fallbacks) <= n // 100, fallbacks[:5]


def _random_ratio(rng: random.Random) -> sympy.Expr:
    """c times brackets over brackets, no bracket on both sides: a rational or whole c of either sign, brackets
    with a leading number or a negative lead, x, squares, an irreducible quadratic."""
    c = sympy.Rational(rng.choice([1, 1, -1, 2, -2, 3, -3, 5, 6, -12]), rng.choice([1, 1, 1, 2, 3, 4, 6]))
    pool = [X] + [X - r for r in range(-12, 13) if r] + [2 * X - 1, 3 * X + 2, 1 - X, 5 - 2 * X, X**2 + 1, X**2 + X + 3]
    chosen = rng.sample(pool, rng.randint(0, 4))
    split = rng.randint(0, len(chosen))
    top, bottom = sympy.S.One, sympy.S.One
    for j, b in enumerate(chosen):
        power = rng.choice([1, 1, 1, 2])
        if j < split:
            top *= b**power
        else:
            bottom *= b**power
    return c * sympy.expand(top) / sympy.expand(bottom)


def test_answer_text_equals_sympys_on_random_fractions() -> None:
    rng = random.Random(5)
    shapes = set()
    for _ in range(1500):
        value = sympy.cancel(_random_ratio(rng))
        num, den = sympy.fraction(sympy.together(value))
        fast = answer_text(module._reduced(_flint(num), _flint(den)))
        assert fast is not None, value
        assert fast == _sympy_answer(value), value
        shapes.add(("/" in fast, fast.startswith("-"), "*(" in fast))
    assert len(shapes) >= 6  # signs, fractions and products of brackets all met


def test_reader_refuses_what_it_does_not_read_and_the_sympy_route_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    assert read_ratio("sin(x)/2") is None and read_ratio("1/(x - x)") is None and read_ratio("x**x") is None
    generator = TASKS.get("rational_expression").from_level(5, seed=3)
    fast = [generator.generate(i) for i in range(20)]
    monkeypatch.setattr(module, "read_ratio", lambda text: None)
    assert [generator.generate(i) for i in range(20)] == fast


def test_a_reading_that_disagrees_with_the_construction_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    real = module.read_ratio

    def off_by_one(text: str) -> tuple[fmpq_poly, fmpq_poly] | None:
        value = real(text)
        return None if value is None else (value[0] + value[1], value[1])

    monkeypatch.setattr(module, "read_ratio", off_by_one)
    with pytest.raises(RuntimeError, match="gold mismatch"):
        TASKS.get("rational_expression").from_level(3, seed=1).generate(0)
