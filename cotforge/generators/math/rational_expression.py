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

from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

X = sympy.Symbol("x")


@dataclass(frozen=True, slots=True)
class RationalExpressionConfig(TaskConfig):
    """The level sets the operation: cancel, factor and cancel, add, multiply or divide, both."""


def _root(rng: random.Random, avoid: set[int]) -> int:
    return rng.choice([n for n in range(-12, 13) if n and n not in avoid])


def _frac(top: sympy.Expr, bottom: sympy.Expr) -> str:
    return f"({sympy.sstr(sympy.expand(top))})/({sympy.sstr(sympy.expand(bottom))})"


class RationalExpressionGenerator(Generator):
    name = "rational_expression"
    version = 2
    domain = "math"
    space = "rational"
    verifier = "math"
    config_cls = RationalExpressionConfig

    def build(self, rng: random.Random) -> Draft:
        level = self.config.level
        a = _root(rng, set())
        b = _root(rng, {a})
        c = _root(rng, {a, b})
        d = _root(rng, {a, b, c})
        if level == 1:
            gold = X - a
            text = _frac((X - a) * (X - b), X - b)
        elif level == 2:
            gold = (X - a) / (X - c)
            text = _frac((X - a) * (X - b), (X - b) * (X - c))
        elif level == 3:
            p, q = rng.randint(1, 5), rng.choice([-3, -2, -1, 1, 2, 3, 4])
            gold = sympy.cancel(p / (X - a) + q / (X - b))
            text = f"{p}/({sympy.sstr(X - a)}) {'+' if q > 0 else '-'} {abs(q)}/({sympy.sstr(X - b)})"
        elif level == 4:
            if rng.random() < 0.5:
                gold = (X - a) / (X - d)
                text = f"{_frac((X - a) * (X - b), (X - c) * (X - d))} * {_frac(X - c, X - b)}"
            else:
                gold = (X - a) * (X - c) / ((X - b) * (X - d))
                text = f"({_frac((X - a) * (X - b), X - d)}) / ({_frac((X - b) ** 2, X - c)})"
                gold = sympy.cancel(sympy.sympify(text, locals={"x": X}))
        else:
            # k/((x - a)(x - b)) - m/(x - b) with k = m(x - a)... chosen so a factor cancels at the end
            m = rng.randint(1, 3)
            k = m * (a - b)
            gold = sympy.cancel(sympy.Integer(k) / ((X - a) * (X - b)) + sympy.Integer(m) / (X - b))
            text = f"{k}/({sympy.sstr(sympy.expand((X - a) * (X - b)))}) + {m}/({sympy.sstr(X - b)})".replace("+ -", "- ")
        value = sympy.cancel(sympy.sympify(text, locals={"x": X}))
        if sympy.cancel(value - gold) != 0:  # construction and sympy disagree: a bug
            raise RuntimeError(f"rational gold mismatch: {text}")
        num, den = sympy.fraction(sympy.factor(value))
        answer = sympy.sstr(num) if den == 1 else f"({sympy.sstr(num)})/({sympy.sstr(den)})"
        shown = text.replace("**", "^").replace("*x", "x").replace(" * ", " × ").replace(") / (", ") ÷ (")
        return Draft(
            question=f"Simplify completely: {shown}",
            answer=answer_latex(answer, "simplified"),
            payload={"answer_sympy": answer, "check": "identity", "answer_kind": "simplified", "variable": "x", "expression": text},
            metadata={"operation": ["cancel", "factor_cancel", "add", "multiply_divide", "combine_cancel"][level - 1]},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        value = sympy.sympify(problem.data()["answer_sympy"], locals={"x": X})
        return sympy.sstr(sympy.factor(value + 1))


TASKS.register("rational_expression", RationalExpressionGenerator)
