"""Word-problem templates about money: shopping, wages, bills, budgets, savings, sales.

Each template draws its numbers, states them with ``@`` markers in one of several
phrasings, adds one graph quantity per step with the sentence a solution would write,
and names its answer's closed formula over the printed numbers (see :mod:`._story`).
"""

from __future__ import annotations

from fractions import Fraction

from cotforge.generators.math._story import Hook, Story

GOODS = (("notebooks", "notebook", 2, 8), ("pens", "pen", 1, 4), ("shirts", "shirt", 8, 40), ("mugs", "mug", 3, 15),
         ("candles", "candle", 2, 12), ("plant pots", "plant pot", 3, 20), ("T-shirts", "T-shirt", 6, 25),
         ("comic books", "comic book", 3, 12), ("scarves", "scarf", 8, 30), ("cupcakes", "cupcake", 1, 4),
         ("sandwiches", "sandwich", 3, 9), ("bags of rice", "bag of rice", 2, 15), ("towels", "towel", 5, 20),
         ("puzzles", "puzzle", 6, 25), ("lamps", "lamp", 15, 80), ("paintbrushes", "paintbrush", 1, 9),
         ("posters", "poster", 4, 15), ("jackets", "jacket", 30, 120), ("backpacks", "backpack", 20, 70))  # fmt: skip
SHOPS = ("the market", "a craft fair", "the corner shop", "a garden centre", "the bookshop", "a bakery", "the mall")


def cents(s: Story, lo: int, hi: int, coins: bool = True) -> Fraction:
    """A price between ``lo`` and ``hi`` dollars, often whole, else ending in .25, .50, .75 or .99."""
    whole = s.rng.randint(lo, hi)
    return Fraction(whole) + (s.pick((0, 0, 25, 50, 75, 99)) if coins else 0) / Fraction(100)


def shopping(s: Story) -> None:
    p, shop = s.person(), s.pick(SHOPS)
    goods = s.rng.sample(GOODS, s.rng.randint(1, 5))
    parts, terms, ids = [], [], []
    for i, (plural, _, lo, hi) in enumerate(goods):
        s.num(f"n{i}", s.rng.randint(2, 9))
        s.money(f"p{i}", cents(s, lo, hi))
        parts.append(s.pick((f"@n{i} {plural} at @p{i} each", f"@n{i} {plural} for @p{i} each")))
        terms.append(f"n{i} * p{i}")
        ids.append(s.calc("*", f"@n{i}", f"@p{i}", f"The {plural} cost {{}}.", "$"))
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    s.say(f"At {shop}, {p.name} buys {listed}.", f"{p.name} goes to {shop} and buys {listed}.")
    total = ids[0]
    for i, nxt in enumerate(ids[1:], start=1):
        total = s.calc("+", total, nxt, "Together that is {}." if i < len(ids) - 1 else f"{p.name} spends {{}} in all.", "$")
    s.distract(f"{p.name} has been a customer there for @years years.", "The shop is open @hours hours a day.")
    s.num("years", s.rng.randint(2, 15))
    s.num("hours", s.rng.randint(6, 12))
    s.answer(total, " + ".join(terms), "$", (f"How much does {p.name} spend in all?", f"How many dollars does {p.name} spend altogether?"),
             Hook("spend", p))


def overtime(s: Story) -> None:
    p = s.person()
    s.money("rate", s.rng.randint(12, 30) * 2)
    s.num("base", s.pick((35, 38, 40)))
    s.num("worked", s.values["base"] + s.rng.randint(2, 12))
    s.say(f"{p.name} earns @rate an hour for the first @base hours of a week and time and a half for every hour after that.",
          f"{p.name} is paid @rate per hour for up to @base hours a week; each extra hour is paid at one and a half times that rate.")
    s.say(f"Last week {p.he} worked @worked hours.", f"This week {p.he} put in @worked hours.")
    extra = s.calc("-", "@worked", "@base", f"{p.name} worked {{}} hours of overtime.")
    higher = s.calc("*", "@rate", "1.5", "The overtime rate is {} per hour.", "$")
    normal = s.calc("*", "@base", "@rate", "The regular hours pay {}.", "$")
    over = s.calc("*", extra, higher, "The overtime pays {}.", "$")
    total = s.calc("+", normal, over, f"{p.name} earns {{}} for the week.", "$")
    s.distract(f"{p.name} drives @km km to work.", f"{p.His} shift starts at @start in the morning.")
    s.num("km", s.rng.randint(3, 30))
    s.num("start", s.rng.randint(6, 9))
    s.answer(total, "base * rate + (worked - base) * rate * 1.5", "$",
             (f"How much does {p.name} earn that week?", f"How many dollars did {p.name} earn last week?"), Hook("earn", p))


def savings_goal(s: Story) -> None:
    p = s.person()
    thing = s.pick(("a bike", "a tablet", "a guitar", "a pair of skates", "a telescope", "a video game console"))
    per = s.money("per", s.rng.randint(3, 25) * 5)
    weeks = s.rng.randint(3, 20)
    have = s.money("have", s.rng.randint(0, 20) * 5 + 5)
    s.money("price", have + per * weeks)
    s.say(f"{p.name} wants to buy {thing} that costs @price.", f"{thing[0].upper() + thing[1:]} costs @price, and {p.name} is saving up for it.")
    s.say(f"{p.He} has already saved @have and puts away @per every week.", f"{p.He} has @have now and saves @per a week.")
    left = s.calc("-", "@price", "@have", f"{p.name} still needs {{}}.", "$")
    needed = s.calc("/", left, "@per", "That takes {} weeks.")
    s.distract(f"{p.His} sister saves @sis a week.", f"{p.name} gets @allow pocket money a week.")
    s.money("sis", s.rng.randint(2, 12))
    s.money("allow", s.rng.randint(20, 40))
    s.answer(needed, "(price - have) / per", "", (f"How many weeks will it take {p.name} to save enough?",
                                                   f"After how many more weeks can {p.name} buy it?"))


def discount(s: Story) -> None:
    p = s.person()
    plural, single, lo, hi = s.pick(GOODS)
    s.money("price", s.rng.randint(max(1, lo // 4), max(2, hi // 4)) * 4)
    s.pct("off", s.pick((10, 15, 20, 25, 30, 40, 50)))
    s.num("n", s.rng.randint(2, 6))
    s.say(f"A {single} usually costs @price.", f"The regular price of a {single} is @price.")
    s.say(f"This week every {single} is @off off, and {p.name} buys @n of them.",
          f"During a sale the price is cut by @off, so {p.name} buys @n.")
    rate = s.calc("/", "@off", 100, "As a decimal the discount is {}.", "dec")
    cut = s.calc("*", "@price", rate, f"Each {single} is {{}} cheaper.", "$")
    sale = s.calc("-", "@price", cut, "The sale price is {}.", "$")
    total = s.calc("*", "@n", sale, f"{p.name} pays {{}}.", "$")
    s.distract("The sale lasts @days days.", f"The shop sold @sold {plural} last month.")
    s.num("days", s.rng.randint(3, 14))
    s.num("sold", s.rng.randint(50, 400))
    s.answer(total, "n * (price - price * off / 100)", "$", (f"How much does {p.name} pay?", f"How many dollars does {p.name} spend on the {plural}?"),
             Hook("spend", p))


def restaurant(s: Story) -> None:
    p = s.person()
    s.num("k", s.rng.randint(3, 6))
    s.money("meal", s.rng.randint(8, 30))
    s.money("drinks", s.rng.randint(6, 30))
    s.pct("tip", s.pick((10, 15, 20)))
    s.say(f"{p.name} and friends, @k people in all, each order a meal that costs @meal.",
          f"A group of @k friends, {p.name} among them, orders @k meals at @meal each.")
    s.say("Their drinks cost @drinks in total, and they add a @tip tip on the whole bill.",
          "They also pay @drinks for drinks and leave a tip of @tip of the bill.")
    meals = s.calc("*", "@k", "@meal", "The meals cost {}.", "$")
    bill = s.calc("+", meals, "@drinks", "The bill before the tip is {}.", "$")
    rate = s.calc("/", "@tip", 100, "The tip as a decimal is {}.", "dec")
    tip = s.calc("*", bill, rate, "The tip is {}.", "$")
    total = s.calc("+", bill, tip, "The total is {}.", "$")
    each = s.calc("/", total, "@k", "Each person pays {}.", "$")
    s.distract("The restaurant has @tables tables.", "They waited @wait minutes for a table.")
    s.num("tables", s.rng.randint(10, 40))
    s.num("wait", s.rng.randint(5, 25))
    s.answer(each, "(k * meal + drinks) * (1 + tip / 100) / k", "$",
             ("If they split the total equally, how much does each person pay?", "How much does each of them pay when the total is shared equally?"))


def budget(s: Story) -> None:
    p = s.person()
    s.money("pay", s.rng.randint(20, 60) * 100)
    s.money("rent", s.rng.randint(6, 15) * 100)
    s.money("food", s.rng.randint(20, 80) * 10)
    s.money("other", s.rng.randint(10, 50) * 10)
    s.num("months", s.rng.randint(2, 12))
    s.say(f"{p.name} earns @pay a month.", f"{p.name}'s monthly salary is @pay.")
    s.say(f"Every month {p.he} pays @rent in rent, spends @food on food and @other on everything else, and saves the rest.",
          f"{p.His} monthly costs are @rent for rent, @food for groceries and @other for other bills; {p.he} saves what is left.")
    s.say(f"{p.He} keeps this up for @months months.", f"{p.He} does this for @months months in a row.")
    costs = s.calc("+", "@rent", "@food", "Rent and food come to {}.", "$")
    all_costs = s.calc("+", costs, "@other", "All the costs come to {} a month.", "$")
    saved = s.calc("-", "@pay", all_costs, f"{p.name} saves {{}} a month.", "$")
    total = s.calc("*", saved, "@months", "In @months months that is {}.", "$")
    s.distract(f"{p.name} has lived in the city for @yrs years.", "Rent went up @rise last year.")
    s.num("yrs", s.rng.randint(2, 20))
    s.num("rise", s.rng.randint(2, 9) * 10)
    s.answer(total, "(pay - rent - food - other) * months", "$",
             (f"How much does {p.name} save in that time?", f"How many dollars will {p.name} have saved by then?"), Hook("have", p))


def bake_sale(s: Story) -> None:
    p = s.person()
    plural = s.pick(("cookies", "muffins", "brownies", "cupcakes", "lemon bars"))
    s.num("batches", s.rng.randint(2, 8))
    s.num("per", s.pick((12, 12, 16, 20, 24)))
    s.money("price", cents(s, 1, 3))
    s.money("cost", s.rng.randint(5, 40))
    s.say(f"{p.name} bakes @batches batches of @per {plural} for a bake sale.", f"For the school fair {p.name} makes @batches trays with @per {plural} on each.")
    s.say(f"{p.He} sells every one for @price, and the ingredients cost {p.him} @cost.", f"Each sells for @price; {p.he} spent @cost on ingredients.")
    made = s.calc("*", "@batches", "@per", f"{p.name} bakes {{}} {plural}.")
    takings = s.calc("*", made, "@price", "They sell for {}.", "$")
    profit = s.calc("-", takings, "@cost", "The profit is {}.", "$")
    s.distract("The sale starts at @hour o'clock.", f"{p.name}'s oven holds @trays trays.")
    s.num("hour", s.rng.randint(8, 11))
    s.num("trays", s.rng.randint(2, 4))
    s.answer(profit, "batches * per * price - cost", "$", (f"How much profit does {p.name} make?", f"What is {p.name}'s profit in dollars?"), Hook("earn", p))


def tickets(s: Story) -> None:
    event = s.pick(("school play", "concert", "museum", "zoo", "science show", "water park"))
    s.num("adults", s.rng.randint(20, 200))
    s.money("pa", s.rng.randint(8, 30))
    s.num("kids", s.rng.randint(20, 200))
    s.money("pk", s.rng.randint(3, 12))
    s.say(f"Adult tickets to the {event} cost @pa and child tickets cost @pk.", f"The {event} charges @pa for an adult and @pk for a child.")
    s.say("On Saturday @adults adults and @kids children came.", "@adults adult tickets and @kids child tickets were sold on one day.")
    a = s.calc("*", "@adults", "@pa", "Adult tickets bring in {}.", "$")
    k = s.calc("*", "@kids", "@pk", "Child tickets bring in {}.", "$")
    total = s.calc("+", a, k, f"The {event} takes in {{}}.", "$")
    s.distract("The doors opened at @open.", "There are @seats seats.")
    s.num("open", s.rng.randint(9, 11))
    s.num("seats", s.rng.randint(300, 900))
    s.answer(total, "adults * pa + kids * pk", "$", (f"How much money did the {event} make that day?", "How many dollars were collected in all?"))


def phone_plan(s: Story) -> None:
    p = s.person()
    s.money("base", s.rng.randint(15, 45))
    s.num("inc", s.pick((2, 3, 5, 8, 10)))
    s.money("extra", s.rng.randint(2, 15))
    s.num("used", s.values["inc"] + s.rng.randint(1, 9))
    s.say(f"{p.name}'s phone plan costs @base a month and includes @inc GB of data.", "A phone plan charges @base per month for the first @inc GB.")
    s.say("Each GB beyond that costs @extra.", "Every extra GB is billed at @extra.")
    s.say(f"This month {p.name} used @used GB.", f"{p.name} used @used GB last month.")
    over = s.calc("-", "@used", "@inc", f"{p.name} used {{}} GB beyond the plan.")
    charge = s.calc("*", over, "@extra", "The extra data costs {}.", "$")
    bill = s.calc("+", "@base", charge, "The bill is {}.", "$")
    s.distract(f"{p.name} sends about @texts texts a day.", "The plan includes @mins minutes of calls.")
    s.num("texts", s.rng.randint(10, 90))
    s.num("mins", s.pick((100, 300, 500)))
    s.answer(bill, "base + (used - inc) * extra", "$", (f"How much is {p.name}'s bill this month?", "What is the phone bill for the month in dollars?"),
             Hook("spend", p))


def coins(s: Story) -> None:
    p = s.person()
    s.num("q", s.rng.randint(4, 40))
    s.num("d", s.rng.randint(4, 40))
    s.num("n", s.rng.randint(4, 40))
    s.say(f"{p.name}'s piggy bank holds @q quarters, @d dimes and @n nickels.", f"In a jar {p.name} finds @q quarters, @d dimes and @n nickels.")
    a = s.calc("*", "@q", 25, "The quarters are worth {} cents.")
    b = s.calc("*", "@d", 10, "The dimes are worth {} cents.")
    c = s.calc("*", "@n", 5, "The nickels are worth {} cents.")
    ab = s.calc("+", a, b, "Quarters and dimes make {} cents.")
    total = s.calc("+", ab, c, "All the coins make {} cents.")
    dollars = s.calc("/", total, 100, "In dollars that is {}.", "$")
    s.distract(f"{p.name} has had the piggy bank for @yrs years.", "There are also @buttons buttons in the jar.")
    s.num("yrs", s.rng.randint(2, 9))
    s.num("buttons", s.rng.randint(2, 9))
    s.answer(dollars, "(q * 25 + d * 10 + n * 5) / 100", "$", ("How many dollars are the coins worth?", f"How much money does {p.name} have, in dollars?"),
             Hook("have", p))


def pay_raise(s: Story) -> None:
    p = s.person()
    s.money("wage", s.rng.randint(10, 40) * 2)
    s.pct("pct", s.pick((5, 10, 15, 20, 25)))
    s.num("hours", s.rng.randint(10, 40))
    s.say(f"{p.name} earns @wage an hour.", f"{p.name}'s hourly wage is @wage.")
    s.say(f"{p.He} gets a @pct raise and then works @hours hours.", f"After a raise of @pct, {p.he} works @hours hours in one week.")
    rate = s.calc("/", "@pct", 100, "The raise as a decimal is {}.", "dec")
    more = s.calc("*", "@wage", rate, "The raise is {} an hour.", "$")
    new = s.calc("+", "@wage", more, "The new wage is {} an hour.", "$")
    total = s.calc("*", new, "@hours", f"{p.name} earns {{}} that week.", "$")
    s.distract(f"{p.name} has worked there for @yrs years.", "The company has @staff staff.")
    s.num("yrs", s.rng.randint(2, 20))
    s.num("staff", s.rng.randint(20, 400))
    s.answer(total, "wage * (1 + pct / 100) * hours", "$", (f"How much does {p.name} earn that week?", f"What is {p.name}'s pay for the week?"), Hook("earn", p))


def commission(s: Story) -> None:
    p = s.person()
    s.money("base", s.rng.randint(10, 30) * 100)
    s.pct("rate", s.pick((2, 4, 5, 8, 10, 12)))
    s.money("sales", s.rng.randint(10, 90) * 500)
    s.say(f"{p.name} sells cars and earns a base salary of @base a month plus a commission of @rate of {p.his} sales.",
          f"A salesperson, {p.name}, gets @base a month and @rate of everything {p.he} sells.")
    s.say(f"This month {p.he} sold @sales worth of cars.", f"In March {p.name}'s sales came to @sales.")
    r = s.calc("/", "@rate", 100, "The commission rate as a decimal is {}.", "dec")
    com = s.calc("*", "@sales", r, "The commission is {}.", "$")
    total = s.calc("+", "@base", com, f"{p.name} earns {{}} this month.", "$")
    s.distract("The dealership has @cars cars on its lot.", f"{p.name} sold @last cars last year.")
    s.num("cars", s.rng.randint(30, 200))
    s.num("last", s.rng.randint(20, 90))
    s.answer(total, "base + sales * rate / 100", "$", (f"How much does {p.name} earn this month?", f"What are {p.name}'s total earnings for the month?"),
             Hook("earn", p))


def fuel(s: Story) -> None:
    p = s.person()
    s.num("use", s.rng.randint(5, 12))
    s.num("hund", 100)
    s.num("km", s.rng.randint(2, 15) * 100)
    s.money("price", cents(s, 1, 2))
    s.say(f"{p.name}'s car uses @use liters of fuel per @hund km.", f"{p.name} drives a car that burns @use liters of petrol every @hund km.")
    s.say(f"{p.He} drives @km km, and fuel costs @price a liter.", "On a trip of @km km, fuel is @price per liter.")
    hundreds = s.calc("/", "@km", "@hund", "The trip is {} hundreds of kilometers.")
    liters = s.calc("*", hundreds, "@use", "The car uses {} liters.")
    cost = s.calc("*", liters, "@price", "The fuel costs {}.", "$")
    s.distract("The car is @age years old.", f"{p.name} stops @stops times on the way.")
    s.num("age", s.rng.randint(2, 15))
    s.num("stops", s.rng.randint(2, 5))
    s.answer(cost, "km / hund * use * price", "$", ("How much does the fuel for the trip cost?", f"How many dollars does {p.name} spend on fuel?"), Hook("spend", p))


def fraction_spent(s: Story) -> None:
    p = s.person()
    first, second = s.pick((("a quarter", 4), ("a fifth", 5), ("a third", 3), ("half", 2))), s.pick((("a third", 3), ("half", 2), ("a quarter", 4)))
    m = s.money("money", s.rng.randint(4, 50) * first[1] * second[1] * 2)
    del m
    a, b = s.pick(("books", "a jacket", "a concert ticket", "groceries")), s.pick(("lunch", "a gift", "bus fares", "a movie"))
    s.say(f"{p.name} had @money.", f"{p.name} started the day with @money.")
    s.say(f"{p.He} spent {first[0]} of it on {a} and then {second[0]} of what was left on {b}.",
          f"{p.He} used {first[0]} of the money for {a}, then {second[0]} of the remaining money for {b}.")
    spent1 = s.calc("/", "@money", first[1], f"{p.name} spent {{}} on {a}.", "$")
    rest = s.calc("-", "@money", spent1, "That left {}.", "$")
    spent2 = s.calc("/", rest, second[1], f"{p.He} spent {{}} on {b}.", "$")
    left = s.calc("-", rest, spent2, f"{p.name} has {{}} left.", "$")
    s.distract(f"{p.His} brother had @bro.", "The shop was @blocks blocks away.")
    s.money("bro", s.rng.randint(5, 60))
    s.num("blocks", s.rng.randint(2, 9))
    s.answer(left, f"(money - money / {first[1]}) * (1 - 1 / {second[1]})", "$", (f"How much money does {p.name} have left?",
                                                                                  f"How many dollars does {p.name} have now?"), Hook("have", p))


TEMPLATES = {
    "shopping": shopping, "overtime": overtime, "savings_goal": savings_goal, "discount": discount, "restaurant": restaurant,
    "budget": budget, "bake_sale": bake_sale, "tickets": tickets, "phone_plan": phone_plan, "coins": coins,
    "pay_raise": pay_raise, "commission": commission, "fuel": fuel, "fraction_spent": fraction_spent,
}  # fmt: skip
