"""Knights and knaves: who tells the truth, given what everyone says about everyone.

Each inhabitant makes one statement about others or themselves, built from claims
("Ned is a knave") with not/and/or/if-and-only-if. A puzzle is kept only when
brute force over all 2^n assignments finds exactly one consistent one; that
assignment is the gold answer (the step space reaches it by deduction instead).

Levels: 1 → 3 people, simple claims or one connective; 2 → 4 people, adds "not" and
"exactly one of"; 3 → 5 people, adds "if and only if" and nested statements; 4 → 6 and
5 → 7 people, with ever more (and more deeply) compound statements. The answer is drawn first,
uniformly over all 2^n assignments, and each statement is drawn until it fits its speaker, so no
answer (everyone a knight, say) is likelier than another: a guess earns 2^-n.

The wording leaves nothing to taste (see ``cotforge.domains.logic``): a nested "or" says
"(or both)", an exclusive one "(but not both)" or "exactly one of"; a whole statement's own bare
"or" is read inclusively, and a puzzle is kept only when reading every such "or" exclusively
instead gives the same one answer. The island's words and the question's template vary.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from dataclasses import dataclass

from cotforge.core.errors import ConfigError
from cotforge.domains.logic import (BINARY, VOCABULARIES, Claim, Not, Or, Puzzle, Statement, Xor, assignment_at, depth,
                                    evaluate, mentions, role, said_truly, solutions_table, to_english)
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
    1: _Shape(3, 1, 0.4, ("and", "or")),
    2: _Shape(4, 1, 0.6, ("and", "or", "not", "xor")),
    3: _Shape(5, 2, 0.75, ("and", "or", "not", "iff", "xor")),
    4: _Shape(6, 2, 0.85, ("and", "or", "not", "iff", "xor")),
    5: _Shape(7, 2, 1.0, ("and", "or", "not", "iff", "xor")),
}
SELF_CLAIM = 0.2
"""Chance that a claim is about the speaker."""


@dataclass(frozen=True, slots=True)
class KnightsKnavesConfig(TaskConfig):
    """Level sets the number of inhabitants (level + 2) and how compound statements are."""

    people: int | None = None
    """Inhabitants, 2 to 8; None takes the level's own number (level + 2)."""
    vocabulary: str = "mixed"
    """The island's words: "knight" (knight/knave), "hero" (hero/villain), "saint" (saint/sinner),
    "truth-teller" (truth-teller/liar), or "mixed" (one of them per item); recorded in the payload
    as ``roles``."""
    max_attempts: int = 100_000
    """Random puzzles tried before giving up on a unique one (a safety net, rarely near)."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if self.people is not None and (not isinstance(self.people, int) or not 2 <= self.people <= 8):
            raise ConfigError(f"people must be an integer from 2 to 8 or None, got {self.people!r}")
        if self.vocabulary != "mixed" and self.vocabulary not in VOCABULARIES:
            raise ConfigError(f"vocabulary must be one of {[*VOCABULARIES, 'mixed']}, got {self.vocabulary!r}")
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be a positive integer, got {self.max_attempts!r}")


class KnightsKnavesGenerator(Generator[KnightsKnavesConfig]):
    name = "knights_knaves"
    version = 2
    """Version 2: no "either ... or" left to the reader's taste ("(or both)", "(but not both)",
    "exactly one of"), puzzles unchanged under an exclusive reading of a bare "or", vocabularies
    and question templates (the island's words drawn per item); one more person per level and the answer drawn uniformly first (a
    constant "everyone is a knight" earned 20%, 45% at level 1)."""
    domain = "logic"
    space = "knights_knaves"
    verifier = "knights_knaves"
    config_cls = KnightsKnavesConfig

    def build(self, rng: random.Random) -> Draft:
        config = self.config
        shape = _SHAPES[config.level]
        n = config.people or shape.people
        names = tuple(rng.sample(NAMES, n))
        vocabulary = rng.choice(sorted(VOCABULARIES)) if config.vocabulary == "mixed" else config.vocabulary
        roles = VOCABULARIES[vocabulary]
        for attempt in range(1, config.max_attempts + 1):
            target = tuple(rng.random() < 0.5 for _ in range(n))
            statements = tuple((i, _fitting(rng, shape, i, n, target)) for i in range(n))
            solutions = solutions_table(statements, n)
            if solutions and not solutions & (solutions - 1) and _same_under_exclusive_or(statements, n, solutions):
                solution = assignment_at(solutions.bit_length() - 1, n)
                return _draft(Puzzle(names, statements, roles), solution, attempt, config.level, rng)
        raise RuntimeError(f"no unique knights_knaves puzzle in {config.max_attempts} attempts")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        data = problem.data()
        solution = [kind == "knight" for kind in data["solution"]]
        flip = rng.randrange(len(solution))
        solution[flip] = not solution[flip]
        return Puzzle.from_payload(data).answer(solution)


INTROS = (
    "On an island, {T} always tell the truth and {L} always lie. You meet {n} inhabitants: {names}.",
    "Everyone on this island is a {t}, who always tells the truth, or a {l}, who always lies. You meet {n} of them: {names}.",
    "In a village live {T}, who never lie, and {L}, who never tell the truth. You talk to {n} villagers: {names}.",
)
"""How a question opens ({T}/{L}: the plural words, {t}/{l}: the singular ones)."""
SAYS = ("says", "tells you", "claims", "declares")
ASKS = (
    "Who is a {t} and who is a {l}?",
    "Which of them are {T} and which are {L}?",
    "For each of them, say whether they are a {t} or a {l}.",
)


def _same_under_exclusive_or(statements: tuple[tuple[int, Statement], ...], people: int, solution: int) -> bool:
    """True when reading any statement's own bare "or" as "but not both" still leaves ``solution`` (a
    ``solutions_table`` bitmask of one assignment) as the one answer (a nested "or" is worded either way, so only the
    top ones can be misread)."""
    tops = [n for n, (_, s) in enumerate(statements) if isinstance(s, Or)]
    for choice in itertools.product((False, True), repeat=len(tops)):
        if not any(choice):
            continue
        other = list(statements)
        for n, exclusive in zip(tops, choice):
            speaker, s = other[n]
            if exclusive and isinstance(s, Or):
                other[n] = (speaker, Xor(s.left, s.right))
        if solutions_table(other, people) != solution:
            return False
    return True


def _draft(puzzle: Puzzle, solution: tuple[bool, ...], attempts: int, level: int, rng: random.Random) -> Draft:
    names, roles = puzzle.names, puzzle.roles
    words = {"t": roles.truthful, "l": roles.liar, "T": roles.truthful_plural, "L": roles.liar_plural}
    intro, says, ask = rng.randrange(len(INTROS)), rng.choice(SAYS), rng.randrange(len(ASKS))
    lines = [INTROS[intro].format(n=len(names), names=f"{', '.join(names[:-1])} and {names[-1]}", **words)]
    lines += [f'{names[i]} {says}: "{to_english(s, names, i, roles)}."' for i, s in puzzle.statements]
    lines.append(ASKS[ask].format(**words))
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
            "template": {"intro": intro, "says": says, "ask": ask},
            "vocabulary": roles.truthful,
        },
    )


def _ops(s: Statement) -> list[str]:
    if isinstance(s, Claim):
        return []
    if isinstance(s, Not):
        return ["not", *_ops(s.arg)]
    return [type(s).__name__.lower(), *_ops(s.left), *_ops(s.right)]


def _statement(rng: random.Random, shape: _Shape, speaker: int, n: int) -> Statement:
    """A statement that actually says something: one its speaker says truly under some assignments, not all."""
    every = (1 << (1 << n)) - 1
    while True:
        s = _node(rng, shape, speaker, n, shape.max_depth, top=True)
        if said_truly(speaker, s, n) not in (0, every):
            return s


def _fitting(rng: random.Random, shape: _Shape, speaker: int, n: int, target: tuple[bool, ...]) -> Statement:
    """A statement that is true of ``target`` exactly when its speaker is a knight there."""
    while True:
        s = _statement(rng, shape, speaker, n)
        if evaluate(s, target) == target[speaker]:
            return s


def _node(rng: random.Random, shape: _Shape, speaker: int, n: int, room: int, top: bool) -> Statement:
    compound = shape.compound if top else shape.compound / 2
    if room == 0 or rng.random() >= compound:
        return _claim(rng, shape, speaker, n)
    op = rng.choice([o for o in shape.ops if top or o != "iff"])  # iff only at the top
    if op == "xor":  # "exactly one of": two plain claims about two people
        a, b = rng.sample(range(n), 2)
        knight = rng.random() < 0.5
        return Xor(Claim(a, knight), Claim(b, knight if rng.random() < 0.7 else not knight))
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
