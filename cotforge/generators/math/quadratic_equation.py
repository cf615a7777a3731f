"""Quadratic equations: factorable, by the formula, and with complex roots at the top level.

The roots are chosen first (whole, rational, irrational ``h ± √d / q`` or complex
``h ± i√d / q``) and the equation is built from them with exact arithmetic, then
scaled to whole coefficients. The step space instead factors or uses the formula
with sympy, so the gold set and the steps come by different routes.

Levels: 1 ``x² + bx + c = 0`` with whole roots; 2 a leading coefficient or a
common factor, rational roots; 3 the equation written with brackets and terms on
both sides; 4 irrational roots (the formula); 5 written with brackets and terms
on both sides, with irrational or complex roots.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from math import gcd, isqrt

import sympy

from cotforge.domains.algebra import join_terms, pretty
from cotforge.core.errors import ConfigError
from cotforge.domains.polynomial import poly_text, root_set_text
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig


@dataclass(frozen=True, slots=True)
class QuadraticEquationConfig(TaskConfig):
    """The level sets the kind of roots and how the equation is written."""

    variable: str = "x"
    """Name of the unknown."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.variable, str) or len(self.variable) != 1 or not self.variable.isalpha() or self.variable in "EIO":
            raise ConfigError(f"variable must be one lower-case letter, got {self.variable!r}")


def _nonsquare(rng: random.Random, lo: int, hi: int) -> int:
    return rng.choice([n for n in range(lo, hi + 1) if isqrt(n) ** 2 != n])


class QuadraticEquationGenerator(Generator):
    name = "quadratic_equation"
    version = 2
    domain = "math"
    space = "quadratic"
    verifier = "math"
    config_cls = QuadraticEquationConfig

    def build(self, rng: random.Random) -> Draft:
        level, v = self.config.level, self.config.variable  # type: ignore[attr-defined]
        x = sympy.Symbol(v)
        kind = {1: "whole", 2: "rational", 3: "rational", 4: "irrational"}.get(level) or rng.choice(["irrational", "complex"])
        roots, monic = self._roots(rng, kind)
        # monic = (s, p): x² - s x + p; scale to whole coprime coefficients
        s, p = monic
        scale = sympy.ilcm(s.denominator, p.denominator)
        coeffs = (int(scale), int(-s * scale), int(p * scale))
        g = gcd(*coeffs)
        coeffs = tuple(c // g for c in coeffs)
        if level == 2 or (level == 4 and rng.random() < 0.5):
            factor = rng.randint(2, 4)  # a common factor to divide out
            coeffs = tuple(c * factor for c in coeffs)
        if level in (3, 5):
            equation = self._rearranged(rng, coeffs, v)
        else:
            equation = f"{poly_text(coeffs, v)} = 0"  # type: ignore[arg-type]
        return Draft(
            question=f"Solve for {v}: {pretty(equation).replace('**', '^').replace(f'{v}*(', f'{v}(')}"
            + (" (give complex roots too)" if kind == "complex" else ""),
            answer=answer_latex(root_set_text(roots), "set"),
            payload={"answer_sympy": root_set_text(roots), "check": "roots", "answer_kind": "set", "variable": v, "equation": equation},
            metadata={"roots": kind},
        )

    @staticmethod
    def _roots(rng: random.Random, kind: str) -> tuple[list[sympy.Expr], tuple[Fraction, Fraction]]:
        """The two roots (sympy, for the gold) and (sum, product) of them (exact, for the equation)."""
        if kind in ("whole", "rational"):
            while True:
                q1, q2 = (1, 1) if kind == "whole" else (rng.choice([1, 2, 3]), rng.choice([1, 2, 3, 4, 5]))
                r1, r2 = Fraction(rng.randint(-12, 12), q1), Fraction(rng.randint(-12, 12), q2)
                if r1 != r2 and (kind == "whole" or r1.denominator * r2.denominator > 1):
                    break
            return [sympy.Rational(r1.numerator, r1.denominator), sympy.Rational(r2.numerator, r2.denominator)], (r1 + r2, r1 * r2)
        h = Fraction(rng.randint(-6, 6), rng.choice([1, 1, 2]))
        q = rng.choice([1, 1, 2])
        d = _nonsquare(rng, 2, 30) if kind == "irrational" else rng.randint(1, 25)
        sign = 1 if kind == "irrational" else -1  # (x - h)² = sign·d/q²
        centre = sympy.Rational(h.numerator, h.denominator)
        offset = sympy.sqrt(sign * d) / q
        return [centre + offset, centre - offset], (2 * h, h * h - Fraction(sign * d, q * q))

    @staticmethod
    def _rearranged(rng: random.Random, coeffs: tuple[int, ...], v: str) -> str:
        """``a(x + k)² + t·x = …`` or ``x(ax + k) + t = …``: the same equation, terms on both sides."""
        a, b, c = coeffs
        k, t = rng.choice([n for n in range(-5, 6) if n]), rng.randint(-4, 4)
        if rng.random() < 0.5:
            square = f"({poly_text((0, 1, k), v)})**2"
            left = join_terms([square if a == 1 else f"{a}*{square}"] + ([poly_text((0, t, 0), v)] if t else []))
            expanded = (a, 2 * a * k + t, a * k * k)
        else:
            left = join_terms([f"{v}*({poly_text((0, a, k), v)})"] + ([str(t)] if t else []))
            expanded = (a, k, t)
        rest = (expanded[0] - a, expanded[1] - b, expanded[2] - c)
        return f"{left} = {poly_text(rest, v)}"  # type: ignore[arg-type]

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        """Shift one root by one: still a set of two, never the gold set."""
        roots = [sympy.sympify(t) for t in problem.data()["answer_sympy"].strip("{}").split(", ")]
        i = rng.randrange(len(roots))
        roots[i] = roots[i] + 1
        return root_set_text(roots)


TASKS.register("quadratic_equation", QuadraticEquationGenerator)
