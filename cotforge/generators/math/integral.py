"""Indefinite integrals: power rule, standard integrals, substitution and integration by parts.

The antiderivative F is drawn first and the question asks for the integral of
F' (the construction is the gold); the step space integrates F' by rules, and
the verifier accepts any answer whose derivative is the integrand (any constant).

Levels: 1 polynomials; 2 sums with 1/x, roots, eˣ, sin, cos; 3 a linear inner
function (∫ (ax + b)ⁿ, ∫ e^(ax), ∫ sin(ax + b)); 4 substitution with the inner
derivative present (∫ 2x(x² + 1)ⁿ, ∫ x e^(x²)); 5 integration by parts
(∫ x e^(ax), ∫ x sin(ax), ∫ x ln x).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sympy

from cotforge.domains.algebra import pretty
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

X = sympy.Symbol("x")


@dataclass(frozen=True, slots=True)
class IntegralConfig(TaskConfig):
    """The level sets which integration method is needed."""


def _nz(rng: random.Random, bound: int) -> int:
    return rng.choice([n for n in range(-bound, bound + 1) if n])


class IntegralGenerator(Generator):
    name = "integral"
    version = 2
    domain = "math"
    space = "integration"
    verifier = "math"
    config_cls = IntegralConfig

    def antiderivative(self, rng: random.Random) -> sympy.Expr:
        level = self.config.level
        if level == 1:
            powers = rng.sample(range(1, 6), rng.randint(2, 4))
            return sum((sympy.Rational(_nz(rng, 9), 1) * X**p for p in powers), sympy.Integer(0))
        if level == 2:
            pieces = [_nz(rng, 5) * sympy.log(X), _nz(rng, 4) * sympy.exp(X), _nz(rng, 4) * sympy.sin(X),
                      _nz(rng, 4) * sympy.cos(X), _nz(rng, 3) * X ** sympy.Rational(3, 2), _nz(rng, 3) / X]  # fmt: skip
            return _nz(rng, 6) * X ** rng.randint(2, 4) + sum(rng.sample(pieces, 2), sympy.Integer(0))
        a, b = rng.choice([-5, -4, -3, -2, 2, 3, 4, 5]), rng.randint(-6, 6)
        if level == 3:
            u = a * X + b
            return rng.choice([(u) ** rng.randint(3, 5), sympy.exp(u), sympy.sin(u), sympy.cos(u), sympy.log(a * X + b if a > 0 else -a * X - b)]) * rng.randint(1, 3)
        if level == 4:
            inner = X ** rng.randint(2, 3) + rng.randint(1, 9)
            outer = rng.choice([inner ** rng.randint(2, 5), sympy.exp(inner), sympy.sin(inner), sympy.cos(inner), sympy.log(inner)])
            return rng.randint(1, 4) * outer
        return sympy.integrate(self.by_parts_integrand(rng), X)

    @staticmethod
    def by_parts_integrand(rng: random.Random) -> sympy.Expr:
        """(ax + b)·g(kx) or c·xⁿ·ln x: integrands that need integration by parts."""
        k = rng.choice([1, 2, 3, 4, -1, -2])
        if rng.random() < 0.25:
            return rng.randint(1, 4) * X ** rng.randint(1, 3) * sympy.log(X)
        linear = rng.randint(1, 3) * X + rng.randint(-4, 4)
        return linear * rng.choice([sympy.exp(k * X), sympy.sin(k * X), sympy.cos(k * X)])

    def build(self, rng: random.Random) -> Draft:
        while True:
            level = self.config.level
            F = sympy.expand(self.antiderivative(rng)) if level <= 2 else self.antiderivative(rng)
            integrand = sympy.diff(F, X)
            integrand = sympy.expand(integrand) if level <= 2 else sympy.factor(sympy.simplify(integrand)) if level == 5 else integrand
            if integrand.has(X):
                break
        shown = pretty(sympy.sstr(integrand)).replace("**", "^").replace("*", "·")
        return Draft(
            question=f"Find the indefinite integral ∫ {shown} dx.",
            answer=answer_latex(f"{sympy.sstr(F)} + C", "antiderivative"),
            payload={"answer_sympy": f"{sympy.sstr(F)} + C", "check": "integral", "answer_kind": "antiderivative", "variable": "x", "integrand": sympy.sstr(integrand)},
            metadata={"level_method": ["power", "table", "linear", "substitution", "parts"][self.config.level - 1]},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        return problem.data()["answer_sympy"].replace(" + C", "") + rng.choice([" + x + C", " - x**2 + C", " + 2*x + C"])


TASKS.register("integral", IntegralGenerator)
