"""Arithmetic and geometric sequences and series: the next term, the n-th term, which term has a
value, how many terms a list has, sums, a sequence known by two of its terms, and the same ideas
in words (weekly savings, taxi fares, rows of seats, doubling, bouncing balls, depreciation).

Fourteen templates (:mod:`._sequence_templates`). The steps are a computation graph (the common
difference or ratio, ``n - 1``, then the formula piece by piece); the gold answer is the
template's closed formula over the printed numbers and must equal the answer found by listing
the terms one by one (the generator's own check); ``cotforge recheck`` re-evaluates the formula
with sympy over the numbers read back from the question.

Levels by steps: 1 → 2 (the next term, a bounce height), 2 → 3 (savings, fares, doubling),
3 → 4 (n-th terms, which term, how many terms, depreciation), 4 → 5–6 (geometric sums, rows
of seats), 5 → 7–10 (arithmetic sums, a sequence from two of its terms). Capacity per seed
(bench/README.md): tens of thousands of questions per level, the fewest at level 1.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig
from cotforge.domains.quantities import answer_text
from cotforge.generators.math._sequence_templates import TEMPLATES
from cotforge.generators.math._story import TemplateSet

STEPS = {1: (2, 2), 2: (3, 3), 3: (4, 4), 4: (5, 6), 5: (7, 10)}
FEASIBLE = {
    1: ("next_term", "bounce"),
    2: ("savings", "taxi", "doubling", "growing_savings"),
    3: ("arith_nth", "geo_nth", "which_term", "count_terms", "depreciation", "growing_savings"),
    4: ("geo_sum", "seats", "multiples_sum"),
    5: ("arith_sum", "two_terms"),
}  # fmt: skip
"""The templates that reach each level's steps (``TemplateSet.probe``; a test keeps this table true)."""
SEQUENCES = TemplateSet("sequence", TEMPLATES, STEPS, feasible=FEASIBLE)


@dataclass(frozen=True, slots=True)
class SequenceConfig(TaskConfig):
    """The level sets the number of steps (see the module docstring)."""


class SequenceGenerator(Generator):
    name = "sequence"
    version = 2
    domain = "math"
    space = "quantities"
    verifier = "math"
    config_cls = SequenceConfig

    def build(self, rng: random.Random) -> Draft:
        return Draft(**SEQUENCES.draft_fields(rng, self.config.level, self.seed))

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        gold = Fraction(problem.data()["answer_sympy"])
        return answer_text(gold + rng.choice([1, -1, 2]), "$" if "." in problem.answer else "")


TASKS.register("sequence", SequenceGenerator)
