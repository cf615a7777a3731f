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

from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, TaskConfig
from cotforge.domains.algebra import fraction_text, join_terms
from cotforge.domains.itemspace import Choices
from cotforge.domains.latex import latex
from cotforge.domains.latex_answer import answer_latex
from cotforge.domains.sstr_forms import text as sstr_text
from cotforge.generators.math._unique import UniqueItemsGenerator

FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}


@dataclass(frozen=True, slots=True)
class InequalityConfig(TaskConfig):
    """The level sets the shape of the inequality."""


def _nzl(bound: int) -> list[int]:
    return [n for n in range(-bound, bound + 1) if n]


def _lin(a: int, b: int) -> str:
    return join_terms(([{1: "x", -1: "-x"}.get(a, f"{a}*x")] if a else []) + ([str(b)] if b else [])) if a or b else "0"


PHRASES = (
    "Solve the inequality ${ineq}$. Give the answer in interval notation.",
    "Find all real $x$ such that ${ineq}$. Write the solution set in interval notation.",
    "For which real numbers $x$ is ${ineq}$? Answer in interval notation.",
    "Solve ${ineq}$ and express the solution as an interval or a union of intervals.",
    "What is the solution set of ${ineq}$? Use interval notation.",
)
OPS = list(FLIP)
FRACTIONS = sorted({Fraction(n, d) for n in range(-12, 13) for d in (2, 3, 4) if Fraction(n, d).denominator != 1})
"""Bounds of level 3: each fraction once (2/4 and 1/2 would be the same item)."""
_LEVELS: dict[int, tuple[tuple[str, list], ...]] = {
    1: (("a", list(range(2, 13))), ("b", _nzl(20)), ("bound", _nzl(15)), ("op", OPS), ("side", [0, 1])),
    2: (("a", _nzl(8)), ("c", _nzl(8)), ("b", _nzl(15)), ("bound", _nzl(12)), ("op", OPS)),
    3: (("k", list(range(2, 7))), ("m", list(range(2, 6))), ("a", _nzl(5)), ("b", _nzl(9)), ("bound", FRACTIONS), ("op", OPS)),
    4: (("lo", list(range(-12, 13))), ("width", list(range(1, 13))), ("a", [-5, -4, -3, -2, 2, 3, 4, 5, 6]), ("b", _nzl(12)),
        ("k", list(range(2, 6))), ("m", list(range(2, 6))), ("left", ["<", "<="]), ("right", ["<", "<="])),
    5: (("r1", list(range(-12, 13))), ("gap", list(range(1, 15))), ("k", [2, 3, 4, -1, -2, -3]), ("moved", _nzl(6)),
        ("c", list(range(-5, 6))), ("op", OPS)),
}  # fmt: skip


class InequalityGenerator(UniqueItemsGenerator):
    name = "inequality"
    version = 4
    """Version 4 (rows, not items): a miscounted constant is off by the coefficient that will divide it, so its bound is one off and as tidy as the gold's; the quotient off by one is a fourth slip of the last step."""
    domain = "math"
    space = "inequality"
    verifier = "math"
    config_cls = InequalityConfig

    def choices(self) -> Choices:
        return Choices(_LEVELS[self.config.level] + (("phrase", list(range(len(PHRASES)))),))

    def _valid(self, p: dict) -> bool:
        level = self.config.level
        if level == 2:
            return p["a"] - p["c"] < 0  # the unknown ends with a negative coefficient: the sign reverses
        if level == 3:
            return p["k"] % p["m"] != 0
        if level == 4:
            return p["k"] % p["m"] != 0 and p["m"] % p["k"] != 0 and 0 not in (p["lo"], p["lo"] + p["width"])
        if level == 5:
            return 0 not in (p["r1"], p["r1"] + p["gap"])  # a zero root hides sign slips
        return True

    def build(self, rng: random.Random) -> Draft:
        level = self.config.level
        p = self.pick(self.choices(), self._valid)
        op = p.get("op", "<")
        if level <= 3:
            if level == 1:
                bound = Fraction(p["bound"])
                a, b = p["a"], p["b"]
                sides = [_lin(a, b), fraction_text(a * bound + b)]
                text = f"{sides[0]} {op} {sides[1]}" if p["side"] == 0 else f"{sides[1]} {FLIP[op]} {sides[0]}"
                final = op
            elif level == 2:
                bound = Fraction(p["bound"])
                a, c, b = p["a"], p["c"], p["b"]
                d = (a - c) * bound + b
                text = f"{_lin(a, b)} {op} {_lin(c, int(d))}"
                final = FLIP[op]
            else:
                bound = p["bound"]
                k, m, a, b = p["k"], p["m"], p["a"], p["b"]
                rhs = Fraction(k) * (a * bound + b) / m
                text = f"{k}*({_lin(a, b)})/{m} {op} {fraction_text(rhs)}"
                final = op if a > 0 else FLIP[op]
            solution = _ray(Fraction(bound), final)
        elif level == 4:
            lo, hi = p["lo"], p["lo"] + p["width"]
            a, b, left, right, k, m = p["a"], p["b"], p["left"], p["right"], p["k"], p["m"]
            ends = sorted([Fraction(k * (a * lo + b), m), Fraction(k * (a * hi + b), m)])
            text = f"{fraction_text(ends[0])} {left} {k}*({_lin(a, b)})/{m} {right} {fraction_text(ends[1])}"
            if a < 0:
                left, right = right, left
            solution = f"{'(' if left == '<' else '['}{lo}, {hi}{')' if right == '<' else ']'}"
        else:
            r1, r2, k, moved = p["r1"], p["r1"] + p["gap"], p["k"], p["moved"]
            poly = (Fraction(k * r1 * r2), Fraction(-k * (r1 + r2)), Fraction(k))  # k (x - r1)(x - r2)
            text = f"{sstr_text((poly[0] + p['c'], poly[1] + moved, poly[2]))} {op} {_lin(moved, p['c'])}"
            inside = (op in ("<", "<=")) == (k > 0)
            opening, closing = ("[", "]") if op in ("<=", ">=") else ("(", ")")
            solution = f"{opening}{r1}, {r2}{closing}" if inside else f"(-oo, {r1}{closing} U {opening}{r2}, oo)"
        return Draft(
            question=PHRASES[p["phrase"]].format(ineq=latex(text)),
            answer=answer_latex(solution, "interval"),
            payload={"answer_sympy": solution, "check": "inequality", "answer_kind": "interval", "variable": "x", "inequality": text},
            metadata={"shape": ["linear", "reversed", "brackets", "double", "quadratic"][level - 1]},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        """Open a closed end or close an open one, or flip to the complement."""
        text = problem.data()["answer_sympy"]
        if "[" in text or "]" in text:
            return text.replace("[", "(").replace("]", ")")
        return text.replace("(", "[", 1) if not text.startswith("(-oo") else text.replace(")", "]", 1) if "oo)" not in text.split(",")[1] else "(-oo, oo)"


def _ray(bound: Fraction, op: str) -> str:
    """The interval text (``domains.intervals.interval_text``'s) of ``x op bound``."""
    return {"<": f"(-oo, {bound})", ">": f"({bound}, oo)", "<=": f"(-oo, {bound}]", ">=": f"[{bound}, oo)"}[op]


TASKS.register("inequality", InequalityGenerator)
