"""Linear equations in one unknown, from ``a x + b = c`` to fractions and brackets on both sides.

The gold answer is fixed first and the equation is built around it with exact
``Fraction`` arithmetic; the step space solves it with sympy rewrites, so the
two routes to the answer are independent.

Levels: 1 ``a x + b = c``; 2 the unknown on both sides; 3 brackets; 4 a fraction
and brackets, rational solutions; 5 two fractions, brackets on both sides.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from cotforge.domains.algebra import fraction_text, join_terms, pretty
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

Part = tuple  # ("lin", a, b) | ("scaled", k, a, b) | ("frac", a, b, m) | ("const", c)


@dataclass(frozen=True, slots=True)
class LinearEquationConfig(TaskConfig):
    variable: str = "x"
    """Name of the unknown."""


def _value(part: Part, x: Fraction) -> Fraction:
    kind = part[0]
    if kind == "lin":
        return part[1] * x + part[2]
    if kind == "scaled":
        return part[1] * (part[2] * x + part[3])
    if kind == "frac":
        return (part[1] * x + part[2]) / part[3]
    return Fraction(part[1])


def _lin_text(a: int, b: Fraction, v: str) -> str:
    coef = {1: v, -1: f"-{v}"}.get(a, f"{a}*{v}")
    return join_terms([coef] + ([fraction_text(Fraction(b))] if b else []))


def _text(part: Part, v: str) -> str:
    kind = part[0]
    if kind == "lin":
        return _lin_text(part[1], part[2], v)
    if kind == "scaled":
        return f"{part[1]}*({_lin_text(part[2], part[3], v)})"
    if kind == "frac":
        return f"({_lin_text(part[1], part[2], v)})/{part[3]}"
    return fraction_text(Fraction(part[1]))


def _side(parts: list[tuple[int, Part]], v: str) -> str:
    return join_terms([("-" if sign < 0 else "") + _text(p, v) for sign, p in parts])


def _nz(rng: random.Random, lo: int, hi: int) -> int:
    return rng.choice([n for n in range(lo, hi + 1) if n != 0])


class LinearEquationGenerator(Generator):
    name = "linear_equation"
    version = 2
    domain = "math"
    space = "algebra"
    verifier = "math"
    config_cls = LinearEquationConfig

    def build(self, rng: random.Random) -> Draft:
        v = self.config.variable  # type: ignore[attr-defined]
        level = self.config.level
        while True:
            x0 = self._solution(rng, level)
            lhs, rhs = self._shape(rng, level)
            rhs.append((1, ("const", Fraction(0))))
            gap = sum(s * _value(p, x0) for s, p in lhs) - sum(s * _value(p, x0) for s, p in rhs)
            rhs[-1] = (1, ("const", gap))
            f = lambda x: sum(s * _value(p, x) for s, p in lhs) - sum(s * _value(p, x) for s, p in rhs)  # noqa: E731
            if f(x0) == 0 and f(x0 + 1) != 0 and abs(gap) <= 400:
                break
        if rhs[-1][1][1] == 0 and len(rhs) > 1:
            rhs.pop()
        equation = f"{_side(lhs, v)} = {_side(rhs, v)}"
        question = f"Solve for {v}: {pretty(equation)}"
        return Draft(
            question=question,
            answer=answer_latex(fraction_text(x0), "value"),
            payload={"answer_sympy": fraction_text(x0), "equation": equation, "variable": v},
            metadata={"solution_kind": "integer" if x0.denominator == 1 else "rational"},
        )

    @staticmethod
    def _solution(rng: random.Random, level: int) -> Fraction:
        if level <= 2:
            return Fraction(rng.randint(-12, 12))
        if level == 3:
            return Fraction(rng.randint(-12, 12), rng.choice([1, 1, 1, 2]))
        return Fraction(rng.randint(-15, 15), rng.choice([1, 2, 3, 4, 5]))

    @staticmethod
    def _shape(rng: random.Random, level: int) -> tuple[list, list]:
        if level == 1:
            return [(1, ("lin", _nz(rng, -9, 9), rng.randint(-20, 20)))], []
        if level == 2:
            return [(1, ("lin", _nz(rng, -9, 9), _nz(rng, -15, 15)))], [(1, ("lin", _nz(rng, -9, 9), 0))]
        if level == 3:
            return (
                [(1, ("scaled", rng.randint(2, 7), 1, _nz(rng, -9, 9))), (1, ("const", _nz(rng, -12, 12)))],
                [(1, ("lin", _nz(rng, -6, 6), 0))],
            )
        if level == 4:
            return (
                [(1, ("frac", _nz(rng, -5, 5), _nz(rng, -9, 9), rng.randint(2, 6))), (1, ("const", _nz(rng, -9, 9)))],
                [(1, ("scaled", rng.randint(2, 5), 1, _nz(rng, -6, 6)))],
            )
        return (
            [
                (1, ("frac", _nz(rng, -5, 5), _nz(rng, -9, 9), rng.randint(2, 5))),
                (-1, ("frac", _nz(rng, -4, 4), _nz(rng, -9, 9), rng.randint(2, 6))),
            ],
            [(1, ("scaled", rng.randint(2, 4), _nz(rng, -3, 3), _nz(rng, -6, 6))), (-1, ("lin", rng.randint(1, 4), 0))],
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        gold = Fraction(problem.data()["answer_sympy"])
        shifts: list[Fraction] = [Fraction(1), Fraction(-1), Fraction(1, 2)]
        return fraction_text(gold + rng.choice(shifts))


TASKS.register("linear_equation", LinearEquationGenerator)
