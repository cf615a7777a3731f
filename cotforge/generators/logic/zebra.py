"""Zebra (Einstein) puzzles: houses in a row, one value of each attribute per house, found from clues.

Levels change the grid and the clues: 1 → 3 houses x 3 attributes, mostly direct clues ("lives in
house 2", "is the tea drinker"); 2 → 4x3; 3 → 4x4, adds "next to" and "not"; 4 → 5x5 and 5 → 6x6,
mostly relative clues ("directly left of", "somewhere left of", "next to"), and a case split is
allowed. Clues true of a random solution are added until a complete search finds one solution, then
every clue that is not needed is dropped; the puzzle is kept only if the step space's own rules
(with at most one guess) solve it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cotforge.domains.csp import Constraint, Csp, mask, render_answer
from cotforge.generators.logic._clue_draws import UniqueSolution, minimal_clues, with_clues
from cotforge.domains.csp_grade import grade
from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

ATTRIBUTES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("nationality", "the {}", ("Brit", "Swede", "Dane", "Norwegian", "German", "Japanese")),
    ("colour", "the person in the {} house", ("red", "green", "blue", "yellow", "white", "purple")),
    ("pet", "the {} owner", ("dog", "cat", "bird", "fish", "horse", "rabbit")),
    ("drink", "the {} drinker", ("tea", "coffee", "milk", "water", "juice", "cocoa")),
    ("hobby", "the person who enjoys {}", ("painting", "reading", "gardening", "cooking", "hiking", "chess")),
    ("job", "the {}", ("teacher", "doctor", "baker", "pilot", "lawyer", "chef")),
)
"""Attribute, how a value names its person, values (distinct words across attributes)."""

_SHAPES = {1: (3, 3), 2: (4, 3), 3: (4, 4), 4: (5, 5), 5: (6, 6)}
_CLUES = {  # clue kind -> weight, per level
    1: {"at": 4, "same": 4, "next": 1},
    2: {"at": 3, "same": 4, "next": 2, "left": 1},
    3: {"at": 2, "same": 3, "next": 2, "left": 2, "not_at": 1, "differ": 1},
    4: {"at": 1, "same": 3, "next": 3, "left": 3, "before": 2, "not_at": 1, "differ": 1, "ends": 1},
    5: {"at": 1, "same": 3, "next": 3, "left": 3, "before": 2, "not_at": 1, "differ": 1, "ends": 1},
}
MAX_DRAWS = 1000
"""Random clue draws (many do not fit the solution) before a solution is abandoned."""
_GUESS_OK = {1: False, 2: False, 3: False, 4: True, 5: True}
WORDS = {
    "noun": "person",
    "is": "{var} lives in {val}",
    "one_of": "{var} lives in {vals}",
    "not": "{var} cannot live in {vals}",
    "hidden": "every house has one {group}, and in {val} only {var} is still possible",
    "strike": "no other {groups} can be in {val}",
    "no_place": "no {group} can be in {val} any more",
}


@dataclass(frozen=True, slots=True)
class ZebraConfig(TaskConfig):
    """Level sets houses x attributes (3x3 to 6x6) and the mix of clue kinds."""

    max_attempts: int = 200
    """Random solutions tried before giving up (a safety net)."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be a positive integer, got {self.max_attempts!r}")


class ZebraGenerator(Generator[ZebraConfig]):
    name = "zebra"
    version = 2
    """Version 2: the chain of thought shows the candidates behind a single and why a clue rules a value out
    ("since the water drinker lives in house 3, the coffee drinker cannot live in house 1")."""
    domain = "logic"
    space = "csp"
    verifier = "zebra"
    config_cls = ZebraConfig

    def build(self, rng: random.Random) -> Draft:
        config = self.config
        n, m = _SHAPES[config.level]
        for attempt in range(1, config.max_attempts + 1):
            attrs = [ATTRIBUTES[0], *rng.sample(ATTRIBUTES[1:], m - 1)]
            attrs = [(a, form, tuple(rng.sample(vals, n))) for a, form, vals in attrs]
            sol = [rng.sample(range(n), n) for _ in attrs]  # sol[a][i]: house of value i of attribute a
            base = _base(attrs, n)
            clues = _clues(rng, base, attrs, sol, n, config.level)
            if clues is None:
                continue
            csp = with_clues(base, clues)
            got = grade(csp)
            if got is not None and (got != "guess" or _GUESS_OK[config.level]):
                values = [h for row in sol for h in row]
                return _draft(csp, attrs, values, n, config.level, attempt, got)
        raise RuntimeError(f"no zebra puzzle in {config.max_attempts} attempts")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        data = problem.data()
        csp = Csp.from_payload(data)
        values = list(data["solution"])
        attr = rng.choice(csp.layout["attributes"])
        a, b = rng.sample(attr["vars"], 2)
        values[a], values[b] = values[b], values[a]
        return render_answer(csp, values)


def _base(attrs: list[tuple[str, str, tuple[str, ...]]], n: int) -> Csp:
    names = tuple(form.format(v) for _, form, vals in attrs for v in vals)
    groups = tuple(
        Constraint("alldiff", tuple(range(a * n, a * n + n)), label=f"{name}")
        for a, (name, _, _) in enumerate(attrs)
    )
    layout = {"kind": "houses", "attributes": [
        {"name": name, "vars": list(range(a * n, a * n + n)), "values": list(vals)} for a, (name, _, vals) in enumerate(attrs)
    ]}  # fmt: skip
    houses = tuple(f"house {h + 1}" for h in range(n))
    return Csp(names, houses, ((1 << n) - 1,) * (len(attrs) * n), groups, layout)


def _clues(rng: random.Random, base: Csp, attrs: list, sol: list[list[int]], n: int, level: int) -> list[Constraint] | None:
    """True clues added until the solution is unique, then the unneeded ones dropped (random order)."""
    house = [h for row in sol for h in row]
    kinds = list(_CLUES[level])
    weights = [_CLUES[level][k] for k in kinds]

    def draw(clues: list[Constraint]) -> Constraint | None:
        clue = _clue(rng, rng.choices(kinds, weights)[0], base, house, n)
        return None if clue is None or any(c.vars == clue.vars and c.op == clue.op for c in clues) else clue

    unique = UniqueSolution(base)
    return minimal_clues(rng, draw, unique, MAX_DRAWS, unique.without)


def _clue(rng: random.Random, kind: str, base: Csp, house: list[int], n: int) -> Constraint | None:
    """One clue of ``kind`` that is true of the solution, or None if the draw does not fit."""
    nv = len(house)
    a, b = rng.sample(range(nv), 2)
    if a // n == b // n and kind in ("same", "differ"):
        return None  # two values of one attribute: trivially different
    A, B = base.var_names[a], base.var_names[b]
    A_ = A[:1].upper() + A[1:]
    ha, hb = house[a], house[b]
    if kind == "at":
        return Constraint("in", (a,), allowed=1 << ha, text=f"{A_} lives in house {ha + 1}")
    if kind == "not_at":
        h = rng.choice([h for h in range(n) if h != ha])
        return Constraint("in", (a,), allowed=mask(x for x in range(n) if x != h), text=f"{A_} does not live in house {h + 1}")
    if kind == "ends":
        if ha not in (0, n - 1):
            return None
        return Constraint("in", (a,), allowed=mask({0, n - 1}), text=f"{A_} lives in one of the two end houses")
    if kind == "same":
        b = next(v for v in rng.sample(range(nv), nv) if house[v] == ha and v // n != a // n)
        return Constraint("rel", (a, b), op="eq", text=f"{A_} is {base.var_names[b]}")
    if kind == "differ":
        return Constraint("rel", (a, b), op="ne", text=f"{A_} is not {B}") if ha != hb else None
    if kind == "next":
        return Constraint("rel", (a, b), op="next", text=f"{A_} lives next to {B}") if abs(ha - hb) == 1 else None
    if kind == "left":
        if hb != ha + 1:
            return None
        return Constraint("rel", (a, b), op="off", arg=1, text=f"{A_} lives directly left of {B}")
    if kind == "before":
        return Constraint("rel", (a, b), op="lt", text=f"{A_} lives somewhere to the left of {B}") if ha < hb else None
    raise ValueError(f"unknown clue kind {kind!r}")


def _draft(csp: Csp, attrs: list, values: list[int], n: int, level: int, attempts: int, needs: str) -> Draft:
    kinds = "; ".join(f"{name}: {', '.join(sorted(vals))}" for name, _, vals in attrs)
    clues = [c for c in csp.constraints if c.kind != "alldiff"]
    lines = [
        f"There are {n} houses in a row, numbered 1 to {n} from left to right. In each lives one person, and "
        f"no two people share any attribute. The attributes are {kinds}.",
        "",
        *[f"{i + 1}. {c.text}." for i, c in enumerate(clues)],
        "",
        "Who lives where? For each house give its " + ", ".join(name for name, _, _ in attrs)
        + ', one house per line, like "House 1: ' + ", ".join(vals[0] for _, _, vals in attrs) + '".',
    ]
    payload = {**csp.payload(), "words": WORDS, "solution": values}
    meta = {"level": level, "houses": n, "attributes": len(attrs), "clues": len(clues), "needs": needs,
            "attempts": attempts}  # fmt: skip
    return Draft(question="\n".join(lines), answer=render_answer(csp, values), payload=payload, metadata=meta)


TASKS.register("zebra", ZebraGenerator)
