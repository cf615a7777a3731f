"""Follow-ups that extend a finished story by one to three steps and ask a new question:
change from a bill, sharing a cost, the same every week, saving part, a tax, a coupon,
packing into boxes, giving some away, selling what was made.

Each takes the story's :class:`Hook` (what its answer is: money spent, earned or held,
things, a measure) and applies only where it makes sense for that kind.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from cotforge.domains.quantities import evaluate
from cotforge.generators.math._story import Hook, Story, StoryError

FRACTIONS = (("a quarter", 4), ("a third", 3), ("half", 2), ("a fifth", 5))


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
    s.num("x_friends", s.rng.randint(2, 5))
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
    s.say(f"{p.He} does the same every week for @x_weeks weeks.", "This happens every week for @x_weeks weeks.")
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
        s.say(f"{p.He} pays @x_tax of it in income tax.", "@x_tax of the money goes to income tax.")
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
