"""Percentage and ratio templates: a percent of an amount, what percent, markups, rises and falls,
the percent change, reverse percentages, simple and compound interest, "p% more than",
groups split by percent, successive discounts, discount then tax, ratio shares, profit percent.

Each template states its numbers with ``@`` markers in one of several phrasings, adds one
graph quantity per step (a rate as a decimal is its own step), and names its answer's closed
formula over the printed numbers (see :mod:`._story`).
"""

from __future__ import annotations


from fractions import Fraction

from cotforge.generators.math._story import Hook, Story, StoryError

ITEMS = ("jacket", "bicycle", "lamp", "backpack", "guitar", "tent", "printer", "sofa", "camera", "kettle", "desk", "blender",
         "rug", "watch", "scooter", "telescope")  # fmt: skip
GROUPS = (("students", "a school"), ("members", "a sports club"), ("workers", "a factory"), ("people", "a village fair"),
          ("visitors", "a museum"), ("runners", "a race"), ("guests", "a wedding"), ("teachers", "a conference"))  # fmt: skip
COMMUTERS = (("students", "a school"), ("workers", "a factory"), ("members", "a gym"), ("staff", "an office"), ("nurses", "a hospital"))
NICE = (5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 80)


RATE_WORDS = ("{note}, @{name} is {{}}.", "Write @{name} as a decimal: {{}}.", "@{name} means @{name_plain} out of 100: {{}}.",
              "Convert the percentage: @{name} = {{}}.", "First turn @{name} into a decimal: {{}}.")  # fmt: skip


def _rate(s: Story, name: str, note: str = "") -> str:
    frame = s.pick(RATE_WORDS).format(note=note or "As a decimal", name=name, name_plain=name)
    if "out of 100" in frame:  # "25% means 25 out of 100": the second mention without its percent sign
        frame = frame.replace(f"@{name} out of 100", f"{int(s.values[name])} out of 100")
    return s.calc("/", f"@{name}", 100, frame, "dec")


def percent_of(s: Story) -> None:
    plural, place = s.pick(GROUPS)
    s.num("n", s.rng.randint(2, 60) * 20)
    s.pct("p", s.pick(NICE))
    doing = s.pick(("wear glasses", "were born in spring", "take the bus", "like jazz", "are left-handed", "have a pet"))
    s.say(f"There are @n {plural} at {place}, and @p of them {doing}.", f"Of the @n {plural} at {place}, @p {doing}.")
    rate = _rate(s, "p")
    count = s.calc("*", "@n", rate, f"{{}} {plural} {doing}.")
    s.answer(count, "n * p / 100", "", (f"How many of the {plural} {doing}?", f"How many {plural} is that?"), Hook("items", None, plural))


def amount_of(s: Story) -> None:
    p, item = s.person(), s.pick(ITEMS)
    kind = s.pick(("saving", "tip", "tax", "deposit", "commission"))
    s.money("price", s.rng.randint(4, 120) * 5)
    s.pct("p", s.pick(NICE[:8]))
    text = {"saving": (f"A @price {item} is on sale at @p off, and {p.name} buys it.", f"How much money does {p.name} save?", "The saving is {}."),
            "tip": (f"{p.name}'s dinner bill is @price, and {p.he} leaves a @p tip.", "How much is the tip?", "The tip is {}."),
            "tax": (f"{p.name} buys a {item} for @price plus @p sales tax.", "How much is the tax?", "The tax is {}."),
            "deposit": (f"To reserve a @price {item}, {p.name} pays a deposit of @p of the price.", "How much is the deposit?", "The deposit is {}."),
            "commission": (f"{p.name} sells a {item} for @price and keeps a @p commission.", f"How much does {p.name} earn from the sale?",
                           f"{p.name} earns {{}}.")}[kind]  # fmt: skip
    s.say(text[0])
    rate = _rate(s, "p")
    amount = s.calc("*", "@price", rate, text[2], "$")
    s.answer(amount, "price * p / 100", "$", (text[1],))


def what_percent(s: Story) -> None:
    plural, place = s.pick(GROUPS)
    total = s.num("n", s.pick((20, 25, 40, 50, 80, 200, 250, 400, 500)) * s.rng.randint(1, 4))
    pct = s.pick([p for p in range(5, 96, 5) if (total * p / 100).denominator == 1])
    s.num("a", total * pct / 100)
    doing = s.pick(("arrived by bike", "ordered the soup", "voted yes", "were under ten", "wore red"))
    s.say(f"Of the @n {plural} at {place}, @a {doing}.", f"At {place}, @a of the @n {plural} {doing}.")
    share = s.calc("/", "@a", "@n", "As a fraction of the whole that is {}.", "dec")
    pct_q = s.calc("*", share, 100, "As a percent that is {}.")
    s.answer(pct_q, "a / n * 100", "", (f"What percent of the {plural} {doing}?", f"What percentage of the {plural} {doing}?"))


def markup(s: Story) -> None:
    item, p = s.pick(ITEMS), s.person()
    s.money("cost", s.rng.randint(4, 80) * 5)
    s.pct("up", s.pick((10, 20, 25, 30, 40, 50, 60, 80)))
    s.say(f"A shop buys a {item} for @cost and sells it at a markup of @up.", f"A store pays @cost for a {item} and adds @up to set its price.")
    s.say(f"{p.name} buys the {item}.", f"{p.name} is the customer who buys it.")
    rate = _rate(s, "up")
    extra = s.calc("*", "@cost", rate, "The markup is {}.", "$")
    price = s.calc("+", "@cost", extra, "The selling price is {}.", "$")
    s.answer(price, "cost * (1 + up / 100)", "$", (f"How much does {p.name} pay for the {item}?", "What is the selling price?"), Hook("spend", p))


def change(s: Story) -> None:
    item, p = s.pick(ITEMS), s.person()
    up = s.rng.random() < 0.5
    s.money("old", s.rng.randint(4, 100) * 5)
    s.pct("p", s.pick(NICE[:-2]))
    verb = "rose" if up else "fell"
    s.say(f"A {item} cost @old last year. Since then its price {verb} by @p.", f"Last year a {item} was priced at @old; the price has {'gone up' if up else 'come down'} @p since.")
    s.say(f"{p.name} buys one now.", f"{p.name} wants to buy it today.")
    rate = _rate(s, "p")
    diff = s.calc("*", "@old", rate, f"The price {verb} by {{}}.", "$")
    new = s.calc("+" if up else "-", "@old", diff, "The new price is {}.", "$")
    s.answer(new, f"old * (1 {'+' if up else '-'} p / 100)", "$", (f"How much does {p.name} pay for the {item} now?", "What is the new price?"),
             Hook("spend", p))


def percent_change(s: Story) -> None:
    thing = s.pick(("the price of a coffee", "a town's population", "the rent of a flat", "a player's score", "the number of members"))
    money = thing.startswith(("the price", "the rent"))
    old = Fraction(s.rng.choice((20, 25, 40, 50, 80, 100, 200, 400, 500)) * s.rng.randint(1, 5))
    pct = s.pick([p for p in range(5, 81, 5) if (old * p / 100).denominator == 1])
    up = s.rng.random() < 0.6
    (s.money if money else s.num)("old", old)
    (s.money if money else s.num)("new", old * (100 + (pct if up else -pct)) / 100)
    s.say(f"Last year {thing} was @old; this year it is @new.", f"{thing[0].upper() + thing[1:]} went from @old to @new in one year.")
    diff = s.calc("-", "@new", "@old", f"It {'rose' if up else 'fell'} by {{}}.", "$" if money else "") if up else \
        s.calc("-", "@old", "@new", "It fell by {}.", "$" if money else "")
    share = s.calc("/", diff, "@old", "As a fraction of the old value that is {}.", "dec")
    pct_q = s.calc("*", share, 100, "As a percent that is {}.")
    word = "increase" if up else "decrease"
    s.answer(pct_q, "(new - old) / old * 100" if up else "(old - new) / old * 100", "",
             (f"By what percent did it {'increase' if up else 'decrease'}?", f"What is the percent {word}?"))


def reverse(s: Story) -> None:
    item, p = s.pick(ITEMS), s.person()
    off = s.pct("off", s.pick((10, 15, 20, 25, 30, 40, 60)))
    original = s.rng.randint(4, 120) * 5
    s.money("sale", original * (100 - off) / 100)
    s.say(f"After a @off discount, {p.name} pays @sale for a {item}.", f"{p.name} buys a {item} in a @off-off sale and pays @sale.")
    kept = s.calc("-", 100, "@off", f"{p.name} pays {{}} percent of the original price.")
    one = s.calc("/", "@sale", kept, "One percent of the original price is {}.", "$")
    whole = s.calc("*", one, 100, "The original price was {}.", "$")
    s.answer(whole, "sale / (100 - off) * 100", "$", (f"What was the {item}'s price before the discount?", "What was the original price?"))


def profit_percent(s: Story) -> None:
    p, item = s.person(), s.pick(ITEMS)
    cost = s.rng.randint(2, 40) * 20
    pct = s.pick((10, 15, 20, 25, 30, 40, 50, 60, 75))
    s.money("cost", cost)
    s.money("sold", cost * (100 + pct) / 100)
    s.say(f"{p.name} bought a used {item} for @cost, fixed it up and sold it for @sold.", f"{p.name} paid @cost for a {item} and later sold it for @sold.")
    gain = s.calc("-", "@sold", "@cost", "The profit is {}.", "$")
    share = s.calc("/", gain, "@cost", "As a fraction of the cost that is {}.", "dec")
    pct_q = s.calc("*", share, 100, "As a percent that is {}.")
    s.answer(pct_q, "(sold - cost) / cost * 100", "", ("What was the profit as a percent of the cost?", f"What percent profit did {p.name} make?"))


def simple_interest(s: Story) -> None:
    p = s.person()
    s.money("principal", s.rng.randint(2, 50) * 100)
    s.pct("r", s.pick((2, 3, 4, 5, 6, 8, 10)))
    s.num("t", s.rng.randint(2, 8))
    s.say(f"{p.name} puts @principal in a savings account that pays @r simple interest a year.", f"{p.name} deposits @principal at a simple interest rate of @r per year.")
    s.say(f"{p.He} leaves it there for @t years.", "The money stays in the account for @t years.")
    rate = _rate(s, "r")
    year = s.calc("*", "@principal", rate, "One year's interest is {}.", "$")
    all_years = s.calc("*", year, "@t", "In @t years the interest is {}.", "$")
    total = s.calc("+", "@principal", all_years, "The account then holds {}.", "$")
    s.answer(total, "principal * (1 + r / 100 * t)", "$", ("How much is in the account after @t years?", "How much money is in the account at the end?"), Hook("have", p))


def compound(s: Story) -> None:
    p = s.person()
    years = s.rng.randint(2, 4)
    r = s.pct("r", s.pick((10, 20, 5)))
    base = {10: 10**years, 20: 5**years, 5: 20**years}[int(r)]
    s.money("principal", base * s.rng.randint(1, 20) if base <= 10000 else base)
    s.num("t", years)
    s.say(f"{p.name} invests @principal at @r interest, compounded once a year.", f"{p.name} puts @principal into an account that pays @r a year, compounded yearly.")
    s.say(f"{p.He} leaves it for @t years without taking anything out.", "Nothing is taken out for @t years.")
    rate = _rate(s, "r")
    balance = s.given("principal")
    for year in range(1, years + 1):
        gain = s.calc("*", balance, rate, f"Interest in year {year} is {{}}.", "$")
        balance = s.calc("+", balance, gain, f"After year {year} the balance is {{}}.", "$")
    s.answer(balance, "principal * (1 + r / 100) ** t", "$", ("How much is in the account after @t years?", "What is the balance at the end?"), Hook("have", p))


def more_than(s: Story) -> None:
    a, b = s.person(), s.person()
    thing = s.pick(("stamps", "coins", "books", "songs on their phones", "trading cards"))
    s.num("x", s.rng.randint(2, 30) * 20)
    s.pct("p", s.pick((10, 15, 20, 25, 30, 40, 50, 75)))
    s.say(f"{b.name} has @x {thing}. {a.name} has @p more {thing} than {b.name}.", f"{a.name} owns @p more {thing} than {b.name}, who owns @x.")
    rate = _rate(s, "p")
    extra = s.calc("*", "@x", rate, f"{a.name} has {{}} more.")
    aa = s.calc("+", "@x", extra, f"{a.name} has {{}} {thing}.")
    total = s.calc("+", aa, "@x", f"Together they have {{}} {thing}.")
    s.answer(total, "x * (1 + p / 100) + x", "", (f"How many {thing} do they have together?", f"How many {thing} do {a.name} and {b.name} have in all?"),
             Hook("items", a, thing))


def group_split(s: Story) -> None:
    plural, place = s.pick(COMMUTERS)
    s.num("n", s.rng.randint(2, 40) * 100)
    s.pct("p", s.pick((10, 20, 25, 30, 40, 50, 60)))
    s.pct("q", s.pick((10, 20, 25, 40, 50, 75)))
    s.say(f"{place[0].upper() + place[1:]} has @n {plural}.", f"There are @n {plural} at {place}.")
    s.say("@p of them walk there, @q of the rest come by bike, and everyone else comes by car.",
          "Of them, @p walk; of those who do not walk, @q cycle; the others drive.")
    r1 = _rate(s, "p")
    walk = s.calc("*", "@n", r1, f"{{}} {plural} walk.")
    rest = s.calc("-", "@n", walk, f"{{}} {plural} do not walk.")
    r2 = _rate(s, "q")
    bike = s.calc("*", rest, r2, f"{{}} {plural} cycle.")
    car = s.calc("-", rest, bike, f"{{}} {plural} come by car.")
    s.answer(car, "(n - n * p / 100) * (1 - q / 100)", "", (f"How many {plural} come by car?", f"How many of the {plural} drive?"))


def two_discounts(s: Story) -> None:
    item, p = s.pick(ITEMS), s.person()
    s.money("price", s.rng.randint(2, 40) * 20)
    s.pct("a", s.pick((10, 20, 25, 50)))
    s.pct("b", s.pick((10, 20, 25, 50)))
    s.say(f"A {item} is priced at @price. It is reduced by @a, and the reduced price is then cut by a further @b.",
          f"A shop takes @a off a @price {item}, then takes another @b off the new price.")
    s.say(f"{p.name} buys it at the final price.", f"{p.name} buys the {item} then.")
    r1 = _rate(s, "a", "The first discount as a decimal")
    cut1 = s.calc("*", "@price", r1, "The first discount is {}.", "$")
    mid = s.calc("-", "@price", cut1, "The price becomes {}.", "$")
    r2 = _rate(s, "b", "The second discount as a decimal")
    cut2 = s.calc("*", mid, r2, "The second discount is {}.", "$")
    final = s.calc("-", mid, cut2, "The final price is {}.", "$")
    s.answer(final, "price * (1 - a / 100) * (1 - b / 100)", "$", (f"How much does {p.name} pay?", "What is the final price?"), Hook("spend", p))


def discount_tax(s: Story) -> None:
    item, p = s.pick(ITEMS), s.person()
    s.money("price", s.rng.randint(2, 40) * 20)
    s.pct("off", s.pick((10, 20, 25, 30, 40, 50)))
    s.pct("tax", s.pick((5, 8, 10, 15, 20)))
    s.say(f"A {item} is marked @price. It is sold at @off off, and then @tax sales tax is added to the sale price.",
          f"{p.name} finds a @price {item} at @off off; a sales tax of @tax is charged on the reduced price.")
    r1 = _rate(s, "off", "The discount as a decimal")
    cut = s.calc("*", "@price", r1, "The discount is {}.", "$")
    sale = s.calc("-", "@price", cut, "The sale price is {}.", "$")
    r2 = _rate(s, "tax", "The tax rate as a decimal")
    tax = s.calc("*", sale, r2, "The tax is {}.", "$")
    total = s.calc("+", sale, tax, f"{p.name} pays {{}}.", "$")
    s.answer(total, "price * (1 - off / 100) * (1 + tax / 100)", "$", (f"How much does {p.name} pay?", "How much is paid in total?"), Hook("spend", p))


def ratio_share(s: Story) -> None:
    people = [s.person() for _ in range(s.pick((2, 3)))]
    parts = s.rng.sample(range(1, 10), len(people))
    names = [f"r{i}" for i in range(len(people))]
    for n, v in zip(names, parts):
        s.num(n, v)
    s.money("total", sum(parts) * s.rng.randint(2, 60) * 5)
    who = " and ".join(p.name for p in people) if len(people) == 2 else f"{people[0].name}, {people[1].name} and {people[2].name}"
    ratio = ":".join(f"@{n}" for n in names)
    s.say(f"{who} share @total in the ratio {ratio}.", f"@total is split among {who} in the ratio {ratio}.")
    whole = s.given(names[0])
    for n in names[1:]:
        whole = s.calc("+", whole, f"@{n}", "There are {} parts in all." if n == names[-1] else "So far {} parts.")
    one = s.calc("/", "@total", whole, "One part is {}.", "$")
    big, small = max(range(len(parts)), key=parts.__getitem__), min(range(len(parts)), key=parts.__getitem__)
    if s.rng.random() < 0.5:
        share = s.calc("*", f"@{names[big]}", one, f"{people[big].name} gets {{}}.", "$")
        s.answer(share, f"total / ({' + '.join(names)}) * {names[big]}", "$", (f"How much does {people[big].name} get?",
                                                                             f"What is {people[big].name}'s share?"), Hook("have", people[big]))
    else:
        hi = s.calc("*", f"@{names[big]}", one, f"{people[big].name} gets {{}}.", "$")
        lo = s.calc("*", f"@{names[small]}", one, f"{people[small].name} gets {{}}.", "$")
        diff = s.calc("-", hi, lo, f"{people[big].name} gets {{}} more.", "$")
        s.answer(diff, f"total / ({' + '.join(names)}) * ({names[big]} - {names[small]})", "$",
                 (f"How much more does {people[big].name} get than {people[small].name}?",))


def population(s: Story) -> None:
    years = s.rng.randint(2, 3)
    r = s.pct("r", s.pick((10, 20)))
    base = (10 if r == 10 else 5) ** years
    town = s.pick(("Millbrook", "Ashford", "Riverton", "Lakeside", "Oakdale", "Fairview"))
    grow = s.rng.random() < 0.6
    s.num("n", base * s.rng.randint(2, 90))
    s.num("t", years)
    s.say(f"{town} has @n residents. Its population {'grows' if grow else 'shrinks'} by @r each year.",
          f"The population of {town}, now @n, {'rises' if grow else 'falls'} @r a year.")
    s.say("This goes on for @t years.", "The trend continues for @t years.")
    rate = _rate(s, "r")
    pop = s.given("n")
    for year in range(1, years + 1):
        change_q = s.calc("*", pop, rate, f"In year {year} it {'grows' if grow else 'shrinks'} by {{}}.")
        pop = s.calc("+" if grow else "-", pop, change_q, f"After year {year} there are {{}} residents.")
    s.answer(pop, f"n * (1 {'+' if grow else '-'} r / 100) ** t", "", (f"How many residents does {town} have after @t years?",
                                                                       "What is the population at the end?"))
    if not grow and r == 20 and years == 3:
        raise StoryError("keep falls mild")


TEMPLATES = {
    "percent_of": percent_of, "amount_of": amount_of, "what_percent": what_percent, "markup": markup, "change": change, "percent_change": percent_change,
    "reverse": reverse, "profit_percent": profit_percent, "simple_interest": simple_interest, "compound": compound,
    "more_than": more_than, "group_split": group_split, "two_discounts": two_discounts, "discount_tax": discount_tax,
    "ratio_share": ratio_share, "population": population,
}  # fmt: skip
