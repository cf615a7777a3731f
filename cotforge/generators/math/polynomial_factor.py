"""Factoring polynomials completely over the rationals.

The factors are chosen first and multiplied out (the gold answer is the
construction); the step space finds them again with a common factor, the
product–sum and split-the-middle methods, the difference of two squares and
grouping. The verifier accepts only a product of factors that cannot be
factored further.

Levels: 1 a common factor, then a monic trinomial; 2 a non-monic trinomial
(split the middle term and group); 3 a difference of squares or a perfect
square, after a common factor; 4 a common factor with x, then a non-monic
trinomial; 5 a cubic by grouping, then a difference of squares.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import sympy

from cotforge.domains.polynomial import poly_text
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

X = sympy.Symbol("x")


@dataclass(frozen=True, slots=True)
class PolynomialFactorConfig(TaskConfig):
    """The level sets which factoring methods are needed."""


def _nz(rng: random.Random, bound: int) -> int:
    return rng.choice([n for n in range(-bound, bound + 1) if n])


def _linear(rng: random.Random, lead: int, least: int = 1) -> tuple[int, int]:
    """``a x + b`` with no common factor (so it cannot be factored further)."""
    while True:
        a, b = rng.randint(least, lead), _nz(rng, 9)
        if sympy.gcd(a, b) == 1:
            return a, b


class PolynomialFactorGenerator(Generator):
    name = "polynomial_factor"
    version = 2
    domain = "math"
    space = "factoring"
    verifier = "math"
    config_cls = PolynomialFactorConfig

    def factors(self, rng: random.Random) -> tuple[int, int, list[sympy.Expr]]:
        """(numeric common factor, power of x, the other factors)."""
        level = self.config.level
        if level == 1:
            return rng.randint(2, 7), 0, [X + _nz(rng, 12), X + _nz(rng, 12)]
        if level == 2:
            (a, b), (c, d) = _linear(rng, 4, least=2), _linear(rng, 4)
            return 1, 0, [a * X + b, c * X + d]
        if level == 3:
            a, b = _linear(rng, 5)
            b = abs(b)
            shape = [a * X - b, a * X + b] if rng.random() < 0.6 else [a * X + _nz(rng, 1) * b] * 2
            return rng.randint(2, 7), 0, shape
        if level == 4:
            (a, b), (c, d) = _linear(rng, 3, least=2), _linear(rng, 3)
            return rng.choice([1, 2, 3]), 1, [a * X + b, c * X + d]
        a, b = _nz(rng, 9), rng.randint(1, 9)
        return rng.choice([1, 1, 2, 3]), 0, [X + a, X - b, X + b]

    def build(self, rng: random.Random) -> Draft:
        while True:
            k, p, factors = self.factors(rng)
            product = sympy.expand(k * X**p * sympy.Mul(*factors))
            distinct = len(set(factors)) == len(factors) or self.config.level == 3
            if self.config.level in (2, 4):  # a real trinomial: not a difference of squares, not a square
                distinct = distinct and sympy.Poly(sympy.Mul(*factors), X).all_coeffs()[1] != 0
            if distinct and all(f.subs(X, 0) != 0 for f in factors):
                break
        coeffs = [int(c) for c in sympy.Poly(product, X).all_coeffs()]
        parts = ([str(k)] if k != 1 else []) + (["x"] if p else []) + [f"({sympy.sstr(f)})" for f in factors]
        gold = "*".join(parts).replace("*(", "*(")
        return Draft(
            question=f"Factor completely: {poly_text(coeffs, 'x').replace('**', '^').replace('*', '')}",
            answer=answer_latex(gold, "factored"),
            payload={"answer_sympy": gold, "check": "identity", "answer_kind": "factored", "variable": "x", "expression": poly_text(coeffs, "x")},
            metadata={"factors": len(factors) + (k != 1) + p},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        """The same factors with the sign of the first constant flipped: factored, but not equal."""
        return re.sub(r" ([+-]) (\d+)\)", lambda m: f" {'-' if m.group(1) == '+' else '+'} {m.group(2)})", problem.data()["answer_sympy"], count=1)


TASKS.register("polynomial_factor", PolynomialFactorGenerator)
