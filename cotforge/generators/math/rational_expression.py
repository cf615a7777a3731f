"""Rational expressions: cancel common factors, multiply, divide, add over a common denominator.

The simplified result is chosen first (a ratio of small factors) and the
question is built by multiplying a common factor in or splitting into partial
fractions; the gold is that construction. The step space factors, cancels,
finds common denominators and combines, and the verifier accepts only a fully
cancelled fraction equal to the gold.

Levels: 1 cancel one common factor; 2 factor a trinomial on top and bottom,
then cancel; 3 add or subtract two fractions with linear denominators; 4 a
product or quotient of two fractions; 5 a difference of fractions whose common
denominator needs factoring, then a cancellation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sympy

from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, TaskConfig
from cotforge.domains.itemspace import Choices
from cotforge.domains.latex import latex
from cotforge.domains.latex_answer import answer_latex
from cotforge.generators.math._unique import UniqueItemsGenerator

X = sympy.Symbol("x")


@dataclass(frozen=True, slots=True)
class RationalExpressionConfig(TaskConfig):
    """The level sets the operation: cancel, factor and cancel, add, multiply or divide, both."""


def _frac(top: sympy.Expr, bottom: sympy.Expr) -> str:
    return f"({sympy.sstr(sympy.expand(top))})/({sympy.sstr(sympy.expand(bottom))})"


ROOTS = [n for n in range(-12, 13) if n]
PHRASES = (
    "Simplify completely: ${e}$",
    "Write ${e}$ as a single fraction in lowest terms.",
    "Simplify ${e}$.",
    "Reduce ${e}$ to lowest terms.",
    "Express ${e}$ as one fully simplified fraction.",
)
_EXTRA: dict[int, tuple[tuple[str, list], ...]] = {
    1: (("k", [1, 2, 3, 4, 6]), ("n", [1, 2, 3])),
    3: (("p", [1, 2, 3, 4, 5]), ("q", [-3, -2, -1, 1, 2, 3, 4])),
    4: (("form", ["product", "quotient"]),),
    5: (("m", [1, 2, 3, 4, 5]), ("which", [0, 1]), ("sign", [1, -1])),
}


class RationalExpressionGenerator(UniqueItemsGenerator):
    name = "rational_expression"
    version = 6
    """Version 4 (rows, not items): factoring slips keep the bracket a solver goes on to cancel and reach a
    wrong final answer in the solution's steps; new slips: a constant not divided when a coefficient is taken
    out, each top scaled by its own bottom's factor, a sign lost taking out a negative factor."""
    ITEMS_VERSION = 4
    """Versions 5 and 6 change rows only (5: a new combine-step slip, the tops as they were before scaling added
    over the common denominator; 6: the numerators and the denominators factored as two steps, the tops multiplied
    out before they are added, with slips at both): the items are drawn as version 4 drew them, the same questions."""
    domain = "math"
    space = "rational"
    verifier = "math"
    config_cls = RationalExpressionConfig

    def _key(self) -> str:
        return f"{self.name}|v{self.ITEMS_VERSION}|L{self.config.level}"

    def choices(self) -> Choices:
        level = self.config.level
        roots = {1: "ab", 2: "abc", 3: "ab", 4: "abcd", 5: ""}[level]
        digits = tuple((r, ROOTS) for r in roots) + _EXTRA.get(level, ())
        if level == 5:  # (x - a)(x - b) multiplied out reads the same both ways: each pair once
            digits = (("pair", [(a, b) for a in ROOTS for b in ROOTS if a < b]),) + digits
        return Choices(digits + (("phrase", list(range(len(PHRASES)))),))

    def build(self, rng: random.Random) -> Draft:
        level = self.config.level
        p = self.pick(self.choices(), lambda q: len({q[r] for r in "abcd" if r in q}) == len([r for r in "abcd" if r in q]))
        if "pair" in p:
            p = {**p, "a": p["pair"][0], "b": p["pair"][1]}
        a, b, c, d = (p.get(r, 0) for r in "abcd")
        if level == 1:
            k, n = p["k"], p["n"]
            gold = sympy.Rational(k, n) * (X - a)
            text = _frac(k * (X - a) * (X - b), n * (X - b))
        elif level == 2:
            gold = (X - a) / (X - c)
            text = _frac((X - a) * (X - b), (X - b) * (X - c))
        elif level == 3:
            pp, q = p["p"], p["q"]
            gold = sympy.cancel(pp / (X - a) + q / (X - b))
            text = f"{pp}/({sympy.sstr(X - a)}) {'+' if q > 0 else '-'} {abs(q)}/({sympy.sstr(X - b)})"
        elif level == 4:
            if p["form"] == "product":
                gold = (X - a) / (X - d)
                text = f"{_frac((X - a) * (X - b), (X - c) * (X - d))} * {_frac(X - c, X - b)}"
            else:
                text = f"({_frac((X - a) * (X - b), X - d)}) / ({_frac((X - b) ** 2, X - c)})"
                gold = sympy.cancel(sympy.sympify(text, locals={"x": X}))
        else:
            m = p["m"] * p["sign"]
            far, near = (a, b) if p["which"] == 0 else (b, a)  # k/((x - a)(x - b)) + m/(x - near): the far factor cancels
            k = m * (far - near)
            gold = sympy.cancel(sympy.Integer(k) / ((X - a) * (X - b)) + sympy.Integer(m) / (X - near))
            second = f"+ {m}" if m > 0 else f"- {-m}"
            text = f"{k}/({sympy.sstr(sympy.expand((X - a) * (X - b)))}) {second}/({sympy.sstr(X - near)})"
        value = sympy.cancel(sympy.sympify(text, locals={"x": X}))
        if sympy.cancel(value - gold) != 0:  # construction and sympy disagree: a bug
            raise RuntimeError(f"rational gold mismatch: {text}")
        num, den = sympy.fraction(sympy.factor(value))
        answer = sympy.sstr(num) if den == 1 else f"({sympy.sstr(num)})/({sympy.sstr(den)})"
        return Draft(
            question=PHRASES[p["phrase"]].format(e=latex(text)),
            answer=answer_latex(answer, "simplified"),
            payload={"answer_sympy": answer, "check": "identity", "answer_kind": "simplified", "variable": "x", "expression": text},
            metadata={"operation": ["cancel", "factor_cancel", "add", "multiply_divide", "combine_cancel"][level - 1]},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        value = sympy.sympify(problem.data()["answer_sympy"], locals={"x": X})
        return sympy.sstr(sympy.factor(value + 1))


TASKS.register("rational_expression", RationalExpressionGenerator)
