"""Knights and knaves: who tells the truth, given what everyone says about everyone.

Each inhabitant makes one statement about others or themselves, built from claims
("Ned is a knave") with not/and/or/if-and-only-if. A puzzle is kept only when
brute force over all 2^n assignments finds exactly one consistent one; that
assignment is the gold answer (the step space reaches it by deduction instead).

Levels: 1 → 2 people, simple claims or one connective; 2 → 3 people, adds "not";
3 → 4 people, adds "if and only if" and nested statements; 4 → 5 and 5 → 6
people, with ever more (and more deeply) compound statements.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from dataclasses import dataclass

from cotforge.core.errors import ConfigError
from cotforge.domains.logic import BINARY, Claim, Not, Puzzle, Statement, depth, evaluate, mentions, role, to_english
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

NAMES = (
    "Zoe", "Ned", "Alice", "Ben", "Carla", "David", "Emma", "Felix", "Hannah", "Ivan", "Julia", "Kevin",
    "Laura", "Mason", "Nora", "Oscar", "Paula", "Quinn", "Rosa", "Sam", "Tina", "Umar", "Vera", "Walter",
    "Yusuf", "Liam", "Mia", "Noah", "Olivia", "Ethan", "Sofia", "Lucas", "Chloe", "Leo", "Ava", "Omar",
    "Priya", "Raj", "Elena", "Marco", "Nina", "Tom", "Lily", "Jack", "Ruby", "Adam", "Sara", "Hugo",
    "Ella", "Owen", "Clara", "Kate", "Luke", "Anna", "Peter", "Maya", "Simon", "Diana", "Victor", "Helen",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a level's statements look like."""

    people: int
    max_depth: int
    compound: float
    """Probability that the top of a statement is a connective rather than a bare claim."""
    ops: tuple[str, ...]


_SHAPES = {
    1: _Shape(2, 1, 0.4, ("and", "or")),
    2: _Shape(3, 1, 0.6, ("and", "or", "not")),
    3: _Shape(4, 2, 0.75, ("and", "or", "not", "iff")),
    4: _Shape(5, 2, 0.85, ("and", "or", "not", "iff")),
    5: _Shape(6, 2, 1.0, ("and", "or", "not", "iff")),
}
SELF_CLAIM = 0.2
"""Chance that a claim is about the speaker."""


@dataclass(frozen=True, slots=True)
class KnightsKnavesConfig(TaskConfig):
    """Level sets the number of inhabitants (level + 1) and how compound statements are."""

    people: int | None = None
    """Inhabitants, 2 to 8; None takes the level's own number."""
    max_attempts: int = 100_000
    """Random puzzles tried before giving up on a unique one (a safety net, rarely near)."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if self.people is not None and (not isinstance(self.people, int) or not 2 <= self.people <= 8):
            raise ConfigError(f"people must be an integer from 2 to 8 or None, got {self.people!r}")
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be a positive integer, got {self.max_attempts!r}")


class KnightsKnavesGenerator(Generator[KnightsKnavesConfig]):
    name = "knights_knaves"
    domain = "logic"
    space = "knights_knaves"
    verifier = "knights_knaves"
    config_cls = KnightsKnavesConfig

    def build(self, rng: random.Random) -> Draft:
        config = self.config
        shape = _SHAPES[config.level]
        n = config.people or shape.people
        names = tuple(rng.sample(NAMES, n))
        for attempt in range(1, config.max_attempts + 1):
            statements = tuple((i, _statement(rng, shape, i, n)) for i in range(n))
            puzzle = Puzzle(names, statements)
            solutions = list(itertools.islice(puzzle.completions(), 2))
            if len(solutions) == 1:
                return _draft(puzzle, solutions[0], attempt, config.level)
        raise RuntimeError(f"no unique knights_knaves puzzle in {config.max_attempts} attempts")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        data = problem.data()
        solution = [kind == "knight" for kind in data["solution"]]
        flip = rng.randrange(len(solution))
        solution[flip] = not solution[flip]
        return Puzzle.from_payload(data).answer(solution)


def _draft(puzzle: Puzzle, solution: tuple[bool, ...], attempts: int, level: int) -> Draft:
    names = puzzle.names
    lines = [
        "On an island, knights always tell the truth and knaves always lie. "
        f"You meet {len(names)} inhabitants: {', '.join(names[:-1])} and {names[-1]}."
    ]
    lines += [f'{names[i]} says: "{to_english(s, names, i)}."' for i, s in puzzle.statements]
    lines.append("Who is a knight and who is a knave?")
    ops: Counter[str] = Counter()
    for _, s in puzzle.statements:
        ops.update(_ops(s))
    return Draft(
        question="\n".join(lines),
        answer=puzzle.answer(solution),
        payload={**puzzle.payload(), "solution": [role(v) for v in solution]},
        metadata={
            "level": level,
            "people": len(names),
            "attempts": attempts,
            "max_depth": max(depth(s) for _, s in puzzle.statements),
            "operators": dict(sorted(ops.items())),
        },
    )


def _ops(s: Statement) -> list[str]:
    if isinstance(s, Claim):
        return []
    if isinstance(s, Not):
        return ["not", *_ops(s.arg)]
    return [type(s).__name__.lower(), *_ops(s.left), *_ops(s.right)]


def _statement(rng: random.Random, shape: _Shape, speaker: int, n: int) -> Statement:
    """A statement that actually says something: not true (or false) of every speaker type."""
    while True:
        s = _node(rng, shape, speaker, n, shape.max_depth, top=True)
        outcomes = set()
        for bits in itertools.product((True, False), repeat=n):
            outcomes.add(evaluate(s, bits) == bits[speaker])
            if len(outcomes) == 2:
                return s


def _node(rng: random.Random, shape: _Shape, speaker: int, n: int, room: int, top: bool) -> Statement:
    compound = shape.compound if top else shape.compound / 2
    if room == 0 or rng.random() >= compound:
        return _claim(rng, shape, speaker, n)
    op = rng.choice([o for o in shape.ops if top or o != "iff"])  # iff only at the top
    if op == "not":
        inner = rng.choice(("and", "or")) if room >= 2 and rng.random() < 0.5 else None
        if inner is None:
            return Not(_claim(rng, shape, speaker, n, plain=True))
        return Not(_binary(rng, shape, speaker, n, inner, room - 1))
    return _binary(rng, shape, speaker, n, op, room)


def _binary(rng: random.Random, shape: _Shape, speaker: int, n: int, op: str, room: int) -> Statement:
    tries = 0
    while True:
        left = _node(rng, shape, speaker, n, room - 1, top=False)
        right = _node(rng, shape, speaker, n, room - 1, top=False)
        a, b = mentions(left), mentions(right)
        if not a & b or (tries >= 20 and a != b):  # sides about different people where possible
            return BINARY[op](left, right)
        tries += 1


def _claim(rng: random.Random, shape: _Shape, speaker: int, n: int, plain: bool = False) -> Statement:
    who = speaker if rng.random() < SELF_CLAIM else rng.choice([j for j in range(n) if j != speaker])
    claim = Claim(who, rng.random() < 0.5)
    if not plain and "not" in shape.ops and rng.random() < 0.15:
        return Not(claim)
    return claim


TASKS.register("knights_knaves", KnightsKnavesGenerator)
