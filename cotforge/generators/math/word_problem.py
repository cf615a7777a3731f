"""Word problems in the style of GSM8K: shopping, wages, rates, time, units, ages, averages.

Forty-three story templates (:mod:`._word_money`, :mod:`._word_things`, :mod:`._word_people`), each with
several phrasings of every sentence and question, write the question and its
computation graph together; up to four follow-ups (change from a bill, sharing a cost, the
same every week, packing into boxes, giving some away, saving part, a tax, a coupon, selling) extend a story
by one or two more steps and ask a new question. The gold answer is the template's
closed formula over the printed numbers, evaluated exactly, never read from the graph
the steps follow (the two are compared at build time). An item whose question states
its own answer (any printed number equal to it), or whose amounts are not natural
(a fraction of a person, money past the cent, a negative count), is never generated.

Levels set the number of steps a solution needs: 1 → 2, 2 → 3–4, 3 → 5–6 (and
sometimes an irrelevant fact), 4 → 7–8 with one irrelevant fact, 5 → 9–12 with two.
Capacity per seed (birthday estimate, bench/README.md): ~250,000 questions at level 1, over
2 million at levels 2-5; neighbouring seeds draw from disjoint halves of the item space.
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
from cotforge.generators.math._story import TemplateSet
from cotforge.generators.math._word_money import TEMPLATES as MONEY
from cotforge.generators.math._word_people import TEMPLATES as PEOPLE
from cotforge.generators.math._word_things import TEMPLATES as THINGS

TEMPLATES = {**MONEY, **THINGS, **PEOPLE}
STEPS = {1: (2, 2), 2: (3, 4), 3: (5, 6), 4: (7, 8), 5: (9, 12)}
"""Steps a solution needs at each level (computed quantities)."""
DISTRACTORS = {1: (0, 0), 2: (0, 0), 3: (0, 1), 4: (1, 1), 5: (2, 2)}
FEASIBLE = {
    1: ("shopping", "savings_goal", "pack_price", "speed", "laps", "trip_minutes", "recipe", "tank", "gift", "give_out"),
    2: ("shopping", "discount", "budget", "bake_sale", "tickets", "phone_plan", "pay_raise", "commission", "fuel", "fraction_spent", "pack_price", "laps", "two_legs", "recipe", "rope", "reading", "orchard", "running_week", "trip_buses", "stock", "fence", "tiles", "marathon", "water", "seeds", "give_out", "ages", "typing", "average", "needed_score", "pizza", "chain"),
    3: ("shopping", "overtime", "discount", "restaurant", "budget", "bake_sale", "phone_plan", "coins", "pay_raise", "commission", "fuel", "fraction_spent", "pack_price", "rope", "orchard", "stock", "fence", "tiles", "together", "seeds", "give_out", "average", "needed_score", "sales_days", "ratio_class", "pizza", "chain"),
    4: ("shopping", "overtime", "discount", "bake_sale", "phone_plan", "coins", "pay_raise", "commission", "fuel", "pack_price", "rope", "orchard", "stock", "fence", "tiles", "seeds", "give_out", "average", "needed_score", "sales_days", "pizza", "chain"),
    5: ("shopping", "overtime", "discount", "bake_sale", "phone_plan", "pay_raise", "commission", "fuel", "pack_price", "rope", "orchard", "fence", "tiles", "seeds", "give_out", "average", "needed_score", "sales_days", "pizza", "chain"),
}  # fmt: skip
"""The templates that reach each level's steps (``TemplateSet.probe``; a test keeps this table true)."""
STORIES = TemplateSet("word_problem", TEMPLATES, STEPS, DISTRACTORS, EXTENSIONS, max_follow_ups=4, feasible=FEASIBLE)


@dataclass(frozen=True, slots=True)
class WordProblemConfig(TaskConfig):
    """The level sets the number of steps and of irrelevant facts."""


class WordProblemGenerator(Generator):
    name = "word_problem"
    version = 2
    domain = "math"
    space = "quantities"
    verifier = "math"
    config_cls = WordProblemConfig

    def build(self, rng: random.Random) -> Draft:
        return Draft(**STORIES.draft_fields(rng, self.config.level, self.seed))

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        gold = Fraction(problem.data()["answer_sympy"])
        return answer_text(gold + rng.choice([1, -1, 2, 10]), "$" if "." in problem.answer else "")


TASKS.register("word_problem", WordProblemGenerator)
