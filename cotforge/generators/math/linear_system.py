"""Systems of two or three linear equations with one integer solution.

The coefficients and the solution are drawn from a numbered space of choices (a seed never
repeats a system, neighbouring seeds never share one within the level's capacity); a system is
kept only when exact elimination finds that one solution. Equations written with brackets and
unknowns on both sides carry how they were written (multiplier, bracket, moved terms) in the
payload, so the step space expands them without parsing its own text; the re-check reads the
printed LaTeX with sympy.

Levels: 1 two unknowns where adding or subtracting the equations removes one; 2 two unknowns
that need an equation scaled first; 3 two unknowns written with brackets and unknowns on both
sides; 4 three unknowns in standard form; 5 three unknowns, two written with brackets.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from math import gcd
from typing import Any

from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, TaskConfig
from cotforge.domains.algebra import fraction_text
from cotforge.domains.itemspace import Choices
from cotforge.domains.latex_answer import answer_latex
from cotforge.domains.linear import Disguise, Row, disguised_text, row_text, rows_to_json, solve
from cotforge.generators.math._unique import UniqueItemsGenerator

NAMES = {2: (("x", "y"), ("a", "b"), ("p", "q"), ("m", "n")), 3: (("x", "y", "z"), ("a", "b", "c"), ("p", "q", "r"))}
PHRASES = (
    "Solve the system of equations for ${names}$: ${system}$",
    "Find ${names}$ such that ${system}$",
    "Solve the system ${system}$",
    "Find the solution $({names})$ of the system ${system}$",
    "Which values of ${names}$ satisfy ${system}$?",
)


@dataclass(frozen=True, slots=True)
class LinearSystemConfig(TaskConfig):
    """The level sets the number of unknowns and how the equations are written."""

    max_coefficient: int = 6
    """Largest absolute coefficient in standard form."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_coefficient, int) or not 2 <= self.max_coefficient <= 20:
            raise ConfigError(f"max_coefficient must be an integer from 2 to 20, got {self.max_coefficient!r}")


def _nz(bound: int) -> list[int]:
    return [n for n in range(-bound, bound + 1) if n]


def _common_factor(row: Row) -> int:
    g = 0
    for v in (*row[0], row[1]):
        g = gcd(g, int(v))
    return g


def _system_latex(lines: list[str]) -> str:
    return r"\begin{cases} " + r" \\ ".join(lines) + r" \end{cases}"


class LinearSystemGenerator(UniqueItemsGenerator):
    name = "linear_system"
    version = 5
    """Version 5 (rows, not items): every wrong move comes in its variants, and the ones offered first carry on to whole values of
    the solution's size in as many steps (a wrong inverse no longer turns m = -1 into m = -25: rejected texts were longer in 52% of
    pairs, shorter in 11%). Version 4: a miscounted constant is off by the coefficient beside it."""
    domain = "math"
    space = "elimination"
    verifier = "math"
    config_cls = LinearSystemConfig

    def _n(self) -> int:
        return 2 if self.config.level <= 3 else 3

    def choices(self) -> Choices:
        n, level = self._n(), self.config.level
        bound = self.config.max_coefficient if level != 4 else min(self.config.max_coefficient, 5)
        coefficient = _nz(bound) + ([0] if level >= 4 else [])
        digits: list[tuple[str, list[Any]]] = [(f"s{i}", _nz(9)) for i in range(n)]  # no zero: it hides slips
        digits += [(f"c{r}{c}", coefficient) for r in range(n) for c in range(n)]
        if level == 1:
            digits += [("col", list(range(n))), ("opposite", [False, True])]
        digits += [("names", list(range(len(NAMES[n])))), ("phrase", list(range(len(PHRASES))))]
        return Choices(tuple(digits))

    def _rows(self, p: dict[str, Any]) -> list[Row] | None:
        n, level = self._n(), self.config.level
        solution = tuple(Fraction(p[f"s{i}"]) for i in range(n))
        matrix = [[Fraction(p[f"c{r}{c}"]) for c in range(n)] for r in range(n)]
        if level == 1:
            col = p["col"]
            matrix[1][col] = -matrix[0][col] if p["opposite"] else matrix[0][col]
            if any(matrix[1][c] == matrix[0][c] for c in range(n) if c != col):
                return None  # the other unknown would go too
        if level == 2 and any(abs(matrix[0][c]) == abs(matrix[1][c]) for c in range(n)):
            return None
        rows: list[Row] = [(tuple(r), sum((a * v for a, v in zip(r, solution)), Fraction(0))) for r in matrix]
        if level == 1 and any(_common_factor(r) > 1 for r in rows):
            return None  # level 1 goes straight to the elimination (a factor to divide out is level-2 work)
        if any(all(c == 0 for c in r[0]) for r in rows) or solve(rows) != solution or any(abs(r[1]) > 60 for r in rows):
            return None
        return rows

    def build(self, rng: random.Random) -> Draft:
        level, n = self.config.level, self._n()
        p = self.pick(self.choices(), lambda q: self._rows(q) is not None)
        rows = self._rows(p)
        assert rows is not None
        names = NAMES[n][p["names"]]
        which = {3: [0, 1], 5: sorted(rng.sample(range(3), 2))}.get(level, [])
        disguises: dict[int, Disguise] = {}
        for i in which:
            inner = [rng.randint(-3, 3) for _ in range(n)]
            if not any(inner):
                inner[0] = 1
            disguises[i] = Disguise(rng.randint(2, 4), tuple(inner), rng.choice(_nz(5)))
        machine = [disguised_text(rows[i], disguises[i], names) if i in disguises else row_text(rows[i], names) for i in range(n)]
        tex = [disguised_text(rows[i], disguises[i], names, tex=True) if i in disguises else row_text(rows[i], names, tex=True) for i in range(n)]
        solution = "(" + ", ".join(fraction_text(v) for v in solve(rows) or ()) + ")"
        question = PHRASES[p["phrase"]].format(names=", ".join(names), system=_system_latex(tex))
        return Draft(
            question=question,
            answer=answer_latex(solution, "tuple"),
            payload={"answer_sympy": solution, "check": "system", "answer_kind": "tuple", "variables": list(names),
                     "equations": machine, "rows": rows_to_json(rows),
                     "disguises": {str(i): [d.m, list(d.inner), d.s] for i, d in disguises.items()}},
            metadata={"unknowns": n, "rearranged": which},
        )  # fmt: skip

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        values = [Fraction(v) for v in problem.data()["answer_sympy"].strip("()").split(",")]
        i = rng.randrange(len(values))
        values[i] += rng.choice([1, -1, 2])
        return "(" + ", ".join(fraction_text(v) for v in values) + ")"


TASKS.register("linear_system", LinearSystemGenerator)
