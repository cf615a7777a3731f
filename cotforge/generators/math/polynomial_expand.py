"""Expanding polynomial expressions: distribute, multiply out brackets, collect like terms.

The expression is built from random brackets; the gold answer is sympy's
``expand``, while the step space distributes one bracket at a time over a list
of terms and collects like terms at the end.

Levels: 1 ``a(bx + c) + d(ex + f)``; 2 a product of two binomials plus a term;
3 a square of a binomial minus a product of binomials; 4 a binomial times a
trinomial, minus a multiple of a binomial; 5 three binomials multiplied, plus a
square.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sympy

from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

X = sympy.Symbol("x")


@dataclass(frozen=True, slots=True)
class PolynomialExpandConfig(TaskConfig):
    """The level sets how many brackets are multiplied out."""


def _nz(rng: random.Random, bound: int) -> int:
    return rng.choice([n for n in range(-bound, bound + 1) if n])


def _binomial(rng: random.Random, lead: int = 4) -> str:
    a, b = rng.randint(1, lead), _nz(rng, 9)
    return f"({'' if a == 1 else f'{a}*'}x {'+' if b > 0 else '-'} {abs(b)})"


def _trinomial(rng: random.Random) -> str:
    b, c = _nz(rng, 6), _nz(rng, 9)
    return f"(x**2 {'+' if b > 0 else '-'} {abs(b)}*x {'+' if c > 0 else '-'} {abs(c)})"


def _signed(rng: random.Random, body: str, bound: int = 6) -> str:
    k = _nz(rng, bound)
    return f"{'+' if k > 0 else '-'} {'' if abs(k) == 1 else f'{abs(k)}*'}{body}"


class PolynomialExpandGenerator(Generator):
    name = "polynomial_expand"
    version = 2
    domain = "math"
    space = "expansion"
    verifier = "math"
    config_cls = PolynomialExpandConfig

    def expression(self, rng: random.Random) -> str:
        level = self.config.level
        if level == 1:
            return f"{_nz(rng, 7)}*{_binomial(rng)} {_signed(rng, _binomial(rng))}"
        if level == 2:
            return f"{_binomial(rng)}*{_binomial(rng)} {_signed(rng, 'x', 9)}"
        if level == 3:
            return f"{_binomial(rng, 3)}**2 {_signed(rng, _binomial(rng, 2) + '*' + _binomial(rng, 2), 3)}"
        if level == 4:
            return f"{_binomial(rng, 3)}*{_trinomial(rng)} {_signed(rng, _binomial(rng), 5)}"
        return f"{_binomial(rng, 2)}*{_binomial(rng, 2)}*{_binomial(rng, 2)} {_signed(rng, _binomial(rng, 2) + '**2', 3)}"

    def build(self, rng: random.Random) -> Draft:
        while True:
            text = self.expression(rng)
            expanded = sympy.expand(sympy.sympify(text, locals={"x": X}))
            if expanded.has(X) and sympy.degree(expanded, X) >= 1:
                break
        shown = text.replace("**", "^").replace("*", "")
        return Draft(
            question=f"Expand and simplify: {shown}",
            answer=answer_latex(sympy.sstr(expanded), "expanded"),
            payload={"answer_sympy": sympy.sstr(expanded), "check": "identity", "answer_kind": "expanded", "variable": "x", "expression": text},
            metadata={"degree": int(sympy.degree(expanded, X))},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        expanded = sympy.sympify(problem.data()["answer_sympy"], locals={"x": X})
        return sympy.sstr(expanded + rng.choice([1, -1, X, -2 * X]))


TASKS.register("polynomial_expand", PolynomialExpandGenerator)
