"""Sequence templates: the n-th term and the sum of arithmetic and geometric sequences, which term
has a value, how many terms a list has, a sequence known by two terms, and the same ideas in
words (weekly savings, taxi fares, rows of seats, doubling, bouncing balls, depreciation).

Each template states its numbers with ``@`` markers, adds one graph quantity per step (the
common difference or ratio, ``n - 1``, the formula piece by piece), names its answer's closed
formula over the printed numbers, and sets ``s.brute``: the answer found by listing the terms
one by one (and adding them up), never from the formula.
"""

from __future__ import annotations

from fractions import Fraction

from cotforge.generators.math._story import Story, StoryError


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def terms(first: Fraction, step: Fraction, count: int, geometric: bool) -> list[Fraction]:
    """The first ``count`` terms, one at a time (the brute-force route to the gold)."""
    out = [Fraction(first)]
    while len(out) < count:
        out.append(out[-1] * step if geometric else out[-1] + step)
    return out


def _listing(s: Story, first: int, step: Fraction, geometric: bool, count: int = 4) -> str:
    shown = terms(Fraction(first), step, count, geometric)
    if any(t.denominator != 1 for t in shown):
        raise StoryError("listed terms must be whole")
    for i, t in enumerate(shown, start=1):
        s.num(f"t{i}", t, "z")
    return ", ".join(f"@t{i}" for i in range(1, count + 1)) + ", …"


def arith_nth(s: Story) -> None:
    a, d, n = s.rng.randint(-20, 40), s.pick([x for x in range(-9, 13) if x]), s.rng.randint(10, 80)
    s.say(f"The sequence {_listing(s, a, Fraction(d), False)} is arithmetic.", f"The arithmetic sequence {_listing_again(s)} continues in the same way.")
    s.num("n", n)
    diff = s.calc("-", "@t2", "@t1", "The common difference is {}.", "z")
    steps = s.calc("-", "@n", 1, f"From the 1st to the {ordinal(n)} term there are {{}} steps.")
    rise = s.calc("*", steps, diff, "Together the steps add {}.", "z")
    term = s.calc("+", "@t1", rise, f"The {ordinal(n)} term is {{}}.", "z")
    s.answer(term, "t1 + (n - 1) * (t2 - t1)", "z", ("What is the term in position @n?", "Which number is in position @n of the sequence?"))
    s.brute = terms(Fraction(a), Fraction(d), n, False)[-1]


def _listing_again(s: Story) -> str:
    return ", ".join(f"@t{i}" for i in range(1, 5)) + ", …"


def geo_nth(s: Story) -> None:
    a, r = s.pick([x for x in range(-12, 13) if x]), s.pick((2, 3, 4, 5, -2, -3, -4, -5))
    n = s.rng.randint(5, 10) if abs(r) <= 3 else s.rng.randint(5, 8)
    s.say(f"The sequence {_listing(s, a, Fraction(r), True)} is geometric.", f"Each term of {_listing_again(s)} is a fixed multiple of the one before.")
    s.num("n", n)
    ratio = s.calc("/", "@t2", "@t1", "The common ratio is {}.", "z")
    steps = s.calc("-", "@n", 1, "There are {} steps from the first term.")
    power = s.calc("^", ratio, steps, "The ratio is applied that many times: {}.", "z")
    term = s.calc("*", "@t1", power, "The term is {}.", "z")
    s.answer(term, "t1 * (t2 / t1) ** (n - 1)", "z", ("What is the term in position @n?", "Which number is in position @n?"))
    s.brute = terms(Fraction(a), Fraction(r), n, True)[-1]


def next_term(s: Story) -> None:
    geometric = s.rng.random() < 0.35
    if geometric:
        if s.rng.random() < 0.15:  # falling: the listed terms and the next stay whole
            r = Fraction(1, s.pick((2, 3, 4)))
            a = int(r.denominator) ** 4 * s.pick([x for x in range(-20, 21) if x])
        else:
            a, r = s.pick([x for x in range(-12, 13) if x]), Fraction(s.pick([x for x in range(-9, 10) if abs(x) > 1]))
        s.say(f"The geometric sequence {_listing(s, a, r, True)} continues.", f"Each term of {_listing_again(s)} is the one before times the same number.")
        ratio = s.calc("/", "@t2", "@t1", "The common ratio is {}.", "q")
        nxt = s.calc("*", "@t4", ratio, "The next term is {}.", "z")
        s.answer(nxt, "t4 * t2 / t1", "z", ("What is the next term?", "Which number comes next?", "What is the fifth term?"))
        s.brute = terms(Fraction(a), r, 5, True)[-1]
    else:
        a, d = s.rng.randint(-50, 100), Fraction(s.pick([x for x in range(-25, 26) if x]))
        s.say(f"The arithmetic sequence {_listing(s, a, d, False)} continues.", f"The numbers {_listing_again(s)} go up or down by the same amount each time.")
        diff = s.calc("-", "@t2", "@t1", "The common difference is {}.", "z")
        nxt = s.calc("+", "@t4", diff, "The next term is {}.", "z")
        s.answer(nxt, "t4 + t2 - t1", "z", ("What is the next term?", "Which number comes next?", "What is the fifth term?"))
        s.brute = terms(Fraction(a), d, 5, False)[-1]


def which_term(s: Story) -> None:
    a, d = s.rng.randint(-10, 30), s.rng.randint(2, 12)
    n = s.rng.randint(12, 90)
    s.say(f"The arithmetic sequence {_listing(s, a, Fraction(d), False)} goes on.", f"Consider the arithmetic sequence {_listing_again(s)}")
    s.num("v", a + (n - 1) * d, "z")
    diff = s.calc("-", "@t2", "@t1", "The common difference is {}.")
    gap = s.calc("-", "@v", "@t1", "The value is {} above the first term.")
    steps = s.calc("/", gap, diff, "That is {} steps of the difference.")
    pos = s.calc("+", steps, 1, "So it is term number {}.")
    s.answer(pos, "(v - t1) / (t2 - t1) + 1", "", ("Which term of the sequence is @v?", "In which position does @v appear?"))
    s.brute = Fraction(next(i for i, t in enumerate(terms(Fraction(a), Fraction(d), n, False), start=1) if t == a + (n - 1) * d))


def count_terms(s: Story) -> None:
    a, d = s.rng.randint(1, 30), s.rng.randint(2, 9)
    n = s.rng.randint(12, 120)
    s.num("a", a)
    s.num("b", a + d)
    s.num("last", a + (n - 1) * d)
    s.say("A list of numbers starts @a, @b and goes up by the same amount each time, ending at @last.",
          "The numbers @a, @b, … go up in equal steps and the last one is @last.")
    diff = s.calc("-", "@b", "@a", "Each step is {}.")
    span = s.calc("-", "@last", "@a", "From first to last is {}.")
    steps = s.calc("/", span, diff, "That is {} steps.")
    count = s.calc("+", steps, 1, "So the list has {} numbers.")
    s.answer(count, "(last - a) / (b - a) + 1", "", ("How many numbers are in the list?", "How many terms does the list have?"))
    s.brute = Fraction(len(range(a, a + (n - 1) * d + 1, d)))


def arith_sum(s: Story) -> None:
    a, d, n = s.rng.randint(-20, 30), s.pick([x for x in range(-9, 13) if x]), s.rng.randint(10, 60)
    s.say(f"The sequence {_listing(s, a, Fraction(d), False)} is arithmetic.")
    s.num("n", n)
    diff = s.calc("-", "@t2", "@t1", "The common difference is {}.", "z")
    steps = s.calc("-", "@n", 1, "The last of the @n terms is {} steps after the first.")
    rise = s.calc("*", steps, diff, "Those steps add {}.", "z")
    last = s.calc("+", "@t1", rise, "The last term is {}.", "z")
    ends = s.calc("+", "@t1", last, "First plus last is {}.", "z")
    times = s.calc("*", "@n", ends, "@n times that is {}.", "z")
    total = s.calc("/", times, 2, "Half of it, the sum, is {}.", "z")
    s.answer(total, "n * (t1 + t1 + (n - 1) * (t2 - t1)) / 2", "z", ("What is the sum of its first @n terms?", "What do its first @n terms add up to?"))
    s.brute = sum(terms(Fraction(a), Fraction(d), n, False), Fraction(0))


def geo_sum(s: Story) -> None:
    if s.rng.random() < 0.3:  # a falling series whose listed terms stay whole
        r = Fraction(1, s.pick((2, 3)))
        a = int(r.denominator) ** 3 * s.pick([x for x in range(-9, 10) if x])
    else:
        a, r = s.pick([x for x in range(-12, 13) if x]), Fraction(s.pick((3, 4, 5, -2, -3, -4)))  # r = 2 would divide by 1
    n = s.rng.randint(4, 8) if abs(r) <= 3 else s.rng.randint(4, 6)
    listing = _listing(s, a, r, True, s.pick((3, 4, 5)))
    s.say(f"The sequence {listing} is geometric.", f"Each term of the sequence {listing} is the one before times a fixed number.")
    s.num("n", n)
    ratio = s.calc("/", "@t2", "@t1", "The common ratio is {}.", "q")
    power = s.calc("^", ratio, "@n", "The ratio to the power @n is {}.", "q")
    top = s.calc("-", power, 1, "Minus one: {}.", "q")
    bottom = s.calc("-", ratio, 1, "The ratio minus one is {}.", "q")
    quotient = s.calc("/", top, bottom, "Their quotient is {}.", "q")
    total = s.calc("*", "@t1", quotient, "Times the first term, the sum is {}.", "q")
    s.answer(total, "t1 * ((t2 / t1) ** n - 1) / (t2 / t1 - 1)", "q", ("What is the sum of its first @n terms?",
                                                                     "What do its first @n terms add up to?"))
    s.brute = sum(terms(Fraction(a), r, n, True), Fraction(0))


def two_terms(s: Story) -> None:
    a, d = s.rng.randint(-20, 30), s.pick([x for x in range(-9, 13) if x])
    p, q = sorted(s.rng.sample(range(2, 15), 2))
    n = s.rng.randint(q + 5, 60)
    listed = terms(Fraction(a), Fraction(d), n, False)
    s.num("p", p)
    s.num("vp", listed[p - 1], "z")
    s.num("q", q)
    s.num("vq", listed[q - 1], "z")
    s.num("n", n)
    s.say("In an arithmetic sequence, term number @p is @vp and term number @q is @vq.", "An arithmetic sequence has @vp in position @p and @vq in position @q.")
    rise = s.calc("-", "@vq", "@vp", "Between them the terms change by {}.", "z")
    gap = s.calc("-", "@q", "@p", "That takes {} steps.")
    d_q = s.calc("/", rise, gap, "The common difference is {}.", "z")
    back = s.calc("-", "@p", 1, "Term @p is {} steps after the first.")
    drop = s.calc("*", back, d_q, "Those steps add {}.", "z")
    first = s.calc("-", "@vp", drop, "The first term is {}.", "z")
    forward = s.calc("-", "@n", 1, "Term @n is {} steps after the first.")
    rise_n = s.calc("*", forward, d_q, "Those steps add {}.", "z")
    term = s.calc("+", first, rise_n, "Term @n is {}.", "z")
    s.answer(term, "vp - (p - 1) * (vq - vp) / (q - p) + (n - 1) * (vq - vp) / (q - p)", "z", ("What is term number @n?", "Which number is in position @n?"))
    s.brute = listed[-1]


def growing_savings(s: Story) -> None:
    p = s.person()
    word, k = s.pick((("doubles", 2), ("triples", 3), ("multiplies by four", 4)))
    s.money("a", s.rng.randint(1, 12))
    s.num("n", s.rng.randint(3, 10) if k == 2 else s.rng.randint(3, 7))
    s.say(f"{p.name} saves @a in the first week, and every week after that {p.he} {word} the amount saved the week before.",
          f"In week one {p.name} puts @a into a jar; each following week {p.he} {word} the previous week's amount.")
    s.say(f"{p.He} keeps this up for @n weeks.", "This goes on for @n weeks.")
    power = s.calc("^", k, "@n", f"The amount {word.split()[0]} each week, and {k}^@n is {{}}.")
    top = s.calc("-", power, 1, "Minus one gives {}.")
    if k == 2:
        total = s.calc("*", "@a", top, f"Since {k} - 1 = 1, the total is {{}}.", "$")
        formula = f"a * ({k} ** n - 1)"
    else:
        quotient = s.calc("/", top, k - 1, f"Divided by {k} - 1 that is {{}}.")
        total = s.calc("*", "@a", quotient, "The total saved is {}.", "$")
        formula = f"a * ({k} ** n - 1) / ({k} - 1)"
    s.answer(total, formula, "$", (f"How much does {p.name} save in all?", "How much money is in the jar after @n weeks?"))
    s.brute = sum(terms(s.values["a"], Fraction(k), int(s.values["n"]), True), Fraction(0))


def savings(s: Story) -> None:
    p = s.person()
    s.money("a", s.rng.randint(2, 20))
    s.money("d", s.rng.randint(1, 10))
    s.num("n", s.rng.randint(5, 40))
    s.say(f"{p.name} saves @a in the first week and @d more each week than the week before.",
          f"In week one {p.name} puts away @a; every later week {p.he} saves @d more than the previous week.")
    steps = s.calc("-", "@n", 1, "Week @n comes {} weeks after the first.")
    rise = s.calc("*", steps, "@d", "By then the weekly amount has grown by {}.", "$")
    week = s.calc("+", "@a", rise, f"In week @n {p.name} saves {{}}.", "$")
    s.answer(week, "a + (n - 1) * d", "$", (f"How much does {p.name} save in week @n?",))
    a, d, n = s.values["a"], s.values["d"], int(s.values["n"])
    s.brute = terms(a, d, n, False)[-1]


def taxi(s: Story) -> None:
    s.money("a", s.rng.randint(3, 9))
    s.money("d", Fraction(s.rng.randint(4, 12), 4))
    s.num("n", s.rng.randint(3, 30))
    s.say("A taxi charges @a for the first kilometer and @d for every kilometer after that.", "The fare is @a for the first km plus @d for each further km.")
    s.say("A ride is @n km long.", "A passenger travels @n km.")
    more = s.calc("-", "@n", 1, "After the first there are {} more kilometers.")
    extra = s.calc("*", more, "@d", "They cost {}.", "$")
    fare = s.calc("+", "@a", extra, "The fare is {}.", "$")
    s.answer(fare, "a + (n - 1) * d", "$", ("How much is the fare?", "What does the ride cost?"))
    s.brute = terms(s.values["a"], s.values["d"], int(s.values["n"]), False)[-1]


def seats(s: Story) -> None:
    who = s.person().name
    place, row, things = s.pick(((f"{who}'s school theater", "row", "seats"), ("A stadium section", "row", "seats"),
                                 (f"The lecture hall where {who} teaches", "row", "seats"), (f"{who}'s display of cans", "layer", "cans"),
                                 (f"A pile of logs {who} stacks", "layer", "logs"), (f"A brick wall {who} builds", "course", "bricks")))
    s.num("a", s.rng.randint(5, 40))
    s.num("d", s.rng.randint(1, 6))
    s.num("n", s.rng.randint(8, 50))
    s.say(f"{place} has @a {things} in the first {row}, and each {row} after that has @d more {things} than the one before.",
          f"{place} starts with @a {things} in its first {row}; every further {row} has @d {things} more.")
    s.say(f"There are @n {row}s.", f"It has @n {row}s in all.")
    steps = s.calc("-", "@n", 1, f"The last {row} comes {{}} {row}s after the first.")
    rise = s.calc("*", steps, "@d", f"It has {{}} more {things} than the first {row}.")
    last = s.calc("+", "@a", rise, f"The last {row} has {{}} {things}.")
    ends = s.calc("+", "@a", last, f"The first and last {row}s together have {{}} {things}.")
    times = s.calc("*", "@n", ends, "@n times that is {}.")
    total = s.calc("/", times, 2, f"Half of that, {{}}, is the number of {things}.")
    s.answer(total, "n * (a + a + (n - 1) * d) / 2", "", (f"How many {things} are there in all?", f"How many {things} does it have altogether?"))
    s.brute = sum(terms(s.values["a"], s.values["d"], int(s.values["n"]), False), Fraction(0))


def multiples_sum(s: Story) -> None:
    k = s.rng.randint(3, 15)
    lo = k * s.rng.randint(1, 20)
    hi = lo + k * s.rng.randint(8, 80)
    s.num("k", k)
    s.num("lo", lo)
    s.num("hi", hi)
    s.say("The multiples of @k from @lo to @hi are written in a list.", "Consider every multiple of @k between @lo and @hi, both included.")
    span = s.calc("-", "@hi", "@lo", "From the first to the last is {}.")
    gaps = s.calc("/", span, "@k", "That is {} steps of @k.")
    count = s.calc("+", gaps, 1, "So there are {} multiples.")
    ends = s.calc("+", "@lo", "@hi", "First plus last is {}.")
    times = s.calc("*", count, ends, "Times the number of terms: {}.")
    total = s.calc("/", times, 2, "Half of that, the sum, is {}.")
    s.answer(total, "((hi - lo) / k + 1) * (lo + hi) / 2", "", ("What is the sum of these multiples?", "What do all of them add up to?"))
    s.brute = Fraction(sum(range(lo, hi + 1, k)))


def doubling(s: Story) -> None:
    thing = s.pick(("bacteria in a dish", "followers of a new account", "cells in a sample", "water lilies on a pond"))
    s.num("a", s.rng.randint(2, 50))
    every = s.pick((2, 3, 4, 6))
    s.num("every", every)
    s.num("hours", every * s.rng.randint(2, 10))
    s.say(f"The number of {thing} doubles every @every hours. At first there are @a.")
    s.say("Then @hours hours pass.", "Someone checks again @hours hours later.")
    times = s.calc("/", "@hours", "@every", "The number doubles {} times.")
    factor = s.calc("^", 2, times, "It grows by a factor of {}.")
    total = s.calc("*", "@a", factor, "There are then {}.")
    s.answer(total, "a * 2 ** (hours / every)", "", ("How many are there then?", f"How many {thing.split(' ')[0]} are there at the end?"))
    s.brute = terms(s.values["a"], Fraction(2), int(s.values["hours"] / every) + 1, True)[-1]


def bounce(s: Story) -> None:
    word, r = s.pick((("half", Fraction(1, 2)), ("a third", Fraction(1, 3)), ("a quarter", Fraction(1, 4)), ("three quarters", Fraction(3, 4))))
    k = s.rng.randint(2, 4)
    s.num("k", k)
    s.num("h", int(r.denominator ** k) * s.rng.randint(1, 30))
    who, ball, unit = s.person().name, s.pick(("ball", "rubber ball", "tennis ball", "bouncy ball")), s.pick(("cm", "inches"))
    s.say(f"{who} drops a {ball} from a height of @h {unit}. After each bounce it rises to {word} of the height it fell from.",
          f"A {ball} falls from @h {unit} above the floor; each bounce takes it back up to {word} of the height of its fall.")
    power = s.calc("^", str(r), "@k", "After @k bounces the height is multiplied by {}.", "frac")
    height = s.calc("*", "@h", power, "It rises to {}.")
    s.answer(height, f"h * ({r.numerator} / {r.denominator}) ** k", "", (f"How high does it rise after bounce number @k, in {unit}?",
                                                                        f"How many {unit} high does it go after bounce @k?"))
    s.brute = terms(s.values["h"], r, k + 1, True)[-1]


def depreciation(s: Story) -> None:
    thing = s.pick(("car", "laptop", "tractor", "boat", "printer"))
    r = s.pct("r", s.pick((10, 20)))
    years = s.rng.randint(2, 3)
    s.num("t", years)
    s.money("v", (10 if r == 10 else 5) ** years * s.rng.randint(2, 60))
    s.say(f"A {thing} worth @v loses @r of its value every year.", f"A new {thing} costs @v; each year its value drops by @r.")
    s.say("It is sold after @t years.", "The owner sells it @t years later.")
    rate = s.calc("/", "@r", 100, "As a decimal, @r is {}.", "dec")
    keep = s.calc("-", 1, rate, "Each year it keeps {} of its value.", "dec")
    factor = s.calc("^", keep, "@t", "Over @t years the factor is {}.", "dec")
    value = s.calc("*", "@v", factor, "Its value is then {}.", "$")
    s.answer(value, "v * (1 - r / 100) ** t", "$", ("What is it worth when it is sold?", f"What is the {thing}'s value at the sale?"))
    s.brute = terms(s.values["v"], 1 - s.values["r"] / 100, years + 1, True)[-1]


TEMPLATES = {
    "next_term": next_term, "arith_nth": arith_nth, "geo_nth": geo_nth, "which_term": which_term, "count_terms": count_terms, "arith_sum": arith_sum,
    "geo_sum": geo_sum, "two_terms": two_terms, "savings": savings, "taxi": taxi, "seats": seats, "doubling": doubling,
    "bounce": bounce, "depreciation": depreciation, "growing_savings": growing_savings, "multiples_sum": multiples_sum,
}  # fmt: skip
