"""Seating and ordering: who sits where, in a row or round a table, from clues about neighbours.

Levels: 1 → 3 people in a row, direct clues; 2 → 4 in a row, adds "immediately left of";
3 → 5 in a row, adds "somewhere left of" and "not next to"; 4 → 6 in a row, mostly relative
clues, never solved by plain elimination, a case split allowed; 5 → 8 seats round a table (seat 1
to 8 clockwise), "next to" wraps round and "directly clockwise of" joins in, and a case split is
needed. Clues true of a random seating are added until a
complete search finds one solution, unneeded clues are dropped, and the puzzle is kept only if the
step space's rules (with at most one guess) solve it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cotforge.domains.csp import Constraint, Csp, mask, render_answer
from cotforge.generators.logic._clue_draws import UniqueSolution, minimal_clues, with_clues
from cotforge.domains.csp_grade import TECHNIQUES, grade
from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig
from cotforge.generators.logic.knights_knaves import NAMES

_SHAPES = {1: (3, False), 2: (4, False), 3: (5, False), 4: (6, False), 5: (8, True)}
"""People, and whether they sit round a table."""
_CLUES = {
    1: {"at": 3, "not_at": 2, "next": 2},
    2: {"at": 2, "not_at": 2, "next": 2, "left": 2},
    3: {"at": 1, "not_at": 2, "next": 2, "left": 2, "before": 2, "apart": 1},
    4: {"at": 1, "not_at": 1, "next": 3, "left": 3, "before": 3, "apart": 2, "ends": 1},
    5: {"at": 1, "not_at": 2, "next": 3, "left": 3, "apart": 2},
}
_GUESS_OK = {1: False, 2: False, 3: False, 4: True, 5: True}
_AT_LEAST = {1: "naked", 2: "naked", 3: "naked", 4: "singles", 5: "guess"}
"""The easiest technique a level's puzzle may need (level 4 no longer falls to plain elimination;
level 5 takes a case split)."""
MAX_DRAWS = 600
WORDS = {
    "noun": "person",
    "is": "{var} sits in {val}",
    "one_of": "{var} sits in {vals}",
    "not": "{var} cannot sit in {vals}",
    "hidden": "someone sits in {val}, and only {var} still can",
    "strike": "nobody else can sit in {val}",
    "no_place": "nobody can sit in {val} any more",
}


@dataclass(frozen=True, slots=True)
class SeatingConfig(TaskConfig):
    """Level sets the number of people (3 to 7), row or round table, and the clue mix."""

    max_attempts: int = 2000
    """Random seatings tried before giving up (a safety net)."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be a positive integer, got {self.max_attempts!r}")


class SeatingGenerator(Generator[SeatingConfig]):
    name = "seating"
    version = 3
    """2: "directly clockwise" round a table wraps (seat 1 is directly clockwise of seat n), as the
    question says; version 1 proved uniqueness without the wrap, so about 12% of level-5 puzzles
    had more than one seating as worded (found by the re-check that reads the question text).
    3: level 4 needs more than plain elimination, level 5 has 8 seats and needs a case split (level
    5 was no harder than level 4)."""
    domain = "logic"
    space = "csp"
    verifier = "seating"
    config_cls = SeatingConfig

    def build(self, rng: random.Random) -> Draft:
        config = self.config
        n, table = _SHAPES[config.level]
        for attempt in range(1, config.max_attempts + 1):
            names = tuple(rng.sample(NAMES, n))
            seat = rng.sample(range(n), n)  # seat[person]
            group = Constraint("alldiff", tuple(range(n)), label="the seats")
            places = tuple(f"seat {s + 1}" for s in range(n))
            base = Csp(names, places, ((1 << n) - 1,) * n, (group,), {"kind": "order"})
            clues = _clues(rng, base, seat, n, table, config.level)
            if clues is None:
                continue
            csp = with_clues(base, clues)
            got = grade(csp)
            if got is None:
                continue
            hard_enough = TECHNIQUES.index(got) >= TECHNIQUES.index(_AT_LEAST[config.level])
            if hard_enough and (got != "guess" or _GUESS_OK[config.level]):
                return _draft(csp, seat, table, config.level, attempt, got)
        raise RuntimeError(f"no seating puzzle in {config.max_attempts} attempts")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        data = problem.data()
        values = list(data["solution"])
        a, b = rng.sample(range(len(values)), 2)
        values[a], values[b] = values[b], values[a]
        return render_answer(Csp.from_payload(data), values)


def _clues(rng: random.Random, base: Csp, seat: list[int], n: int, table: bool, level: int) -> list[Constraint] | None:
    """True clues added until the seating is unique, then the unneeded ones dropped (random order)."""
    kinds = list(_CLUES[level])
    weights = [_CLUES[level][k] for k in kinds]

    def draw(clues: list[Constraint]) -> Constraint | None:
        clue = _clue(rng, rng.choices(kinds, weights)[0], base.var_names, seat, n, table)
        if clue is None or any(c.vars == clue.vars and c.op == clue.op and c.allowed == clue.allowed for c in clues):
            return None
        return clue

    unique = UniqueSolution(base)
    return minimal_clues(rng, draw, unique, MAX_DRAWS, unique.without)


def _clue(rng: random.Random, kind: str, names: tuple[str, ...], seat: list[int], n: int, table: bool) -> Constraint | None:
    """One clue of ``kind`` true of the seating, or None if the draw does not fit."""
    a, b = rng.sample(range(n), 2)
    A, B, sa, sb = names[a], names[b], seat[a], seat[b]
    if kind == "at":
        return Constraint("in", (a,), allowed=1 << sa, text=f"{A} sits in seat {sa + 1}")
    if kind == "not_at":
        s = rng.choice([s for s in range(n) if s != sa])
        return Constraint("in", (a,), allowed=mask(x for x in range(n) if x != s), text=f"{A} does not sit in seat {s + 1}")
    if kind == "ends":
        if sa not in (0, n - 1):
            return None
        return Constraint("in", (a,), allowed=mask({0, n - 1}), text=f"{A} sits at one end of the row")
    if kind == "next":
        near = (sa - sb) % n in (1, n - 1) if table else abs(sa - sb) == 1
        op, arg = ("cnext", n) if table else ("next", 0)
        return Constraint("rel", (a, b), op=op, arg=arg, text=f"{A} sits next to {B}") if near else None
    if kind == "apart":
        near = (sa - sb) % n in (1, n - 1) if table else abs(sa - sb) == 1
        if near or table:
            return None  # "not next to" round a table has no relation of its own here
        return Constraint("rel", (a, b), op="nnext", text=f"{A} does not sit next to {B}")
    if kind == "left":
        if table:  # clockwise wraps round: seat 1 is directly clockwise of seat n
            return Constraint("rel", (a, b), op="cw", arg=n, text=f"{B} sits directly clockwise of {A}") if (sb - sa) % n == 1 else None
        return Constraint("rel", (a, b), op="off", arg=1, text=f"{A} sits immediately left of {B}") if sb == sa + 1 else None
    if kind == "before":
        return Constraint("rel", (a, b), op="lt", text=f"{A} sits somewhere to the left of {B}") if sa < sb else None
    raise ValueError(f"unknown clue kind {kind!r}")


def _draft(csp: Csp, seat: list[int], table: bool, level: int, attempts: int, needs: str) -> Draft:
    n = len(seat)
    people = ", ".join(csp.var_names[:-1]) + f" and {csp.var_names[-1]}"
    where = (
        f"sit round a table with {n} seats, numbered 1 to {n} clockwise (seat {n} is next to seat 1)" if table
        else f"sit in a row of {n} seats, numbered 1 to {n} from left to right"
    )  # fmt: skip
    clues = [c for c in csp.constraints if c.kind != "alldiff"]
    lines = [f"{people} {where}, one person per seat.", "", *[f"{i + 1}. {c.text}." for i, c in enumerate(clues)], "",
             'Who sits where? Answer with one line per seat, like "Seat 1: <name>".']  # fmt: skip
    payload = {**csp.payload(), "words": WORDS, "solution": seat}
    meta = {"level": level, "people": n, "table": table, "clues": len(clues), "needs": needs, "attempts": attempts}
    return Draft(question="\n".join(lines), answer=render_answer(csp, seat), payload=payload, metadata=meta)


TASKS.register("seating", SeatingGenerator)
