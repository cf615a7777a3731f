"""Futoshiki: a Latin square (each digit once per row and column) with < / > signs between neighbours.

Levels, graded by the techniques the puzzle needs (checked by running them):
1 → 4x4, naked singles and the signs suffice; 2 → 5x5, needs hidden singles; 3 → 6x6, needs hidden
singles; 4 → 6x6, needs naked pairs; 5 → 7x7, needs hidden singles (and naked pairs where they come).
The generator starts from a random Latin square with every sign and every digit shown, then removes
digits and signs in random order while the level's techniques still solve it (proving uniqueness);
a complete backtracking search re-checks uniqueness at the end.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import cast

from cotforge.domains.csp import Constraint, Csp, compiled_less, render_answer
from cotforge.domains.csp_solve import solve
from cotforge.domains.csp_grade import closure, grade, solved
from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig
from cotforge.generators.logic.sudoku import WORDS

_SIZE = {1: 4, 2: 5, 3: 6, 4: 6, 5: 7}
_NEEDS = {1: "naked", 2: "singles", 3: "singles", 4: "pairs", 5: "pairs"}
_ACCEPT = {1: ("naked",), 2: ("singles",), 3: ("singles",), 4: ("pairs",), 5: ("singles", "pairs")}
"""Grades a level keeps (level 5 is the 7x7 grid; naked pairs where they come up)."""
Sign = tuple[int, int]
"""(smaller cell, larger cell), cells row-major."""


@dataclass(frozen=True, slots=True)
class FutoshikiConfig(TaskConfig):
    """Level sets the grid size (4 to 7) and the hardest technique the puzzle needs."""

    max_attempts: int = 300
    """Latin squares tried before giving up on one of the level's grade (a safety net)."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be a positive integer, got {self.max_attempts!r}")


def futoshiki_csp(n: int, givens: dict[int, int], signs: list[Sign]) -> Csp:
    names = tuple(f"r{r + 1}c{c + 1}" for r in range(n) for c in range(n))
    doms = tuple(1 << givens[v] if v in givens else (1 << n) - 1 for v in range(n * n))
    cons = [Constraint("alldiff", tuple(r * n + c for c in range(n)), label=f"row {r + 1}") for r in range(n)]
    cons += [Constraint("alldiff", tuple(r * n + c for r in range(n)), label=f"column {c + 1}") for c in range(n)]
    cons += [Constraint("rel", (a, b), op="lt", label=f"{names[a]} < {names[b]}") for a, b in signs]
    return Csp(names, tuple(str(d + 1) for d in range(n)), doms, tuple(cons), {"kind": "grid", "size": n})


def latin_square(rng: random.Random, n: int) -> list[int]:
    """A uniformly shuffled random Latin square, filled cell by cell with random value order."""
    grid = [-1] * (n * n)

    def fill(i: int) -> bool:
        if i == n * n:
            return True
        r, c = divmod(i, n)
        used = {grid[r * n + k] for k in range(c)} | {grid[k * n + c] for k in range(r)}
        for x in rng.sample(range(n), n):
            if x not in used:
                grid[i] = x
                if fill(i + 1):
                    return True
        grid[i] = -1
        return False

    fill(0)
    return grid


class FutoshikiGenerator(Generator[FutoshikiConfig]):
    name = "futoshiki"
    version = 2
    """Version 2: the chain of thought shows the candidates behind a single and why a clue rules a value out
    ("since the water drinker lives in house 3, the coffee drinker cannot live in house 1")."""
    domain = "logic"
    space = "csp"
    verifier = "futoshiki"
    config_cls = FutoshikiConfig

    def build(self, rng: random.Random) -> Draft:
        config = self.config
        n, need = _SIZE[config.level], _NEEDS[config.level]
        for attempt in range(1, config.max_attempts + 1):
            sol = latin_square(rng, n)
            givens, signs = _reduce(rng, n, sol, need)
            csp = futoshiki_csp(n, givens, signs)
            if grade(csp) in _ACCEPT[config.level] and len(solve(csp, limit=2)) == 1:
                return _draft(csp, n, givens, signs, sol, config.level, attempt)
        raise RuntimeError(f"no futoshiki of grade {need!r} in {config.max_attempts} attempts")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        data = problem.data()
        csp = Csp.from_payload(data)
        values = list(data["solution"])
        n = csp.layout["size"]
        r = rng.randrange(n)
        a, b = rng.sample(range(n), 2)
        values[r * n + a], values[r * n + b] = values[r * n + b], values[r * n + a]
        return render_answer(csp, values)


def _reduce(rng: random.Random, n: int, sol: list[int], need: str) -> tuple[dict[int, int], list[Sign]]:
    """Drop digits and signs in random order while the level's techniques still solve the puzzle."""
    signs = [(a, b) if sol[a] < sol[b] else (b, a) for a, b in _neighbours(n)]
    givens = dict(enumerate(sol))
    items: list[tuple[str, object]] = [("g", v) for v in givens] + [("s", s) for s in signs]
    rng.shuffle(items)
    technique = need
    kept_signs = list(signs)
    full = (1 << n) - 1
    # one puzzle with every sign and every cell open, each check naming the constraints it keeps (the rows, the
    # columns, the signs kept): the givens are only its starting candidates, which the closure takes apart (a digit
    # given or not, every row and column still holds every digit, so the compiled constraints are the same)
    grid = futoshiki_csp(n, {}, signs)
    index = {sign: 2 * n + i for i, sign in enumerate(signs)}
    cons = [*range(2 * n), *index.values()]
    # the digits each row and column gives (a Latin square's: each once), kept as the dig goes, so a closure starts
    # from the candidates the givens leave, their digits struck from their rows and columns (``done``), as it would
    # strike them first
    rows, cols = [full] * n, [full] * n
    done = (1 << (n * n)) - 1

    def ok(tech: str) -> bool:
        doms = [1 << givens[v] if v in givens else full & ~(rows[v // n] | cols[v % n]) for v in range(n * n)]
        return solved(closure(grid, doms, tech, cons, done))

    for kind, item in items:
        if kind == "g":
            v = cast(int, item)
            keep = givens.pop(v)
            rows[v // n] ^= 1 << keep
            cols[v % n] ^= 1 << keep
            done ^= 1 << v
            if not ok(technique):
                givens[v] = keep
                rows[v // n] ^= 1 << keep
                cols[v % n] ^= 1 << keep
                done ^= 1 << v
        else:
            sign = cast(Sign, item)
            kept_signs.remove(sign)
            before, cons = cons, compiled_less(grid, cons, index[sign])
            if not ok(technique):
                kept_signs.append(sign)
                cons = before
    return givens, sorted(kept_signs)


def _neighbours(n: int) -> list[Sign]:
    return [(r * n + c, r * n + c + 1) for r in range(n) for c in range(n - 1)] + [
        (r * n + c, (r + 1) * n + c) for r in range(n - 1) for c in range(n)
    ]


def _draft(csp: Csp, n: int, givens: dict[int, int], signs: list[Sign], sol: list[int], level: int,
           attempts: int) -> Draft:  # fmt: skip
    lines = []
    for r in range(n):
        row = ""
        for c in range(n):
            v = r * n + c
            row += str(givens[v] + 1) if v in givens else "."
            if c < n - 1:
                row += " < " if (v, v + 1) in signs else " > " if (v + 1, v) in signs else "   "
        lines.append(row.rstrip())
        if r < n - 1:
            marks = ["^" if (v, v + n) in signs else "v" if (v + n, v) in signs else " " for v in range(r * n, r * n + n)]
            lines.append("   ".join(marks).rstrip())
    said = ", ".join(f"{csp.var_names[a]} < {csp.var_names[b]}" for a, b in signs)
    question = (
        f"Solve this {n}x{n} futoshiki: fill each empty cell (.) with a digit from 1 to {n} so that every row "
        f"and every column contains each digit exactly once, and every inequality holds. In the grid, < and > "
        f"compare horizontal neighbours; ^ means the cell above is smaller than the cell below, v that it is "
        f"larger. r2c3 is row 2, column 3.\n\n" + "\n".join(lines)
        + f"\n\nThe inequalities are: {said or 'none'}.\n\nGive the completed grid, one row per line."
    )
    payload = {**csp.payload(), "words": WORDS, "solution": sol}
    meta = {"level": level, "size": n, "givens": len(givens), "signs": len(signs), "needs": _NEEDS[level],
            "attempts": attempts}  # fmt: skip
    return Draft(question=question, answer=render_answer(csp, sol), payload=payload, metadata=meta)


TASKS.register("futoshiki", FutoshikiGenerator)
