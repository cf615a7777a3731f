"""Word-problem templates about people and counts: ages, scores and averages, sharing a
cost, giving things away, sales over several days, ratios, leftovers, and chains of "more
than" / "times as many".

Each template draws its numbers, states them with ``@`` markers in one of several
phrasings, adds one graph quantity per step, and names its answer's closed formula over
the printed numbers (see :mod:`._story`).
"""

from __future__ import annotations

from cotforge.generators.math._story import WORDS, Hook, Story, StoryError


def gift(s: Story) -> None:
    a, b = s.person(), s.person()
    more = s.num("more", s.rng.randint(1, 20) * 2)
    s.money("total", more + 2 * s.rng.randint(5, 60))
    gift = s.pick(("a birthday present", "a board game", "flowers for their teacher", "a cake"))
    s.say(f"{a.name} and {b.name} buy {gift} for @total together.", f"Together, {a.name} and {b.name} pay @total for {gift}.")
    s.say(f"{a.name} pays @more more than {b.name}.", f"{a.name}'s share is @more more than {b.name}'s.")
    rest = s.calc("-", "@total", "@more", "Without the extra, the cost is {}.", "$")
    bb = s.calc("/", rest, 2, f"{b.name} pays {{}}.", "$")
    s.distract(f"{b.name} is @age years old.", "The shop is @km km away.")
    s.num("age", s.rng.randint(8, 16))
    s.num("km", s.rng.randint(2, 9))
    del more
    s.answer(bb, "(total - more) / 2", "$", (f"How much does {b.name} pay?", f"How many dollars does {b.name} pay?"))


def give_out(s: Story) -> None:
    a, b, c = s.person(), s.person(), s.person()
    thing = s.pick(("marbles", "stickers", "crayons", "trading cards", "beads"))
    s.num("a", s.rng.randint(3, 30))
    s.num("b", s.rng.randint(3, 30))
    s.num("have", s.values["a"] + s.values["b"] + s.rng.randint(2, 60))
    s.say(f"{a.name} has @have {thing}.", f"{a.name} owns a box of @have {thing}.")
    s.say(f"{a.He} gives @a to {b.name} and @b to {c.name}.", f"{b.name} gets @a of them and {c.name} gets @b.")
    given = s.calc("+", "@a", "@b", f"{a.name} gives away {{}} {thing}.")
    left = s.calc("-", "@have", given, f"{a.name} has {{}} {thing} left.")
    s.distract(f"{b.name} already had @bh {thing}.", f"{c.name} is @age years old.")
    s.num("bh", s.rng.randint(2, 20))
    s.num("age", s.rng.randint(6, 14))
    s.answer(left, "have - (a + b)", "", (f"How many {thing} does {a.name} have left?", f"How many {thing} does {a.name} keep?"), Hook("items", a, thing))


def ages(s: Story) -> None:
    a, b, c = s.person(), s.person(), s.person()
    s.num("c", s.rng.randint(3, 12))
    s.num("m", s.rng.randint(2, 4))
    s.num("k", s.rng.randint(2, 9))
    s.num("y", s.rng.randint(2, 10))
    s.say(f"{c.name} is @c years old.", f"{c.name} turned @c this year.")
    s.say(f"{b.name} is @m times as old as {c.name}, and {a.name} is @k years older than {b.name}.",
          f"{b.name}'s age is @m times {c.name}'s, and {a.name} is @k years older than {b.name}.")
    bb = s.calc("*", "@m", "@c", f"{b.name} is {{}} years old.")
    aa = s.calc("+", bb, "@k", f"{a.name} is {{}} years old.")
    ask = s.pick(("future", "sum"))
    if ask == "future":
        later = s.calc("+", aa, "@y", f"In @y years {a.name} will be {{}}.")
        s.answer(later, "m * c + k + y", "", (f"How old will {a.name} be in @y years?", f"What age will {a.name} be @y years from now?"))
    else:
        two = s.calc("+", aa, bb, f"{a.name} and {b.name} together are {{}} years old.")
        total = s.calc("+", two, "@c", "All three together are {} years old.")
        s.answer(total, "m * c + k + m * c + c", "", ("What is the sum of their three ages?", "How many years old are the three of them together?"))
    s.distract(f"{a.name} has @pets pets.", f"{c.name} is in grade @grade.")
    s.num("pets", s.rng.randint(2, 5))
    s.num("grade", s.rng.randint(1, 6))


def typing(s: Story) -> None:
    a, b = s.person(), s.person()
    s.num("a", s.rng.randint(40, 90))
    s.num("b", s.rng.randint(20, int(s.values["a"]) - 5))
    s.num("t", s.rng.randint(5, 30))
    s.say(f"{a.name} types @a words a minute and {b.name} types @b words a minute.", f"{a.name} can type @a words per minute; {b.name} manages @b.")
    s.say("They both type for @t minutes.", "Each of them types for @t minutes without a break.")
    wa = s.calc("*", "@a", "@t", f"{a.name} types {{}} words.")
    wb = s.calc("*", "@b", "@t", f"{b.name} types {{}} words.")
    diff = s.calc("-", wa, wb, f"{a.name} types {{}} more words.")
    s.distract(f"{b.name} has been typing for @yrs years.", "The report they type is for @client clients.")
    s.num("yrs", s.rng.randint(2, 10))
    s.num("client", s.rng.randint(2, 8))
    s.answer(diff, "a * t - b * t", "", (f"How many more words does {a.name} type than {b.name}?", f"How many words more than {b.name} does {a.name} type?"))


def average(s: Story) -> None:
    p = s.person()
    k = s.rng.randint(3, 10)
    scores = [s.rng.randint(60, 100) for _ in range(k - 1)]
    scores.append(60 + (-(sum(scores) + 60)) % k + k * s.rng.randint(0, (40 - k) // k))
    subject = s.pick(("math", "spelling", "science", "history"))
    for i, v in enumerate(scores):
        s.num(f"s{i}", v)
    listed = ", ".join(f"@s{i}" for i in range(k - 1)) + f" and @s{k - 1}"
    s.say(f"{p.name} scored {listed} on {p.his} {subject} tests.", f"On the {subject} quizzes {p.name} got {listed}.")
    total = s.given("s0")
    for i in range(1, k):
        total = s.calc("+", total, f"@s{i}", "The scores add up to {}." if i == k - 1 else "The running total is {}.")
    mean = s.calc("/", total, k, "The average is {}.")
    s.distract("The class has @pupils pupils.", f"{p.name} studies @mins minutes a night.")
    s.num("pupils", s.rng.randint(18, 32))
    s.num("mins", s.rng.randint(20, 90))
    s.answer(mean, f"({' + '.join(f's{i}' for i in range(k))}) / {k}", "", (f"What is {p.name}'s average score?", "What is the mean of these scores?"))


def needed_score(s: Story) -> None:
    p = s.person()
    k = s.rng.randint(3, 10)
    goal = s.num("goal", s.rng.randint(75, 90))
    scores = [s.rng.randint(65, 100) for _ in range(k - 1)]
    for i, v in enumerate(scores):
        s.num(f"s{i}", v)
    s.num("k", k)
    if not 40 <= goal * k - sum(scores) <= 100:
        raise StoryError("the last score would be out of range")
    listed = ", ".join(f"@s{i}" for i in range(k - 2)) + f" and @s{k - 2}" if k > 2 else "@s0"
    s.say(f"{p.name} wants an average of @goal over @k tests.", f"To pass, {p.name} needs a mean score of @goal across @k exams.")
    s.say(f"{p.He} scored {listed} on the first tests.", f"So far {p.his} scores are {listed}.")
    need_total = s.calc("*", "@goal", "@k", "The @k tests must add up to {}.")
    got = s.given("s0")
    for i in range(1, k - 1):
        got = s.calc("+", got, f"@s{i}", "So far the scores add up to {}." if i == k - 2 else "The running total is {}.")
    last = s.calc("-", need_total, got, "The last test needs {}.")
    del goal
    s.distract(f"{p.name}'s best friend averaged @friend.", "Each test has @qs questions.")
    s.num("friend", s.rng.randint(60, 99))
    s.num("qs", s.rng.randint(10, 40))
    s.answer(last, f"goal * k - ({' + '.join(f's{i}' for i in range(k - 1))})", "", (f"What score does {p.name} need on the last test?",
                                                                                     "What must the last score be?"))


def sales_days(s: Story) -> None:
    p = s.person()
    thing = s.pick(("lemonades", "bracelets", "pies", "raffle tickets", "postcards"))
    s.num("mon", s.rng.randint(5, 40))
    s.num("more", s.rng.randint(2, 15))
    s.num("fewer", s.rng.randint(2, 10))
    s.say(f"{p.name} sold @mon {thing} on Monday.", f"On Monday {p.name} sold @mon {thing}.")
    s.say(f"On Tuesday {p.he} sold @more more than on Monday, and on Wednesday twice as many as on Tuesday minus @fewer.",
          f"{p.He} sold @more more on Tuesday than on Monday; on Wednesday {p.he} sold @fewer fewer than double Tuesday's number.")
    tue = s.calc("+", "@mon", "@more", "On Tuesday {} were sold.")
    dbl = s.calc("*", tue, 2, "Twice Tuesday's sales is {}.")
    wed = s.calc("-", dbl, "@fewer", "On Wednesday {} were sold.")
    two = s.calc("+", "@mon", tue, "Monday and Tuesday make {}.")
    total = s.calc("+", two, wed, f"Over the three days {p.name} sold {{}} {thing}.")
    s.distract(f"{p.name}'s stand is @m meters from the gate.", "The fair lasts @d days.")
    s.num("m", s.rng.randint(10, 90))
    s.num("d", s.rng.randint(4, 9))
    s.answer(total, "mon + (mon + more) + (2 * (mon + more) - fewer)", "", (f"How many {thing} did {p.name} sell in the three days?",
                                                                            f"How many {thing} were sold from Monday to Wednesday?"), Hook("items", p, thing))


def ratio_class(s: Story) -> None:
    a, b = s.rng.sample(range(1, 9), 2)
    s.num("a", a)
    s.num("b", b)
    s.num("n", (a + b) * s.rng.randint(3, 20))
    p = s.person()
    place = s.pick((f"{p.name}'s class", f"{p.name}'s choir", f"the chess club {p.name} runs", f"{p.name}'s summer camp",
                    f"the swimming team {p.name} coaches", f"{p.name}'s drama group"))
    s.say(f"In {place} the ratio of boys to girls is @a:@b.", f"Boys and girls in {place} are in the ratio @a:@b.")
    s.say("There are @n children in all.", "Altogether @n children take part.")
    parts = s.calc("+", "@a", "@b", "There are {} parts in all.")
    one = s.calc("/", "@n", parts, "One part is {} children.")
    boys = s.calc("*", "@a", one, "There are {} boys.")
    girls = s.calc("*", "@b", one, "There are {} girls.")
    ask = "girls" if b > a else "boys"
    diff = s.calc("-", girls, boys, "There are {} more girls than boys.") if b > a else s.calc("-", boys, girls, "There are {} more boys than girls.")
    s.distract("The group meets @days days a week.", "It was founded @yrs years ago.")
    s.num("days", s.rng.randint(1, 5))
    s.num("yrs", s.rng.randint(2, 30))
    other = "boys" if ask == "girls" else "girls"
    formula = "n / (a + b) * (b - a)" if b > a else "n / (a + b) * (a - b)"
    s.answer(diff, formula, "", (f"How many more {ask} than {other} are there?", f"By how many do the {ask} outnumber the {other}?"))


def pizza(s: Story) -> None:
    p = s.person()
    s.num("pizzas", s.rng.randint(2, 9))
    s.num("slices", s.pick((6, 8, 10, 12)))
    s.num("people", s.rng.randint(3, 10))
    s.num("ate", s.rng.randint(2, 4))
    s.say(f"{p.name} orders @pizzas pizzas, each cut into @slices slices.", f"For a party {p.name} buys @pizzas pizzas with @slices slices each.")
    s.say("@people guests each eat @ate slices.", "Each of the @people guests has @ate slices.")
    total = s.calc("*", "@pizzas", "@slices", "There are {} slices.")
    eaten = s.calc("*", "@people", "@ate", "The guests eat {} slices.")
    left = s.calc("-", total, eaten, "{} slices are left.")
    s.distract("The party starts at @hour.", "Each pizza cost @cost.")
    s.num("hour", s.rng.randint(5, 8))
    s.money("cost", s.rng.randint(8, 20))
    s.answer(left, "pizzas * slices - people * ate", "", ("How many slices are left over?", "How many slices remain after the guests eat?"),
             Hook("items", p, "slices"))


def chain(s: Story) -> None:
    """People defined one from another (twice as many, 5 more, half as many), then a total."""
    things, verb = s.pick((("stickers", "has"), ("shells", "collected"), ("points", "scored"), ("apples", "picked"), ("stamps", "has")))
    n = s.rng.randint(2, 8)
    people = [s.person() for _ in range(n)]
    s.num("x0", s.rng.randint(4, 40))
    s.say(f"{people[0].name} {verb} @x0 {things}.")
    ids, exprs = [s.given("x0")], ["x0"]
    for i in range(1, n):
        src, who, kind = i - 1, people[i], s.pick(("times", "more", "fewer", "half", "compound"))
        ref, name = ids[src], people[src].name
        if kind == "times":
            s.num(f"x{i}", s.rng.randint(2, 4))
            s.say(f"{who.name} {verb} @x{i} times as many {things} as {name}.")
            ids.append(s.calc("*", f"@x{i}", ref, f"{who.name} {verb} {{}} {things}."))
            exprs.append(f"x{i} * ({exprs[src]})")
        elif kind in ("more", "fewer"):
            s.num(f"x{i}", s.rng.randint(2, 25))
            s.say(f"{who.name} {verb} @x{i} {kind} {things} than {name}.")
            ids.append(s.calc("+" if kind == "more" else "-", ref, f"@x{i}", f"{who.name} {verb} {{}} {things}."))
            exprs.append(f"({exprs[src]}) {'+' if kind == 'more' else '-'} x{i}")
        elif kind == "half":
            s.say(f"{who.name} {verb} half as many {things} as {name}.")
            ids.append(s.calc("/", ref, 2, f"{who.name} {verb} {{}} {things}."))
            exprs.append(f"({exprs[src]}) / 2")
        else:
            s.num(f"x{i}", s.rng.randint(2, 12))
            s.say(f"{who.name} {verb} @x{i} more than twice as many {things} as {name}.")
            dbl = s.calc("*", ref, 2, f"Twice {name}'s number is {{}}.")
            ids.append(s.calc("+", dbl, f"@x{i}", f"{who.name} {verb} {{}} {things}."))
            exprs.append(f"2 * ({exprs[src]}) + x{i}")
    total = ids[0]
    for i in range(1, n):
        total = s.calc("+", total, ids[i], f"Together they have {{}} {things}." if i == n - 1 else "The running total is {}.")
    s.distract(f"{people[-1].name}'s cousin {verb} @c {things}.", f"{people[0].name} has known {people[1].name} for @yrs years.")
    s.num("yrs", s.rng.randint(2, 12))
    s.num("c", s.rng.randint(3, 30))
    aux = "do" if verb in ("has",) else "did"
    base = "have" if verb == "has" else {"collected": "collect", "scored": "score", "picked": "pick"}[verb]
    s.answer(total, " + ".join(f"({e})" for e in exprs), "", (f"How many {things} {aux} they {base} altogether?",
                                                              f"How many {things} {aux} the {WORDS[n]} of them {base} in total?"), Hook("items", people[0], things))


TEMPLATES = {"gift": gift, "give_out": give_out, "ages": ages, "typing": typing, "average": average, "needed_score": needed_score, "sales_days": sales_days, "ratio_class": ratio_class, "pizza": pizza, "chain": chain}  # fmt: skip
