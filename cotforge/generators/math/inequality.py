"""Inequalities in one unknown, answered in interval notation.

The solution set is chosen first (a bound, two bounds, or two roots) and the
inequality is built around it with exact arithmetic; the step space solves it
by rewrites that reverse the sign when multiplying or dividing by a negative,
and the verifier compares solution sets (sympy intervals), never texts.

Levels: 1 ``ax + b < c``; 2 the unknown on both sides with a negative
coefficient (the sign reverses); 3 brackets and a fraction, a fractional bound;
4 a double inequality ``c < ax + b ≤ d``; 5 a quadratic inequality.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

import sympy

from cotforge.domains.algebra import fraction_text, join_terms, pretty
from cotforge.domains.intervals import interval_text
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

X = sympy.Symbol("x")
FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}
SHOWN = {"<": "<", ">": ">", "<=": "≤", ">=": "≥"}


@dataclass(frozen=True, slots=True)
class InequalityConfig(TaskConfig):
    """The level sets the shape of the inequality."""


def _nz(rng: random.Random, bound: int) -> int:
    return rng.choice([n for n in range(-bound, bound + 1) if n])


def _lin(a: int, b: int) -> str:
    return join_terms(([{1: "x", -1: "-x"}.get(a, f"{a}*x")] if a else []) + ([str(b)] if b else [])) if a or b else "0"


class InequalityGenerator(Generator):
    name = "inequality"
    version = 2
    domain = "math"
    space = "inequality"
    verifier = "math"
    config_cls = InequalityConfig

    def build(self, rng: random.Random) -> Draft:
        level = self.config.level
        op = rng.choice(list(FLIP))
        if level <= 3:
            bound = Fraction(rng.randint(-9, 9), 1 if level < 3 else rng.choice([2, 3, 4]))
            if level == 1:
                a, b = rng.randint(2, 9), _nz(rng, 12)
                text = f"{_lin(a, b)} {op} {fraction_text(a * bound + b)}"
                final = op
            elif level == 2:
                a, c = _nz(rng, 6), _nz(rng, 6)
                while a - c >= 0:
                    a, c = _nz(rng, 6), _nz(rng, 6)
                b = _nz(rng, 12)
                d = (a - c) * bound + b
                text = f"{_lin(a, b)} {op} {_lin(c, int(d)) if d.denominator == 1 else _lin(c, 0) + ' + ' + fraction_text(d)}"
                final = FLIP[op]
            else:
                k, m = rng.randint(2, 5), rng.randint(2, 4)
                a, b = _nz(rng, 4), _nz(rng, 6)
                # k(ax + b)/m op rhs, with rhs = k(a*bound + b)/m
                rhs = Fraction(k) * (a * bound + b) / m
                text = f"{k}*({_lin(a, b)})/{m} {op} {fraction_text(rhs)}"
                final = op if a > 0 else FLIP[op]
            solution = {"<": sympy.Interval.open(-sympy.oo, _r(bound)), ">": sympy.Interval.open(_r(bound), sympy.oo),
                        "<=": sympy.Interval(-sympy.oo, _r(bound)), ">=": sympy.Interval(_r(bound), sympy.oo)}[final]  # fmt: skip
        elif level == 4:
            lo, hi = sorted(rng.sample(range(-9, 10), 2))
            a, b = rng.choice([-4, -3, -2, 2, 3, 4, 5]), _nz(rng, 9)
            left, right = rng.choice(["<", "<="]), rng.choice(["<", "<="])
            ends = sorted([a * lo + b, a * hi + b])
            text = f"{ends[0]} {left} {_lin(a, b)} {right} {ends[1]}"
            if a < 0:
                left, right = right, left
            solution = sympy.Interval(lo, hi, left_open=left == "<", right_open=right == "<")
        else:
            r1, r2 = sorted(rng.sample(range(-9, 10), 2))
            k = rng.choice([1, 1, 2, -1])
            p = sympy.expand(k * (X - r1) * (X - r2))
            moved = rng.randint(-5, 5)
            text = f"{sympy.sstr(sympy.expand(p + moved * X))} {op} {_lin(moved, 0)}"
            inside = (op in ("<", "<=")) == (k > 0)
            closed = op in ("<=", ">=")
            if inside:
                solution = sympy.Interval(r1, r2, not closed, not closed)
            else:
                solution = sympy.Union(sympy.Interval(-sympy.oo, r1, True, not closed), sympy.Interval(r2, sympy.oo, not closed, True))
        shown = pretty(text).replace("**", "^")
        for a, b in SHOWN.items():
            shown = shown.replace(f" {a} ", f" {b} ")
        return Draft(
            question=f"Solve the inequality {shown}. Give the answer in interval notation.",
            answer=answer_latex(interval_text(solution), "interval"),
            payload={"answer_sympy": interval_text(solution), "check": "inequality", "answer_kind": "interval", "variable": "x", "inequality": text},
            metadata={"shape": ["linear", "reversed", "brackets", "double", "quadratic"][level - 1]},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        """Open a closed end or close an open one, or flip to the complement."""
        text = problem.data()["answer_sympy"]
        if "[" in text or "]" in text:
            return text.replace("[", "(").replace("]", ")")
        return text.replace("(", "[", 1) if not text.startswith("(-oo") else text.replace(")", "]", 1) if "oo)" not in text.split(",")[1] else "(-oo, oo)"


def _r(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


TASKS.register("inequality", InequalityGenerator)
