"""Counting and probability with exact fractions: outfits, officers, handshakes, committees,
codes, people in a line, coins, dice, spinners, one draw, two draws with and without
replacement, exactly j of a handful, "at least one" by the complement, independent chances.

Sixteen templates (:mod:`._prob_templates`). The steps are a computation graph (products,
``C(n, k)``, ``P(n, k)``, totals, chances as fractions, complements as ``1 - p``); the gold
answer is the template's closed formula over the printed numbers, and it must equal a brute
force count of every outcome (the enumeration is the generator's own check, the formula is
re-evaluated with sympy by ``cotforge recheck``). A probability is never above 1, in a
solution or in a wrong move.

Levels by steps: 1 → 2, 2 → 3, 3 → 4, 4 → 5–6, 5 → 7–10. Capacity per seed (bench/README.md):
tens to hundreds of thousands of questions per level.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig
from cotforge.domains.quantities import answer_text
from cotforge.generators.math._prob_templates import TEMPLATES
from cotforge.generators.math._story import TemplateSet

STEPS = {1: (2, 2), 2: (3, 3), 3: (4, 4), 4: (5, 6), 5: (7, 10)}
FEASIBLE = {
    1: ("outfits", "officers", "handshakes"),
    2: ("outfits", "committee", "codes", "line_together", "coin_flips", "dice_above", "spinner", "with_replacement"),
    3: ("outfits", "one_draw", "with_replacement", "at_least_one"),
    4: ("one_draw", "two_same", "two_different", "rain"),
    5: ("two_same", "two_different", "exactly"),
}  # fmt: skip
"""The templates that reach each level's steps (``TemplateSet.probe``; a test keeps this table true)."""
CHANCES = TemplateSet("probability", TEMPLATES, STEPS, feasible=FEASIBLE)


@dataclass(frozen=True, slots=True)
class ProbabilityConfig(TaskConfig):
    """The level sets the number of steps (see the module docstring)."""


class ProbabilityGenerator(Generator):
    name = "probability"
    version = 2
    domain = "math"
    space = "quantities"
    verifier = "math"
    config_cls = ProbabilityConfig

    def build(self, rng: random.Random) -> Draft:
        return Draft(**CHANCES.draft_fields(rng, self.config.level, self.seed))

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        gold = Fraction(problem.data()["answer_sympy"])
        return answer_text(gold + 1 if gold.denominator == 1 else gold * rng.choice([Fraction(2), Fraction(1, 2)]))


TASKS.register("probability", ProbabilityGenerator)
