"""Countdown and the 24 game: reach a target from given numbers with + - × ÷ (any correct expression).

Levels: 1 → three numbers, all needed; 2 → four numbers, all needed; 3 → the 24 game (four numbers
1-13, each used exactly once, fractions allowed on the way); 4 → five numbers (one of 25/50/75/100),
target 100-500 that needs all five; 5 → five numbers with two large ones, target 101-999, all
needed. Targets come from a table of every value each subset of the numbers can make (integer
arithmetic), keeping those no smaller subset reaches, so every solution takes every number, and
never the plain sum of all the numbers (the guess that needs no thought: it met 25% of level 1).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from cotforge.domains.countdown import SHOW, Rules, combine
from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig


@dataclass(frozen=True, slots=True)
class _Shape:
    small: int
    big: int
    targets: tuple[int, int]
    rules: Rules


_SHAPES = {
    1: _Shape(3, 0, (10, 60), Rules()),
    2: _Shape(4, 0, (20, 150), Rules()),
    3: _Shape(4, 0, (24, 24), Rules(use_all=True, whole=False)),
    4: _Shape(4, 1, (100, 500), Rules()),
    5: _Shape(3, 2, (101, 999), Rules()),
}
CAP = 5000
"""Largest intermediate value the target table follows (keeps it small; solutions stay valid)."""


@dataclass(frozen=True, slots=True)
class CountdownConfig(TaskConfig):
    """Level sets how many numbers, whether large ones join, the target range and the rules."""

    max_attempts: int = 500
    """Number draws tried before giving up (a safety net)."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if not isinstance(self.max_attempts, int) or self.max_attempts < 1:
            raise ConfigError(f"max_attempts must be a positive integer, got {self.max_attempts!r}")


class CountdownGenerator(Generator[CountdownConfig]):
    name = "countdown"
    version = 2
    """Version 2: the target is never the sum of all the numbers; three question templates."""
    domain = "logic"
    space = "countdown"
    verifier = "countdown"
    config_cls = CountdownConfig

    def build(self, rng: random.Random) -> Draft:
        config = self.config
        shape = _SHAPES[config.level]
        top = 13 if config.level == 3 else 10
        for attempt in range(1, config.max_attempts + 1):
            nums = sorted([rng.randint(1, top) for _ in range(shape.small)] + rng.sample([25, 50, 75, 100], shape.big))
            table = _table(nums, shape.rules)
            full = (1 << len(nums)) - 1
            fewer: set[Fraction | int] = set().union(*(table[m] for m in range(1, full)))
            lo, hi = shape.targets
            obvious = {Fraction(sum(nums))}  # the first guess of anyone who does not work it out
            options = sorted(v for v in table[full] if lo <= v <= hi and v.denominator == 1 and v not in fewer | obvious)
            if options:
                target = rng.choice(options)
                expr = table[full][target]
                return _draft(nums, int(target), expr[1:-1] if expr.startswith("(") else expr, shape.rules,
                              config.level, attempt, rng.randrange(len(TEMPLATES)))
        raise RuntimeError(f"no countdown puzzle in {config.max_attempts} attempts")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        """The gold expression with its last number changed, so it misses the target."""
        gold = problem.answer
        cut = max(i for i, ch in enumerate(gold) if ch.isdigit())
        start = cut
        while start > 0 and gold[start - 1].isdigit():
            start -= 1
        return f"{gold[:start]}{int(gold[start:cut + 1]) + 1}{gold[cut + 1:]}"


def _table(nums: list[int], rules: Rules) -> list[dict[Fraction | int, str]]:
    """For every subset (bitmask) of the numbers: each value it makes using all its members, with an expression.

    The table is worked out on ints wherever a value is whole (``combine`` keeps two ints' whole results ints; under
    whole-number rules every value is one) and on Fractions elsewhere. An int equals and hashes as the Fraction of
    the same value, so the table holds the same values, in the same order, as one worked out on Fractions; its
    expressions are bracketed whole."""
    n = len(nums)
    table: list[dict[Fraction | int, str]] = [{} for _ in range(1 << n)]
    for i, x in enumerate(nums):
        table[1 << i][x] = str(x)
    for mask in sorted(range(1, 1 << n), key=lambda m: bin(m).count("1")):
        if mask & (mask - 1) == 0:
            continue
        out = table[mask]
        a = (mask - 1) & mask
        while a:
            b = mask ^ a
            if a < b:
                for va, ea in table[a].items():
                    for vb, eb in table[b].items():
                        for flipped, (p, q, ep, eq) in enumerate(((va, vb, ea, eb), (vb, va, eb, ea))):
                            for op in "+-*/":
                                if op in "+*" and flipped:
                                    continue
                                v = combine(p, q, op, rules)
                                if v is not None and v not in out and -CAP <= v <= CAP:
                                    out[v] = f"({ep} {SHOW[op]} {eq})"
            a = (a - 1) & mask
    return table


TEMPLATES = (
    "Using the numbers {listed}, make {target}. {use}, with +, -, × and ÷ and brackets; {steps}. "
    "Give one expression that equals the target.",
    "Target: {target}. Numbers: {listed}. {use}, combining them with +, -, × and ÷ (brackets allowed); {steps}. "
    "Write an expression that hits the target.",
    "Can you reach {target} from the numbers {listed}? {use}, with +, -, × and ÷ and brackets; {steps}. "
    "Answer with one expression equal to {target}.",
)


def _draft(nums: list[int], target: int, expr: str, rules: Rules, level: int, attempts: int, template: int = 0) -> Draft:
    listed = ", ".join(map(str, nums))
    use = "Use every number exactly once" if rules.use_all else "Use each number at most once"
    steps = "fractions are allowed along the way" if not rules.whole else "every intermediate result must be a positive whole number"
    question = TEMPLATES[template].format(listed=listed, target=target, use=use, steps=steps)
    payload = {"numbers": nums, "target": target, "use_all": rules.use_all, "whole": rules.whole}
    meta = {"level": level, "numbers": len(nums), "attempts": attempts, "template": template}
    return Draft(question=question, answer=expr, payload=payload, metadata=meta)


TASKS.register("countdown", CountdownGenerator)
