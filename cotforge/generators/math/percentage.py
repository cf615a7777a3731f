"""Percentages and ratios in everyday settings: discounts, tax, growth, sharing, reverse percentages.

The work is a computation graph solved by the ``quantities`` space and checked
quantity by quantity. The gold answer comes from the construction instead: for
a reverse percentage the original amount is chosen first and the question is
written from it; otherwise from one combined exact formula, not step by step.

Levels: 1 a percentage of an amount; 2 a percentage increase or decrease;
3 a discount followed by a tax; 4 sharing an amount in a three-part ratio, then
comparing two shares; 5 the original price from the price after a discount.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from math import gcd

from cotforge.domains.algebra import fraction_text
from cotforge.domains.quantities import GraphBuilder, evaluate, to_json
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

ITEMS = ("jacket", "bicycle", "lamp", "backpack", "guitar", "tent", "printer", "sofa", "camera", "kettle")
NAMES = ("Ana", "Bilal", "Chen", "Dara", "Eli", "Fatima", "Goran", "Hana", "Ivo", "Jia", "Kofi", "Lena")


@dataclass(frozen=True, slots=True)
class PercentageConfig(TaskConfig):
    """The level picks the kind of percentage or ratio problem."""


def _money(value: Fraction) -> str:
    return f"${value.numerator}" if value.denominator == 1 else f"${float(value):.2f}"


class PercentageGenerator(Generator):
    name = "percentage"
    version = 2
    domain = "math"
    space = "quantities"
    verifier = "math"
    config_cls = PercentageConfig

    def build(self, rng: random.Random) -> Draft:
        g, level = GraphBuilder(), self.config.level
        item = rng.choice(ITEMS)
        price = Fraction(rng.randrange(20, 400, 10))
        if level == 1:
            pct = rng.choice([5, 10, 15, 20, 25, 30, 40, 60, 75])
            total = g.q("given", (int(price),), "the price")
            rate = g.q("/", (pct, 100), f"{pct}% as a fraction")
            target = g.q("*", (total, rate), f"{pct}% of the price")
            question = f"A {item} costs {_money(price)}. How many dollars is {pct}% of its price?"
            gold = price * pct / 100
        elif level == 2:
            pct, up = rng.choice([5, 10, 12, 15, 20, 25, 30, 40]), rng.random() < 0.5
            total = g.q("given", (int(price),), "the old price")
            rate = g.q("/", (pct, 100), f"{pct}% as a fraction")
            change = g.q("*", (total, rate), f"the {'increase' if up else 'decrease'}")
            target = g.q("+" if up else "-", (total, change), "the new price")
            question = f"A {item} cost {_money(price)}. Its price {'rose' if up else 'fell'} by {pct}%. What is the new price in dollars?"
            gold = price * (100 + (pct if up else -pct)) / 100
        elif level == 3:
            off, tax = rng.choice([10, 20, 25, 30, 40, 50]), rng.choice([5, 8, 10, 15, 20])
            total = g.q("given", (int(price),), "the marked price")
            cut = g.q("*", (total, off), "the marked price times the discount percent")
            saving = g.q("/", (cut, 100), f"the {off}% discount")
            sale = g.q("-", (total, saving), "the sale price")
            taxed = g.q("*", (sale, tax), "the sale price times the tax percent")
            duty = g.q("/", (taxed, 100), f"the {tax}% tax")
            target = g.q("+", (sale, duty), "the price to pay")
            question = (f"A {item} is marked {_money(price)}. It is sold at {off}% off, and then {tax}% sales tax "
                        f"is added to the sale price. How many dollars does the buyer pay?")  # fmt: skip
            gold = price * (100 - off) * (100 + tax) / 10000
        elif level == 4:
            parts = [rng.randint(1, 7) for _ in range(3)]
            unit = rng.randint(2, 30)
            amount = unit * sum(parts)
            a, b, c = rng.sample(NAMES, 3)
            pot = g.q("given", (amount,), "the amount shared")
            ids = [g.q("given", (p,), f"{n}'s part of the ratio") for p, n in zip(parts, (a, b, c))]
            first = g.q("+", (ids[0], ids[1]), "the first two parts")
            whole = g.q("+", (first, ids[2]), "the parts in all")
            share = g.q("/", (pot, whole), "one part")
            sa = g.q("*", (ids[0], share), f"{a}'s share")
            sc = g.q("*", (ids[2], share), f"{c}'s share")
            target = g.q("-", (sa, sc), f"how much more {a} gets than {c}")
            question = (f"{a}, {b} and {c} share ${amount} in the ratio {parts[0]}:{parts[1]}:{parts[2]}. "
                        f"How many dollars more does {a} get than {c}? (The answer may be negative.)")  # fmt: skip
            gold = Fraction(amount * (parts[0] - parts[2]), sum(parts))
        else:
            off = rng.choice([10, 15, 20, 25, 30, 40, 60])
            step = 100 // gcd(100, 100 - off)  # the original is a multiple of this, so the sale price is whole
            price = Fraction(step * rng.randint(max(1, 20 // step), 600 // step))
            sale_price = price * (100 - off) / 100
            sale = g.q("given", (int(sale_price),), "the sale price")
            kept = g.q("-", (100, off), "the percent of the original price that is paid")
            one = g.q("/", (sale, kept), "1% of the original price")
            target = g.q("*", (one, 100), "the original price")
            question = f"After a {off}% discount a {item} costs {_money(sale_price)}. What was its original price in dollars?"
            gold = price
        if evaluate(g.items)[target] != gold:  # the step route and the construction disagree: a bug
            raise RuntimeError(f"percentage gold mismatch: {question}")
        return Draft(
            question=question,
            answer=answer_latex(fraction_text(gold), "value"),
            payload={"answer_sympy": fraction_text(gold), "check": "quantities", "answer_kind": "value", "quantities": to_json(g.items), "target": target},
            metadata={"kind": ["percent_of", "change", "discount_tax", "ratio", "reverse"][level - 1]},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        return fraction_text(Fraction(problem.data()["answer_sympy"]) + rng.choice([1, -1, 10]))


TASKS.register("percentage", PercentageGenerator)
