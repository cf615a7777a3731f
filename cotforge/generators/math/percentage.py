"""Percentages and ratios in everyday settings: a percent of an amount, what percent, markups,
rises and falls, the percent change, reverse percentages, simple and compound interest, growth,
"p% more than", groups split by percent, successive discounts, discount then tax, ratio shares.

Fifteen templates (:mod:`._percent_templates`), several phrasings each, plus the money
follow-ups of the word problems (a tax, a coupon, sharing the cost, change from a bill); every
rate is turned into a decimal in its own step. The gold answer is the template's closed
formula over the printed numbers, evaluated exactly and compared at build time with the graph
the steps follow; ``cotforge recheck`` evaluates the same formula with sympy over the numbers
read back from the question. Answers are natural: whole counts and percents, dollars and cents.

Capacity per seed (bench/README.md): ~125,000 questions at levels 1-2, 500,000 to 2 million above.

Levels by steps: 1 → 2 (a percent of, what percent), 2 → 3 (markup, rise or fall, percent
change, reverse, profit percent), 3 → 4, 4 → 5–6, 5 → 7–10 (compound interest, two discounts or
discount and tax with follow-ups).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig
from cotforge.domains.quantities import answer_text
from cotforge.generators.math._follow_ups import EXTENSIONS
from cotforge.generators.math._percent_templates import TEMPLATES
from cotforge.generators.math._story import TemplateSet

STEPS = {1: (2, 2), 2: (3, 3), 3: (4, 4), 4: (5, 6), 5: (7, 10)}
FOLLOW_UPS = {k: EXTENSIONS[k] for k in ("tax", "coupon", "split", "change", "repeat")}
FEASIBLE = {
    1: ("percent_of", "amount_of", "what_percent"),
    2: ("markup", "change", "percent_change", "reverse", "profit_percent", "ratio_share"),
    3: ("markup", "change", "simple_interest", "more_than", "ratio_share"),
    4: ("markup", "change", "simple_interest", "compound", "group_split", "two_discounts", "discount_tax", "ratio_share", "population"),
    5: ("markup", "change", "compound", "two_discounts", "discount_tax", "population"),
}  # fmt: skip
"""The templates that reach each level's steps (``TemplateSet.probe``; a test keeps this table true)."""
PERCENTS = TemplateSet("percentage", TEMPLATES, STEPS, follow_ups=FOLLOW_UPS, max_follow_ups=2, feasible=FEASIBLE)


@dataclass(frozen=True, slots=True)
class PercentageConfig(TaskConfig):
    """The level sets the number of steps (see the module docstring)."""


class PercentageGenerator(Generator):
    name = "percentage"
    version = 2
    domain = "math"
    space = "quantities"
    verifier = "math"
    config_cls = PercentageConfig

    def build(self, rng: random.Random) -> Draft:
        return Draft(**PERCENTS.draft_fields(rng, self.config.level, self.seed))

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        gold = Fraction(problem.data()["answer_sympy"])
        return answer_text(gold + rng.choice([1, -1, 10]), "$" if "." in problem.answer else "")


TASKS.register("percentage", PercentageGenerator)
