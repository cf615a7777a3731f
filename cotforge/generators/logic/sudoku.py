"""Sudoku: fill the grid so every row, column and box holds each digit once.

Levels, graded by the techniques the puzzle needs (checked by running them):
1 → 4x4, naked singles suffice; 2 → 6x6, needs hidden singles; 3 → 9x9, needs hidden singles;
4 → 9x9, needs naked pairs; 5 → 9x9, needs a case split (one guess, each branch then settled).
Givens are removed one by one while the level's techniques still solve the puzzle (which proves
the solution unique); a complete backtracking search re-checks uniqueness at the end.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from cotforge.core.csp import Constraint, Csp, render_answer, solve
from cotforge.core.csp_grade import TECHNIQUES, closure, grade, solved
from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

_SHAPES = {1: (2, 2), 2: (2, 3), 3: (3, 3), 4: (3, 3), 5: (3, 3)}
"""Box rows x box columns per level."""
_NEEDS = {1: "naked", 2: "singles", 3: "singles", 4: "pairs", 5: "guess"}
WORDS = {
    "noun": "cell",
    "is": "{var} is {val}",
    "one_of": "{var} is {vals}",
    "not": "{var} cannot be {vals}",
    "hidden": "In {group}, {val} can go only in {var}",
    "strike": "strike {val} from the rest of {groups}",
}


@dataclass(frozen=True, slots=True)
class SudokuConfig(TaskConfig):
    """Level sets the grid (4x4, 6x6, 9x9) and the hardest technique the puzzle needs."""

    max_attempts: int = 200
    """Full grids tried before giving up on one of the level's grade (a safety net)."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be a positive integer, got {self.max_attempts!r}")


def sudoku_csp(grid: Sequence[int | None], box_rows: int, box_cols: int) -> Csp:
    """The CSP of a grid (row-major, None for blank, digits 0-based)."""
    n = box_rows * box_cols
    names = tuple(f"r{r + 1}c{c + 1}" for r in range(n) for c in range(n))
    full = (1 << n) - 1
    doms = tuple(full if g is None else 1 << g for g in grid)
    cons = [Constraint("alldiff", tuple(r * n + c for c in range(n)), label=f"row {r + 1}") for r in range(n)]
    cons += [Constraint("alldiff", tuple(r * n + c for r in range(n)), label=f"column {c + 1}") for c in range(n)]
    for b in range(n):
        r0, c0 = b // box_rows * box_rows, b % box_rows * box_cols
        cells = tuple((r0 + i) * n + c0 + j for i in range(box_rows) for j in range(box_cols))
        cons.append(Constraint("alldiff", cells, label=f"box {b + 1}"))
    layout = {"kind": "grid", "size": n, "box": [box_rows, box_cols]}
    return Csp(names, tuple(str(d + 1) for d in range(n)), doms, tuple(cons), layout)


def full_grid(rng: random.Random, box_rows: int, box_cols: int) -> list[int]:
    """A random solved grid: a pattern, then bands, rows in bands, stacks, columns and digits shuffled."""
    n = box_rows * box_cols
    bands = rng.sample(range(box_cols), box_cols)  # there are box_cols bands of box_rows rows
    rows = [b * box_rows + r for b in bands for r in rng.sample(range(box_rows), box_rows)]
    stacks = rng.sample(range(box_rows), box_rows)
    cols = [s * box_cols + c for s in stacks for c in rng.sample(range(box_cols), box_cols)]
    digits = rng.sample(range(n), n)
    return [digits[(box_cols * (r % box_rows) + r // box_rows + c) % n] for r in rows for c in cols]


class SudokuGenerator(Generator):
    name = "sudoku"
    domain = "logic"
    space = "csp"
    verifier = "sudoku"
    config_cls = SudokuConfig

    def build(self, rng: random.Random) -> Draft:
        config = cast(SudokuConfig, self.config)
        box_rows, box_cols = _SHAPES[config.level]
        need = _NEEDS[config.level]
        for attempt in range(1, config.max_attempts + 1):
            solution = full_grid(rng, box_rows, box_cols)
            grid = _reduce(rng, solution, box_rows, box_cols, need)
            csp = sudoku_csp(grid, box_rows, box_cols)
            if grade(csp) == need and len(solve(csp, limit=2)) == 1:
                return _draft(csp, grid, solution, config.level, attempt)
        raise RuntimeError(f"no sudoku of grade {need!r} in {config.max_attempts} attempts")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        data = problem.data()
        csp = Csp.from_payload(data)
        values = list(data["solution"])
        blanks = [v for v, d in enumerate(data["domains"]) if len(d) > 1]
        a = rng.choice(blanks)
        row = [v for v in blanks if v // csp.layout["size"] == a // csp.layout["size"] and values[v] != values[a]]
        b = rng.choice(row) if row else a
        values[a], values[b] = values[b], values[a]  # swap two blanks: rows still hold every digit
        if a == b:
            values[a] = (values[a] + 1) % len(csp.value_names)
        return render_answer(csp, values)


def _reduce(rng: random.Random, solution: list[int], box_rows: int, box_cols: int, need: str) -> list[int | None]:
    """Blank cells in random order while the level's techniques (pairs at most) still solve it; for the
    guess level, then blank more cells until one needs a guess (blanking on through pairs-solvable
    ones). The caller rejects grids whose grade is too easy. Checks run on domains only."""
    n = box_rows * box_cols
    blank = sudoku_csp([None] * n * n, box_rows, box_cols)
    grid: list[int | None] = list(solution)

    def doms() -> list[int]:
        return [blank.full if g is None else 1 << g for g in grid]

    first = {"naked": "naked", "singles": "singles"}.get(need, "pairs")
    order = rng.sample(range(len(grid)), len(grid))
    for cell in order:
        keep, grid[cell] = grid[cell], None
        if not solved(closure(blank, doms(), first)):
            grid[cell] = keep
    if need == "guess":
        for cell in order:
            if grid[cell] is None:
                continue
            keep, grid[cell] = grid[cell], None
            got = grade(blank, doms())
            if got == need and (need != "guess" or len(solve(blank, doms(), limit=2)) == 1):
                break
            if not (got == "pairs" and need == "guess"):
                grid[cell] = keep
    return grid


def _draft(csp: Csp, grid: list[int | None], solution: list[int], level: int, attempts: int) -> Draft:
    n = csp.layout["size"]
    rows = ["".join("." if g is None else str(g + 1) for g in grid[r * n : (r + 1) * n]) for r in range(n)]
    box_rows, box_cols = csp.layout["box"]
    question = (
        f"Solve this {n}x{n} sudoku: fill each empty cell (.) with a digit from 1 to {n} so that every row, "
        f"every column and every {box_rows}x{box_cols} box contains each digit exactly once. Rows are "
        f"numbered 1-{n} from the top, columns 1-{n} from the left; r2c5 is row 2, column 5.\n\n"
        + "\n".join(" ".join(row) for row in rows)
        + "\n\nGive the completed grid, one row per line."
    )
    payload = {**csp.payload(), "words": WORDS, "solution": solution}
    meta = {"level": level, "size": n, "givens": sum(g is not None for g in grid), "needs": _NEEDS[level],
            "attempts": attempts, "techniques": list(TECHNIQUES)}  # fmt: skip
    return Draft(question=question, answer=render_answer(csp, solution), payload=payload, metadata=meta)


TASKS.register("sudoku", SudokuGenerator)
