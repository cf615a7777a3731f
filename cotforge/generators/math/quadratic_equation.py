"""Quadratic equations: factorable, by the formula, and with complex roots at the top level.

The roots are chosen first (whole, rational, irrational ``h ± √d / q`` or complex
``h ± i√d / q``) and the equation is built from them with exact arithmetic, then
scaled to whole coefficients. The step space instead factors or uses the formula
with sympy, so the gold set and the steps come by different routes.

Levels: 1 ``x² + bx + c = 0`` with whole roots; 2 a leading coefficient and a
common factor, rational roots; 3 the equation written with brackets and terms on
both sides; 4 irrational roots (the formula), written with brackets and a common
factor; 5 the same with irrational or complex roots.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from math import gcd, isqrt

import sympy

from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, TaskConfig
from cotforge.domains.algebra import join_terms
from cotforge.domains.itemspace import Choices
from cotforge.domains.latex import latex
from cotforge.domains.latex_answer import answer_latex
from cotforge.domains.polynomial import poly_text, root_set_text
from cotforge.generators.math._unique import UniqueItemsGenerator


@dataclass(frozen=True, slots=True)
class QuadraticEquationConfig(TaskConfig):
    """The level sets the kind of roots and how the equation is written."""

    variable: str = ""
    """Name of the unknown; empty: each item picks one."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.variable, str) or (self.variable and (len(self.variable) != 1 or not self.variable.isalpha() or self.variable in "eiEIO")):
            raise ConfigError(f"variable must be one lower-case letter, got {self.variable!r}")


NONSQUARES = [n for n in range(2, 41) if isqrt(n) ** 2 != n]
NAMES = ("x", "y", "t", "z", "u", "w")
PHRASES = (
    "Solve for ${v}$: ${eq}$",
    "Find all solutions of ${eq}$.",
    "Solve the equation ${eq}$.",
    "Find every value of ${v}$ that satisfies ${eq}$.",
    "Find the roots of ${eq}$.",
)
_W = [n for n in range(-15, 16) if n]


def _rational_pairs(q1s: list[int], q2s: list[int], whole_ok: bool) -> list[tuple[Fraction, Fraction]]:
    """Root pairs r1 < r2, nonzero, listed once each (so every digit is a valid item)."""
    out = set()
    for n1 in range(-12, 13):
        for q1 in q1s:
            for n2 in range(-12, 13):
                for q2 in q2s:
                    r1, r2 = Fraction(n1, q1), Fraction(n2, q2)
                    if 0 < r2 - r1 and 0 not in (r1, r2) and (whole_ok or r1.denominator * r2.denominator > 1):
                        out.add((r1, r2))
    return sorted(out)


def _simplifying_roots() -> list[tuple[str, Fraction, int, int]]:
    """(kind, centre, q, d) whose formula root needs simplifying (a square factor under the root)."""
    out = []
    for kind in ("irrational", "complex"):
        for h in sorted({Fraction(n, k) for n in range(-8, 9) for k in (1, 2)}):
            for q in (1, 2):
                for d in range(2, 41):
                    if kind == "irrational" and isqrt(d) ** 2 == d:
                        continue
                    sign = 1 if kind == "irrational" else -1
                    s, prod = 2 * h, h * h - Fraction(sign * d, q * q)
                    scale = s.denominator * prod.denominator // gcd(s.denominator, prod.denominator)
                    disc = int((s * scale) ** 2 - 4 * scale * prod * scale)
                    if sympy.sqrt(abs(disc)).as_coeff_Mul()[0] > 1:
                        out.append((kind, h, q, d))
    return out


_LEVELS: dict[int, tuple[tuple[str, list], ...]] = {
    1: (("r1", _W), ("gap", list(range(1, 21))), ("layout", [0, 1])),
    2: (("pair", _rational_pairs([1, 2, 3], [2, 3, 4, 5], False)), ("factor", [1, 2, 3])),
    3: (("pair", _rational_pairs([1, 2, 3], [1, 2, 3], True)),),
    4: (("h", list(range(-8, 9))), ("hq", [1, 2]), ("q", [1, 2]), ("d", NONSQUARES), ("factor", [2, 3, 4])),
    5: (("roots", _simplifying_roots()), ("factor", [2, 3])),
}


class QuadraticEquationGenerator(UniqueItemsGenerator):
    name = "quadratic_equation"
    version = 3
    domain = "math"
    space = "quadratic"
    verifier = "math"
    config_cls = QuadraticEquationConfig

    def choices(self) -> Choices:
        names = (self.config.variable,) if self.config.variable else NAMES
        return Choices(_LEVELS[self.config.level] + (("phrase", list(range(len(PHRASES)))), ("v", list(names))))

    def _valid(self, p: dict) -> bool:
        if self.config.level == 1:
            return 2 * p["r1"] + p["gap"] != 0 and p["r1"] + p["gap"] != 0  # b = 0 (square roots) and a zero root excluded
        return True

    def build(self, rng: random.Random) -> Draft:
        level = self.config.level
        p = self.pick(self.choices(), self._valid)
        v = p["v"]
        if level == 1:
            kind, r1, r2 = "whole", Fraction(p["r1"]), Fraction(p["r1"] + p["gap"])
        elif level in (2, 3):
            kind, (r1, r2) = "rational", p["pair"]
        elif level == 4:
            kind, r1 = "irrational", Fraction(0)
            r2 = r1
        else:
            kind, h5, q5, d5 = p["roots"]
            p = {**p, "h": h5.numerator, "hq": h5.denominator, "q": q5, "d": d5}
            r1 = r2 = Fraction(0)
        if kind in ("whole", "rational"):
            roots = [sympy.Rational(r.numerator, r.denominator) for r in (r1, r2)]
            s, prod = r1 + r2, r1 * r2
        else:
            h, q, d = Fraction(p["h"], p["hq"]), p["q"], p["d"]
            sign = 1 if kind == "irrational" else -1  # (x - h)^2 = sign d / q^2
            centre = sympy.Rational(h.numerator, h.denominator)
            offset = sympy.sqrt(sign * d) / q
            roots = [centre + offset, centre - offset]
            s, prod = 2 * h, h * h - Fraction(sign * d, q * q)
        scale = sympy.ilcm(s.denominator, prod.denominator)
        coeffs = (int(scale), int(-s * scale), int(prod * scale))
        g = gcd(*coeffs)
        coeffs = tuple(c // g * p.get("factor", 1) for c in coeffs)
        if level in (3, 4, 5):
            equation = self._rearranged(rng, coeffs, v)
        elif level == 1 and p["layout"] == 1 and coeffs[2] != 0:
            equation = f"{poly_text((coeffs[0], coeffs[1], 0), v)} = {-coeffs[2]}"
        else:
            equation = f"{poly_text(coeffs, v)} = 0"
        question = PHRASES[p["phrase"]].format(v=v, eq=latex(equation))
        if kind == "complex":
            question += " Give the complex roots too."
        return Draft(
            question=question,
            answer=answer_latex(root_set_text(roots), "set"),
            payload={"answer_sympy": root_set_text(roots), "check": "roots", "answer_kind": "set", "variable": v, "equation": equation},
            metadata={"roots": kind},
        )

    @staticmethod
    def _rearranged(rng: random.Random, coeffs: tuple[int, ...], v: str) -> str:
        """``a(x + k)² + t·x = …`` or ``x(ax + k) + t = …``: the same equation, terms on both sides."""
        a, b, c = coeffs
        k, t = rng.choice([n for n in range(-5, 6) if n]), rng.choice([n for n in range(-4, 5) if n])
        if rng.random() < 0.5:
            square = f"({poly_text((0, 1, k), v)})**2"
            left = join_terms([square if a == 1 else f"{a}*{square}"] + ([poly_text((0, t, 0), v)] if t else []))
            expanded = (a, 2 * a * k + t, a * k * k)
        else:
            left = join_terms([f"{v}*({poly_text((0, a, k), v)})"] + ([str(t)] if t else []))
            expanded = (a, k, t)
        rest = (expanded[0] - a, expanded[1] - b, expanded[2] - c)
        return f"{left} = {poly_text(rest, v)}"

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        """Shift one root by one: still a set of two, never the gold set."""
        roots = [sympy.sympify(t) for t in problem.data()["answer_sympy"].strip("{}").split(", ")]
        i = rng.randrange(len(roots))
        roots[i] = roots[i] + 1
        return root_set_text(roots)


TASKS.register("quadratic_equation", QuadraticEquationGenerator)
