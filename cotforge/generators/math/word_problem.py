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
Capacity: every level holds millions of distinct questions (names, numbers, phrasings);
``tests/generators/math/test_word_problem.py`` measures the duplicate rate.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig
from cotforge.domains.quantities import answer_text, evaluate, needed
from cotforge.generators.math._story import Hook, Story, StoryError
from cotforge.generators.math._word_money import TEMPLATES as MONEY
from cotforge.generators.math._word_people import TEMPLATES as PEOPLE
from cotforge.generators.math._word_things import TEMPLATES as THINGS

TEMPLATES: dict[str, Callable[[Story], None]] = {**MONEY, **THINGS, **PEOPLE}
STEPS = {1: (2, 2), 2: (3, 4), 3: (5, 6), 4: (7, 8), 5: (9, 12)}
"""Steps a solution needs at each level (computed quantities)."""
DISTRACTORS = {1: (0, 0), 2: (0, 0), 3: (0, 1), 4: (1, 1), 5: (2, 2)}
FRACTIONS = (("a quarter", 4), ("a third", 3), ("half", 2), ("a fifth", 5))


@dataclass(frozen=True, slots=True)
class WordProblemConfig(TaskConfig):
    """The level sets the number of steps and of irrelevant facts."""


def _value(s: Story) -> Fraction:
    return evaluate(s.graph.items)[s.target]


def change(s: Story, hook: Hook) -> None:
    p, cost = hook.who, _value(s)
    bills = [b for b in (10, 20, 50, 100, 200, 500, 1000, 2000) if b > cost]
    if not bills or p is None:
        raise StoryError("no bill pays this")
    s.money("x_bill", s.pick(bills[:2]))
    s.say(f"{p.He} pays with a @x_bill bill.", f"{p.He} hands the cashier @x_bill.")
    got = s.calc("-", "@x_bill", s.target, f"{p.name} gets {{}} in change.", "$")
    s.answer(got, f"x_bill - ({s.formula})", "$", (f"How much change does {p.name} get?", f"How much change should {p.name} receive?"), Hook("have", p))


def split(s: Story, hook: Hook) -> None:
    p = hook.who
    if p is None:
        raise StoryError("nobody to share with")
    s.num("x_friends", s.rng.randint(1, 5))
    word = "cost" if hook.kind == "spend" else "money"
    s.say(f"{p.He} shares the {word} equally with @x_friends friends.", f"{p.name} and @x_friends friends split the {word} evenly.")
    people = s.calc("+", "@x_friends", 1, "{} people share it.")
    each = s.calc("/", s.target, people, "Each person's share is {}.", "$")
    s.answer(each, f"({s.formula}) / (x_friends + 1)", "$", ("How much is each person's share?", f"How much does each of them get{' to pay' if hook.kind == 'spend' else ''}?"))


def repeat(s: Story, hook: Hook) -> None:
    p = hook.who
    if p is None:
        raise StoryError("nobody repeats it")
    s.num("x_weeks", s.rng.randint(2, 12))
    s.say(f"{p.He} does the same every week for @x_weeks weeks.", f"This happens every week for @x_weeks weeks.")
    unit = "" if hook.kind == "measure" else "$"
    what = {"spend": f"{p.name} spends {{}} in @x_weeks weeks.", "earn": f"{p.name} earns {{}} in @x_weeks weeks.",
            "measure": f"Over @x_weeks weeks that is {{}} {hook.noun}."}[hook.kind]  # fmt: skip
    total = s.calc("*", s.target, "@x_weeks", what, unit)
    asks = {"spend": (f"How much does {p.name} spend over the @x_weeks weeks?",), "earn": (f"How much does {p.name} earn over the @x_weeks weeks?",),
            "measure": (f"How many {hook.noun} is that over the @x_weeks weeks?",)}[hook.kind]  # fmt: skip
    s.answer(total, f"({s.formula}) * x_weeks", unit, asks, Hook("have", p) if unit == "$" else None)


def save_part(s: Story, hook: Hook) -> None:
    p = hook.who
    word, k = s.pick(FRACTIONS)
    if p is None:
        raise StoryError("nobody saves it")
    thing = s.pick(("a new coat", "a gift for a friend", "concert tickets", "books"))
    s.say(f"{p.He} spends {word} of the money on {thing} and saves the rest.", f"{word[0].upper() + word[1:]} of it goes on {thing}; {p.he} saves the rest.")
    spent = s.calc("/", s.target, k, f"{p.name} spends {{}} on {thing}.", "$")
    kept = s.calc("-", s.target, spent, f"{p.name} saves {{}}.", "$")
    s.answer(kept, f"({s.formula}) * (1 - 1 / {k})", "$", (f"How much does {p.name} save?", f"How much money does {p.name} put into savings?"))


def boxes(s: Story, hook: Hook) -> None:
    s.num("x_box", s.pick((2, 3, 4, 5, 6, 8, 10, 12)))
    s.say(f"The {hook.noun} are packed into boxes of @x_box.", f"Then all the {hook.noun} are put in boxes, @x_box to a box.")
    n = s.calc("/", s.target, "@x_box", "That fills {} boxes.")
    s.answer(n, f"({s.formula}) / x_box", "", ("How many boxes are filled?", "How many full boxes are there?"), Hook("items", hook.who, "boxes"))


def give_away(s: Story, hook: Hook) -> None:
    word, k = s.pick(FRACTIONS)
    s.say(f"Then {word} of the {hook.noun} are given away.", f"Later {word} of them are given to friends.")
    gone = s.calc("/", s.target, k, f"{{}} {hook.noun} are given away.")
    left = s.calc("-", s.target, gone, f"{{}} {hook.noun} are left.")
    s.answer(left, f"({s.formula}) * (1 - 1 / {k})", "", (f"How many {hook.noun} are left?", f"How many {hook.noun} remain after that?"), Hook("items", hook.who, hook.noun))


def tax(s: Story, hook: Hook) -> None:
    p = hook.who
    if p is None:
        raise StoryError("nobody pays the tax")
    rate_pct = s.pct("x_tax", s.pick((5, 8, 10, 15, 20, 25)))
    del rate_pct
    if hook.kind == "spend":
        s.say("A sales tax of @x_tax is added to the bill.", "On top of that there is @x_tax sales tax.")
        words, sign, formula = ("The tax is {}.", f"With tax {p.name} pays {{}}."), "+", f"({s.formula}) * (1 + x_tax / 100)"
        asks = (f"How much does {p.name} pay in total, tax included?", f"What does {p.name} pay once the tax is added?")
    else:
        s.say(f"{p.He} pays @x_tax of it in income tax.", f"@x_tax of the money goes to income tax.")
        words, sign, formula = ("The tax is {}.", f"After tax {p.name} keeps {{}}."), "-", f"({s.formula}) * (1 - x_tax / 100)"
        asks = (f"How much does {p.name} keep after tax?", f"How much is left for {p.name} once the tax is paid?")
    rate = s.calc("/", "@x_tax", 100, "As a decimal the tax rate is {}.", "dec")
    owed = s.calc("*", s.target, rate, words[0], "$")
    total = s.calc(sign, s.target, owed, words[1], "$")
    s.answer(total, formula, "$", asks, Hook(hook.kind, p))


def coupon(s: Story, hook: Hook) -> None:
    p = hook.who
    if p is None:
        raise StoryError("nobody uses the coupon")
    s.pct("x_off", s.pick((10, 20, 25, 50)))
    s.say(f"{p.He} has a coupon for @x_off off the total.", f"At the till {p.name} uses a @x_off discount coupon on everything.")
    rate = s.calc("/", "@x_off", 100, "As a decimal the discount is {}.", "dec")
    off = s.calc("*", s.target, rate, "The coupon takes off {}.", "$")
    total = s.calc("-", s.target, off, f"{p.name} pays {{}}.", "$")
    s.answer(total, f"({s.formula}) * (1 - x_off / 100)", "$", (f"How much does {p.name} pay after the coupon?", f"What does {p.name} pay in the end?"),
             Hook("spend", p))


def sell(s: Story, hook: Hook) -> None:
    s.money("x_price", s.pick((Fraction(1, 2), Fraction(3, 4), 1, 2, 3, 5)))
    s.say(f"All the {hook.noun} are then sold for @x_price each.", f"Each of the {hook.noun} is sold for @x_price.")
    made = s.calc("*", s.target, "@x_price", "The sales bring in {}.", "$")
    s.answer(made, f"({s.formula}) * x_price", "$", ("How much money do the sales bring in?", f"How many dollars are made from selling the {hook.noun}?"),
             Hook("earn", hook.who))


EXTENSIONS: dict[str, tuple[Callable[[Story, Hook], None], tuple[str, ...]]] = {
    "change": (change, ("spend",)), "split": (split, ("spend", "have")), "repeat": (repeat, ("spend", "earn", "measure")),
    "save_part": (save_part, ("earn", "have")), "boxes": (boxes, ("items",)), "give_away": (give_away, ("items",)),
    "tax": (tax, ("spend", "earn")), "coupon": (coupon, ("spend",)), "sell": (sell, ("items",)),
}  # fmt: skip


def attempt(rng: random.Random, name: str, level: int) -> dict | None:
    """One try at a story of template ``name`` for ``level``; None if it does not fit."""
    lo, hi = STEPS[level]
    s = Story(rng)
    s.structure.append(name)
    try:
        TEMPLATES[name](s)
        while True:
            steps = len(needed(s.graph.items, s.target))
            fits = [e for e, (_, kinds) in EXTENSIONS.items()
                    if s.hook is not None and s.hook.kind in kinds and e not in s.structure and (e, "tax") != ("coupon", s.structure[-1])]
            wants_more = steps < lo or (steps < hi and rng.random() < 0.25)
            if not wants_more or not fits or len(s.structure) > 4:
                break
            extension = rng.choice(fits)
            s.structure.append(extension)
            hook = s.hook
            assert hook is not None
            EXTENSIONS[extension][0](s, hook)
        if not lo <= len(needed(s.graph.items, s.target)) <= hi:
            return None
        made = s.finish(rng.randint(*DISTRACTORS[level]))
    except (StoryError, ZeroDivisionError):
        return None
    made["structure"] = "+".join(s.structure)
    made["unit"] = s.unit
    return made


_FEASIBLE: dict[int, tuple[str, ...]] = {}


def feasible(level: int) -> tuple[str, ...]:
    """The templates that can reach ``level``'s step count (found once by trying each a few times)."""
    if level not in _FEASIBLE:
        probe = random.Random(f"word_problem/feasible/{level}")
        _FEASIBLE[level] = tuple(n for n in TEMPLATES if any(attempt(probe, n, level) for _ in range(40)))
    return _FEASIBLE[level]


class WordProblemGenerator(Generator):
    name = "word_problem"
    version = 2
    domain = "math"
    space = "quantities"
    verifier = "math"
    config_cls = WordProblemConfig

    def build(self, rng: random.Random) -> Draft:
        names = feasible(self.config.level)
        for _ in range(1000):
            made = attempt(rng, rng.choice(names), self.config.level)
            if made is not None:
                return Draft(
                    question=made["question"],
                    answer=answer_text(made["gold"], made["unit"]),
                    payload=made["payload"],
                    metadata={"structure": made["structure"], "steps": made["operations"], "unit": made["unit"] or "count"},
                )
        raise RuntimeError(f"word_problem level {self.config.level}: no clean story in 1000 tries")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        gold = Fraction(problem.answer)
        return answer_text(gold + rng.choice([1, -1, 2, 10]), "$" if "." in problem.answer else "")


TASKS.register("word_problem", WordProblemGenerator)
