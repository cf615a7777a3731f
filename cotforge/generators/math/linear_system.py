"""Systems of two or three linear equations with one integer solution.

The solution is chosen first and the equations are built around it; a system is
kept only when exact elimination finds that one solution and no other. The
step space solves by elimination and substitution, so the gold answer comes from
the construction and the steps from an independent route.

Levels: 1 two unknowns where adding or subtracting the equations removes one;
2 two unknowns that need an equation scaled first; 3 two unknowns written with
brackets and unknowns on both sides; 4 three unknowns in standard form; 5 three
unknowns, two of them written with brackets and unknowns on both sides.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from cotforge.domains.algebra import fraction_text, join_terms, pretty
from cotforge.core.errors import ConfigError
from cotforge.domains.linear import Row, row_text, solve, term
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

NAMES = {2: ("x", "y"), 3: ("x", "y", "z")}


@dataclass(frozen=True, slots=True)
class LinearSystemConfig(TaskConfig):
    """The level sets the number of unknowns and how the equations are written."""

    max_coefficient: int = 6
    """Largest absolute coefficient in standard form."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_coefficient, int) or not 2 <= self.max_coefficient <= 20:
            raise ConfigError(f"max_coefficient must be an integer from 2 to 20, got {self.max_coefficient!r}")


def _nz(rng: random.Random, bound: int) -> int:
    return rng.choice([n for n in range(-bound, bound + 1) if n])


def _disguise(row: Row, names: tuple[str, ...], rng: random.Random) -> str:
    """``m(p x + q y + s) = (mp - a) x + (mq - b) y + (ms + c)``: the same equation, unsimplified."""
    coeffs, const = row
    m = rng.randint(2, 4)
    inner = [rng.randint(-3, 3) for _ in coeffs]
    if not any(inner):
        inner[0] = 1
    s = _nz(rng, 5)
    left = f"{m}*({join_terms([term(Fraction(p), n) for p, n in zip(inner, names) if p] + [str(s)])})"
    right_terms = [term(Fraction(m * p) - a, n) for p, a, n in zip(inner, coeffs, names) if m * p != a]
    right = join_terms(right_terms + ([fraction_text(m * s + const)] if m * s + const else []))
    return f"{left} = {right}"


class LinearSystemGenerator(Generator):
    name = "linear_system"
    version = 2
    domain = "math"
    space = "elimination"
    verifier = "math"
    config_cls = LinearSystemConfig

    def build(self, rng: random.Random) -> Draft:
        level = self.config.level
        n = 2 if level <= 3 else 3
        names = NAMES[n]
        bound = self.config.max_coefficient if level != 4 else min(self.config.max_coefficient, 4)  # type: ignore[attr-defined]
        while True:
            solution = tuple(Fraction(rng.randint(-9, 9)) for _ in range(n))
            matrix = [[Fraction(_nz(rng, bound) if level != 4 or rng.random() < 0.8 else 0) for _ in range(n)] for _ in range(n)]
            if level == 1:  # one unknown has equal or opposite coefficients
                col = rng.randrange(n)
                matrix[1][col] = matrix[0][col] * rng.choice([1, -1])
            rows: list[Row] = [(tuple(r), sum((a * v for a, v in zip(r, solution)), Fraction(0))) for r in matrix]
            if solve(rows) != solution:
                continue
            if level == 2 and any(abs(matrix[0][c]) == abs(matrix[1][c]) for c in range(n)):
                continue
            if all(abs(r[1]) <= 60 for r in rows):
                break
        disguised = {3: {0, 1}, 5: set(rng.sample(range(3), 2))}.get(level, set())
        equations = [_disguise(r, names, rng) if i in disguised else row_text(r, names) for i, r in enumerate(rows)]
        lines = "\n".join(pretty(e) for e in equations)
        return Draft(
            question=f"Solve the system of equations for {', '.join(names)}:\n{lines}",
            answer=answer_latex("(" + ", ".join(fraction_text(v) for v in solution) + ")", "tuple"),
            payload={"answer_sympy": "(" + ", ".join(fraction_text(v) for v in solution) + ")", "check": "system", "answer_kind": "tuple", "variables": list(names), "equations": equations},
            metadata={"unknowns": n, "rearranged": sorted(disguised)},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        values = [Fraction(v) for v in problem.data()["answer_sympy"].strip("()").split(",")]
        i = rng.randrange(len(values))
        values[i] += rng.choice([1, -1, 2])
        return "(" + ", ".join(fraction_text(v) for v in values) + ")"


TASKS.register("linear_system", LinearSystemGenerator)
