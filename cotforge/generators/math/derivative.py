"""Derivatives: sum, power, product, quotient and chain rules, from polynomials to compositions.

A function is drawn from building blocks for the level. The gold answer is
sympy's own ``diff``; the step space instead applies one named rule at a time
(sum, power, product, quotient, chain), so the two routes are independent, and
the verifier checks every intermediate expression against the derivative.

Levels: 1 polynomials (sum and power rules); 2 sums with roots, reciprocals,
sin, cos, eˣ and ln; 3 products; 4 a quotient or a composition (chain rule) beside a
polynomial term; 5 products and quotients of compositions beside a standard function.
Question, steps and answer are LaTeX; neighbouring seeds draw disjoint functions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sympy

from cotforge.core.errors import ConfigError
from cotforge.domains.latex import latex
from cotforge.generators.math._split import seed_side
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

X = sympy.Symbol("x")


@dataclass(frozen=True, slots=True)
class DerivativeConfig(TaskConfig):
    """The level sets which rules the function needs."""

    max_coefficient: int = 9
    """Largest absolute coefficient in the function."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_coefficient, int) or not 2 <= self.max_coefficient <= 50:
            raise ConfigError(f"max_coefficient must be an integer from 2 to 50, got {self.max_coefficient!r}")


def _nz(rng: random.Random, bound: int) -> int:
    return rng.choice([n for n in range(-bound, bound + 1) if n])


class DerivativeGenerator(Generator[DerivativeConfig]):
    name = "derivative"
    version = 4  # v4: the power-rule slips change one term, as long as the sound one; a second one (calculus.py)
    domain = "math"
    space = "differentiation"
    verifier = "math"
    config_cls = DerivativeConfig

    def _poly(self, rng: random.Random, degree: int, terms: int) -> sympy.Expr:
        bound = self.config.max_coefficient
        powers = rng.sample(range(degree + 1), min(terms, degree + 1))
        if degree not in powers:
            powers[0] = degree
        return sum((_nz(rng, bound) * X**p for p in powers), sympy.Integer(0))

    def _basic(self, rng: random.Random) -> sympy.Expr:
        c = _nz(rng, 5)
        return rng.choice([c * sympy.sin(X), c * sympy.cos(X), c * sympy.exp(X), c * sympy.log(X), c * sympy.sqrt(X), c / X, c / X**2])

    def _inner(self, rng: random.Random) -> sympy.Expr:
        return rng.choice([_nz(rng, 5) * X + rng.randint(-5, 5), X**2 + rng.randint(1, 5), _nz(rng, 4) * X**2 + _nz(rng, 5) * X])

    def _composite(self, rng: random.Random) -> sympy.Expr:
        u = self._inner(rng)
        outer = rng.choice(["sin", "cos", "exp", "pow", "sqrt", "log"])
        if outer == "pow":
            return u ** rng.randint(2, 4)
        if outer == "log":
            u = X**2 + rng.randint(1, 5)
        if outer == "sqrt":
            u = X**2 + rng.randint(1, 9)
        return {"sin": sympy.sin, "cos": sympy.cos, "exp": sympy.exp, "sqrt": sympy.sqrt, "log": sympy.log}[outer](u)

    def function(self, rng: random.Random) -> sympy.Expr:
        level = self.config.level
        if level == 1:
            return self._poly(rng, rng.randint(2, 6), rng.randint(2, 5))
        if level == 2:
            return self._poly(rng, rng.randint(1, 3), 2) + self._basic(rng) + self._basic(rng)
        if level == 3:
            u = self._poly(rng, rng.randint(2, 3), rng.randint(2, 3))
            v = rng.choice([sympy.sin(X), sympy.cos(X), sympy.exp(X), sympy.log(X), sympy.sqrt(X), self._poly(rng, 2, 2)])
            u = u * X if rng.random() < 0.3 and u.is_polynomial(X) and sympy.degree(u, X) < 3 else u
            return u * v
        if level == 4:  # a quotient or a composition, beside a polynomial term (so more rules than level 3)
            core = self._poly(rng, 1, 2) / self._poly(rng, rng.randint(1, 2), 2) if rng.random() < 0.5 else _nz(rng, 4) * self._composite(rng)
            return core + self._poly(rng, rng.randint(1, 3), 1)
        pick = rng.random()
        if pick < 0.4:
            core = self._poly(rng, rng.randint(1, 2), 1) * self._composite(rng)
        elif pick < 0.7:
            core = self._composite(rng) / self._poly(rng, 1, 2)
        else:
            core = rng.choice([sympy.sin(X), sympy.cos(X), sympy.exp(X)]) * self._composite(rng)
        return core + self._basic(rng)

    def build(self, rng: random.Random) -> Draft:
        while True:
            f = self.function(rng)
            if f.has(X) and seed_side(sympy.sstr(f), self.seed):
                break
        derivative = sympy.diff(f, X)
        shown = latex(sympy.sstr(f))
        return Draft(
            question=f"Differentiate $f(x) = {shown}$ with respect to $x$.",
            answer=answer_latex(sympy.sstr(derivative), "expression"),
            payload={"answer_sympy": sympy.sstr(derivative), "check": "derivative", "answer_kind": "expression", "variable": "x", "function": sympy.sstr(f)},
            metadata={"operations": int(sympy.count_ops(f))},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        return problem.data()["answer_sympy"] + rng.choice([" + 1", " + x", " - 2*x**2"])


TASKS.register("derivative", DerivativeGenerator)
