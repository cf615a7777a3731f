"""Exact quadratic surds: the reader's values are sympy's, the LaTeX sets read as the general reader reads them, and
the set verdicts and root checks do not change without them."""

from __future__ import annotations

import json
import random

import pytest
import sympy

from cotforge.core.records import Problem
from cotforge.core.registry import TASKS, VERIFIERS
from cotforge.verifiers import math as math_verifier
from cotforge.verifiers import math_exact
from cotforge.verifiers.math_parse import split_top, unwrap
from cotforge.verifiers.surds import Value, latex_set, quadratic_roots, read_value, square_free


def _sympy(value: Value) -> sympy.Expr:
    return sympy.Add(*(sympy.Rational(c.numerator, c.denominator) * sympy.sqrt(m) * (sympy.I if imaginary else 1)
                       for (m, imaginary), c in value))


def _texts(rng: random.Random) -> list[str]:
    out = []
    for _ in range(400):
        a, b, c, d = rng.randint(-30, 30), rng.randint(0, 6), rng.randint(0, 200), rng.randint(1, 12)
        i = rng.choice(["", "*I"])
        out += [f"({a} + {b}*sqrt({c}){i})/{d}", f"{a} - sqrt({c}){i}", f"-sqrt({c})/{d} + {a}/{d}", f"{a}/{d}",
                f"{b}*I - {a}", f"(sqrt({c}) + {a})*{d}", f"I*sqrt({c})*{b}/{d}"]
    return out


def test_values_are_sympys() -> None:
    for text in _texts(random.Random(2)):
        value = read_value(text)
        assert value is not None, text
        assert sympy.simplify(_sympy(value) - sympy.sympify(text)) == 0, text


@pytest.mark.parametrize("text", ["sqrt(2)*sqrt(3)", "1/sqrt(2)", "sqrt(x)", "x + 1", "sqrt(2.5)", "2**3", "1/0", "sqrt(-4)",
                                  "sqrt((4))", "I*I*sqrt(2)*sqrt(3)", "sqrt(1000000000000)", "", "(1 + 2", "1 2"])
def test_refuses_what_it_does_not_read(text: str) -> None:
    assert read_value(text) is None


def test_square_free() -> None:
    assert square_free(72) == (6, 2) and square_free(1) == (1, 1) and square_free(97) == (1, 97) and square_free(3 * 49 * 25) == (35, 3)


def test_quadratic_roots_are_sympys() -> None:
    from fractions import Fraction

    rng = random.Random(9)
    x = sympy.Symbol("x")
    for _ in range(200):
        a, b, c = (Fraction(rng.randint(-20, 20), rng.randint(1, 4)) for _ in range(3))
        if a == 0:
            continue
        roots = quadratic_roots(a, b, c)
        assert roots is not None
        expected = sympy.roots(sympy.Poly(sympy.Rational(str(a)) * x**2 + sympy.Rational(str(b)) * x + sympy.Rational(str(c)), x))
        assert {sympy.nsimplify(_sympy(r)) for r in roots} == {sympy.nsimplify(r) for r in expected}


def _quadratic_problems() -> list[Problem]:
    return [TASKS.get("quadratic_equation").from_level(level, seed=3).generate(i) for level in range(1, 6) for i in range(30)]


def test_the_generators_sets_read_as_their_machine_form() -> None:
    for problem in _quadratic_problems():
        machine = json.loads(problem.payload)["answer_sympy"]
        assert latex_set(problem.answer) == frozenset(read_value(p) for p in split_top(unwrap(machine, "{}"))), problem.answer


def test_set_verdicts_unchanged_without_the_exact_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    from math_adversarial_data import TABLE
    from test_math_parse import _problem

    verifier = VERIFIERS.get("math")
    problems = _quadratic_problems()
    rows = [(p, answer) for p, other in zip(problems, problems[1:]) for answer in (p.answer, other.answer,
            p.answer.replace("-", "+", 1), p.answer.replace(r"\}", r", 1\}"), p.answer.replace(r"\,i", ""))]
    rows += [(_problem(gold, kind), completion) for gold, kind, completion, _ in TABLE if kind in ("set", "auto")]

    def verdicts() -> list:
        math_exact._gold_set.cache_clear()
        math_verifier.read_gold.cache_clear()
        return [verifier.verify(p, answer) for p, answer in rows]

    fast = verdicts()
    monkeypatch.setattr(math_exact, "latex_set", lambda text: None)
    assert verdicts() == fast
    assert {v.status for v in fast} >= {"accept", "reject"}
