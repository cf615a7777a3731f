"""Counting and probability templates: outfits, officers, handshakes, committees, codes, people in a
line, coins, dice, spinners, one draw, two draws with and without replacement, exactly j of a
handful, "at least one" by the complement, independent chances given in percent.

Each template states its numbers with ``@`` markers, adds one graph quantity per step (counts,
``C(n, k)``, ``P(n, k)``, chances as fractions), names its answer's closed formula over the
printed numbers, and sets ``s.brute``: the same answer by enumerating every outcome, so the
gold never rests on the formula alone.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from cotforge.generators.math._story import Story

COLOURS = ("red", "blue", "green", "yellow", "white", "black", "purple", "orange")
CONTAINERS = ("bag", "box", "jar", "drawer", "basket", "tin")
THINGS = ("marbles", "balls", "counters", "socks", "beads", "tokens")


def _listing(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _bag(s: Story, colours: int) -> tuple[list[str], list[str], str, str, list[str]]:
    """A container of coloured things: colour names, marker names, the container, the things, the pool."""
    cs = s.rng.sample(COLOURS, colours)
    names = [f"n_{c}" for c in cs]
    for n in names:
        s.num(n, s.rng.randint(2, 9))
    container, thing = s.pick(CONTAINERS), s.pick(THINGS)
    s.say(f"A {container} holds " + _listing([f"@{n} {c}" for n, c in zip(names, cs)]) + f" {thing}.")
    pool = [c for c, n in zip(cs, names) for _ in range(int(s.values[n]))]
    return cs, names, container, thing, pool


def _total(s: Story, names: list[str], thing: str, container: str) -> str:
    total = s.given(names[0])
    for i, n in enumerate(names[1:], start=1):
        colours = " and ".join(m[2:] for m in names[: i + 1])
        total = s.calc("+", total, f"@{n}", f"The {container} holds {{}} {thing}." if i == len(names) - 1 else f"The {colours} ones make {{}}.")
    return total


def outfits(s: Story) -> None:
    p = s.person()
    kinds = s.rng.sample(("shirts", "pairs of trousers", "hats", "scarves", "pairs of shoes", "jackets"), s.rng.randint(2, 5))
    names = [f"k{i}" for i in range(len(kinds))]
    for n in names:
        s.num(n, s.rng.randint(2, 9))
    s.say(f"{p.name} has " + _listing([f"@{n} {k}" for n, k in zip(names, kinds)]) + ".", )
    s.say("An outfit is one of each.", f"{p.He} wears one of each kind.")
    total = s.given(names[0])
    for i, n in enumerate(names[1:], start=1):
        total = s.calc("*", total, f"@{n}", f"With the {kinds[i]} there are {{}} choices." if i < len(names) - 1 else "There are {} outfits.")
    s.answer(total, " * ".join(names), "", (f"How many different outfits can {p.name} make?", "How many outfits are possible?"))
    s.brute = Fraction(sum(1 for _ in itertools.product(*(range(int(s.values[n])) for n in names))))


def officers(s: Story) -> None:
    s.num("boys", s.rng.randint(2, 25))
    s.num("girls", s.rng.randint(2, 25))
    roles = s.pick((("a president and a secretary", 2), ("a captain, a vice-captain and a treasurer", 3), ("a leader and a deputy", 2)))
    club = f"{s.person().name}'s " + s.pick(("chess club", "debate team", "robotics club", "drama society", "book club", "hiking group",
                                             "choir", "coding club", "film society", "garden club"))
    s.say(f"{club} has @boys boys and @girls girls.", f"There are @boys boys and @girls girls in {club}.")
    s.say(f"It chooses {roles[0]}, and no one may hold two posts.")
    members = s.calc("+", "@boys", "@girls", "There are {} members.")
    ways = s.calc("P", members, roles[1], "The posts can be filled in {} ways.")
    s.answer(ways, f"P(boys + girls, {roles[1]})", "", ("In how many ways can the posts be filled?", "How many different choices of officers are there?"))
    s.brute = Fraction(sum(1 for _ in itertools.permutations(range(int(s.values["boys"] + s.values["girls"])), roles[1])))


def handshakes(s: Story) -> None:
    s.num("n", s.rng.randint(4, 40))
    event = s.pick(("At {}'s party", "At a meeting {} runs", "At {}'s family reunion", "At a dinner for {}'s team")).format(s.person().name)
    if s.rng.random() < 0.5:
        s.say(f"{event} @n people each shake hands with everyone else exactly once, and they all do it again as they leave.")
        pairs = s.calc("C", "@n", 2, "The number of pairs is {}.")
        total = s.calc("*", pairs, 2, "Shaking twice makes {} handshakes.")
        s.answer(total, "C(n, 2) * 2", "", ("How many handshakes are there in all?",))
        s.brute = Fraction(len(list(itertools.combinations(range(int(s.values["n"])), 2))) * 2)
    else:
        s.num("late", s.rng.randint(2, 15))
        s.say(f"{event} @n people are present when @late more arrive; then everyone shakes hands with everyone else exactly once.")
        people = s.calc("+", "@n", "@late", "There are {} people.")
        total = s.calc("C", people, 2, "The number of pairs, and so of handshakes, is {}.")
        s.answer(total, "C(n + late, 2)", "", ("How many handshakes take place?",))
        s.brute = Fraction(len(list(itertools.combinations(range(int(s.values["n"] + s.values["late"])), 2))))


def committee(s: Story) -> None:
    s.num("boys", s.rng.randint(4, 15))
    s.num("girls", s.rng.randint(4, 15))
    s.num("b", s.rng.randint(2, 3))
    s.num("g", s.rng.randint(2, 3))
    teacher = s.person()
    s.say(f"{teacher.name} chooses a committee of @b boys and @g girls from @boys boys and @girls girls.",
          f"From a class of @boys boys and @girls girls, {teacher.name} picks a team of @b boys and @g girls.")
    cb = s.calc("C", "@boys", "@b", "The boys can be chosen in {} ways.")
    cg = s.calc("C", "@girls", "@g", "The girls can be chosen in {} ways.")
    total = s.calc("*", cb, cg, "There are {} committees.")
    s.answer(total, "C(boys, b) * C(girls, g)", "", ("How many different committees are possible?", "How many committees can be formed?"))
    b, g = int(s.values["boys"]), int(s.values["girls"])
    s.brute = Fraction(len(list(itertools.combinations(range(b), int(s.values["b"])))) * len(list(itertools.combinations(range(g), int(s.values["g"])))))


def codes(s: Story) -> None:
    s.num("letters", s.rng.randint(3, 10))
    s.num("k", s.rng.randint(1, 4))
    s.num("m", s.rng.randint(1, 4))
    what = s.pick(("locker code", "bike-lock code", "Wi-Fi password", "door code", "game username", "safe code"))
    who = s.person().name
    s.say(f"{who}'s {what} is @k letters chosen from @letters different letters, followed by @m digits from zero to nine.",
          f"{who} makes a {what} of @k letters, each one of @letters allowed letters, then @m digits, each from zero to nine.")
    s.say("Letters and digits may repeat.")
    a = s.calc("^", "@letters", "@k", "The letters can be chosen in {} ways.")
    b = s.calc("^", 10, "@m", "The digits can be chosen in {} ways.")
    total = s.calc("*", a, b, "There are {} codes.")
    s.answer(total, "letters ** k * 10 ** m", "", ("How many different codes are possible?",))
    s.brute = Fraction(sum(1 for _ in itertools.product(range(int(s.values["letters"])), repeat=int(s.values["k"])))
                       * sum(1 for _ in itertools.product(range(10), repeat=int(s.values["m"]))))


def line_together(s: Story) -> None:
    a, b = s.person(), s.person()
    s.num("n", s.rng.randint(4, 8))
    where = s.pick(("in a line for a photo", "in a queue for tickets", "in a row of seats at a concert", "on a long bench",
                    "in a line at the bus stop", "in a row for the team picture"))
    s.say(f"@n friends, {a.name} and {b.name} among them, stand {where}.", f"A group of @n friends, including {a.name} and {b.name}, line up {where}.")
    s.say(f"{a.name} and {b.name} insist on standing next to each other.", f"{a.name} and {b.name} must be side by side.")
    blocks = s.calc("-", "@n", 1, f"Treat {a.name} and {b.name} as one block: {{}} units to arrange.")
    ways = s.calc("P", blocks, blocks, "The units can be arranged in {} ways.")
    total = s.calc("*", ways, 2, f"{a.name} and {b.name} can swap inside the block, so {{}} lines.")
    s.answer(total, "P(n - 1, n - 1) * 2", "", ("In how many different orders can they stand?",))
    n = int(s.values["n"])
    s.brute = Fraction(sum(1 for order in itertools.permutations(range(n)) if abs(order.index(0) - order.index(1)) == 1))


def coin_flips(s: Story) -> None:
    s.num("n", s.rng.randint(3, 12))
    s.num("k", s.rng.randint(1, int(s.values["n"]) - 1))
    who = s.person().name
    s.say(f"{who} tosses a fair coin @n times.", f"{who} tosses @n fair coins together.", f"{who} flips a fair coin @n times in a row.")
    ways = s.calc("C", "@n", "@k", "Exactly @k heads can happen in {} ways.")
    all_ = s.calc("^", 2, "@n", "There are {} equally likely outcomes.")
    prob = s.calc("/", ways, all_, "The probability is {}.", "p")
    s.answer(prob, "C(n, k) / 2 ** n", "p", ("What is the probability of exactly @k heads?",))
    n, k = int(s.values["n"]), int(s.values["k"])
    s.brute = Fraction(sum(1 for t in itertools.product((0, 1), repeat=n) if sum(t) == k), 2**n)


def dice_above(s: Story) -> None:
    s.num("k", s.rng.randint(1, 4))
    s.num("dice", s.rng.randint(2, 4))
    who = s.person().name
    s.say(f"{who} rolls @dice fair six-sided dice.", f"A board game starts with {who} rolling @dice fair six-sided dice.")
    good = s.calc("-", 6, "@k", "On one die, {} faces are greater than @k.")
    one = s.calc("/", good, 6, "The chance for one die is {}.", "p")
    every = s.calc("^", one, "@dice", "The chance for all the dice is {}.", "p")
    s.answer(every, "((6 - k) / 6) ** dice", "p", ("What is the probability that every die shows a number greater than @k?",))
    k, d = int(s.values["k"]), int(s.values["dice"])
    s.brute = Fraction(sum(1 for t in itertools.product(range(1, 7), repeat=d) if min(t) > k), 6**d)


def spinner(s: Story) -> None:
    sections = s.num("sections", s.pick(range(4, 31, 2)))
    who = s.person().name
    parity, side = s.pick(("even", "odd")), s.pick(("heads", "tails"))
    s.say(f"{who}'s spinner has @sections equal sections numbered in order starting at one.",
          f"At a fair, {who} plays with a spinner of @sections equal sections, numbered in order from one.")
    s.say(f"{who} spins it once and tosses a fair coin once.", "It is spun once, and a fair coin is tossed once.")
    half = s.calc("/", "@sections", 2, f"{{}} sections show an {parity} number.")
    p_num = s.calc("/", half, "@sections", f"The chance of an {parity} number is {{}}.", "p")
    both = s.calc("/", p_num, 2, f"Half of those spins also come with {side}: {{}}.", "p")
    s.answer(both, "sections / 2 / sections / 2", "p", (f"What is the probability of an {parity} number and {side}?",
                                                        f"How likely is it to get an {parity} number together with {side}?"))
    want = 0 if parity == "even" else 1
    s.brute = Fraction(sum(1 for x in range(1, int(sections) + 1) for c in ("heads", "tails") if x % 2 == want and c == side), 2 * int(sections))


def one_draw(s: Story) -> None:
    cs, names, container, thing, pool = _bag(s, s.pick((3, 4)))
    total = _total(s, names, thing, container)
    s.say("One is taken at random.", f"One of the {thing} is picked without looking.")
    others = [n for n in names[1:]]
    rest = s.given(others[0])
    for i, n in enumerate(others[1:], start=2):
        last = i == len(others)
        rest = s.calc("+", rest, f"@{n}", f"{{}} {thing} are not {cs[0]}." if last else f"The {' and '.join(m[2:] for m in others[:i])} ones make {{}}.")
    prob = s.calc("/", rest, total, f"The probability it is not {cs[0]} is {{}}.", "p")
    s.answer(prob, f"({' + '.join(others)}) / ({' + '.join(names)})", "p", (f"What is the probability that it is not {cs[0]}?",))
    s.brute = Fraction(sum(1 for x in pool if x != cs[0]), len(pool))


def with_replacement(s: Story) -> None:
    cs, names, container, thing, pool = _bag(s, s.pick((2, 3)))
    total = _total(s, names, thing, container)
    s.say("One is taken at random, its colour noted, and it is put back; then a second is taken.")
    one = s.calc("/", f"@{names[0]}", total, f"The chance of {cs[0]} on one draw is {{}}.", "p")
    both = s.calc("*", one, one, f"The chance both are {cs[0]} is {{}}.", "p")
    s.answer(both, f"({names[0]} / ({' + '.join(names)})) ** 2", "p", (f"What is the probability that both are {cs[0]}?",))
    s.brute = Fraction(sum(1 for a in pool for b in pool if a == b == cs[0]), len(pool) ** 2)


def two_same(s: Story) -> None:
    cs, names, container, thing, pool = _bag(s, s.pick((2, 3)))
    total = _total(s, names, thing, container)
    s.say("Two are taken at random without replacement.", f"Two {thing} are drawn one after the other, without putting the first back.")
    first = s.calc("/", f"@{names[0]}", total, f"The chance the first is {cs[0]} is {{}}.", "p")
    left = s.calc("-", f"@{names[0]}", 1, f"Then {{}} {cs[0]} {thing} are left.")
    rest = s.calc("-", total, 1, f"and {{}} {thing} in all.")
    second = s.calc("/", left, rest, f"The chance the second is {cs[0]} too is {{}}.", "p")
    both = s.calc("*", first, second, f"The chance both are {cs[0]} is {{}}.", "p")
    t = " + ".join(names)
    s.answer(both, f"{names[0]} / ({t}) * ({names[0]} - 1) / ({t} - 1)", "p", (f"What is the probability that both are {cs[0]}?",))
    s.brute = Fraction(sum(1 for i, j in itertools.permutations(range(len(pool)), 2) if pool[i] == pool[j] == cs[0]),
                       len(pool) * (len(pool) - 1))


def two_different(s: Story) -> None:
    cs, names, container, thing, pool = _bag(s, s.pick((2, 3)))
    total = _total(s, names, thing, container)
    s.say("Two are taken at random without replacement.")
    first = s.calc("/", f"@{names[0]}", total, f"The chance of {cs[0]} first is {{}}.", "p")
    rest = s.calc("-", total, 1, f"After one is taken, {{}} {thing} are left.")
    second = s.calc("/", f"@{names[1]}", rest, f"The chance of {cs[1]} second is then {{}}.", "p")
    order = s.calc("*", first, second, f"{cs[0].capitalize()} then {cs[1]} has probability {{}}.", "p")
    both = s.calc("*", order, 2, "Either order: the probability is {}.", "p")
    t = " + ".join(names)
    s.answer(both, f"2 * {names[0]} / ({t}) * {names[1]} / ({t} - 1)", "p", (f"What is the probability of one {cs[0]} and one {cs[1]}?",))
    s.brute = Fraction(sum(1 for i, j in itertools.permutations(range(len(pool)), 2) if {pool[i], pool[j]} == {cs[0], cs[1]}),
                       len(pool) * (len(pool) - 1))


def exactly(s: Story) -> None:
    cs, names, container, thing, pool = _bag(s, s.pick((2, 3)))
    total = _total(s, names, thing, container)
    s.num("k", s.rng.randint(3, 4))
    s.num("j", s.rng.randint(1, min(int(s.values["k"]), int(s.values[names[0]])) - 1 or 1))
    s.say("@k are taken at random.", f"A handful of @k {thing} is drawn at random.")
    others = s.calc("-", total, f"@{names[0]}", f"{{}} {thing} are not {cs[0]}.")
    rest_k = s.calc("-", "@k", "@j", f"The other {{}} must not be {cs[0]}.")
    pick_c = s.calc("C", f"@{names[0]}", "@j", f"Ways to pick the {cs[0]} ones: {{}}.")
    pick_r = s.calc("C", others, rest_k, "Ways to pick the others: {}.")
    good = s.calc("*", pick_c, pick_r, "Favourable handfuls: {}.")
    every = s.calc("C", total, "@k", "All handfuls: {}.")
    prob = s.calc("/", good, every, "The probability is {}.", "p")
    t = " + ".join(names)
    s.answer(prob, f"C({names[0]}, j) * C({t} - {names[0]}, k - j) / C({t}, k)", "p", (f"What is the probability that exactly @j of them {'is' if s.values['j'] == 1 else 'are'} {cs[0]}?",))
    k, j = int(s.values["k"]), int(s.values["j"])
    hands = list(itertools.combinations(range(len(pool)), k))
    s.brute = Fraction(sum(1 for h in hands if sum(pool[i] == cs[0] for i in h) == j), len(hands))


def at_least_one(s: Story) -> None:
    sides = s.num("sides", s.pick((4, 6, 8, 10, 12, 20)))
    s.num("n", s.rng.randint(2, {4: 6, 6: 5, 8: 5, 10: 4, 12: 4, 20: 3}[int(sides)]))
    face = s.rng.randint(1, int(sides))
    s.num("face", face)
    who = s.person().name
    s.say(f"{who} rolls a fair @sides-sided die @n times.", f"{who} has a fair die with @sides faces and rolls it @n times.",
          f"In a game, {who} throws a fair @sides-sided die @n times.")
    one = s.calc("/", 1, "@sides", "The chance of a @face on one roll is {}.", "p")
    miss = s.calc("-", 1, one, "The chance of no @face on one roll is {}.", "p")
    none = s.calc("^", miss, "@n", "The chance of no @face in @n rolls is {}.", "p")
    some = s.calc("-", 1, none, "The chance of at least one @face is {}.", "p")
    s.answer(some, "1 - (1 - 1 / sides) ** n", "p", ("What is the probability of rolling at least one @face?",
                                                     "How likely is at least one @face among the rolls?"))
    n = int(s.values["n"])
    s.brute = Fraction(sum(1 for t in itertools.product(range(1, int(sides) + 1), repeat=n) if face in t), int(sides) ** n)


def rain(s: Story) -> None:
    s.pct("sat", s.pick(range(5, 96, 5)))
    s.pct("sun", s.pick(range(5, 96, 5)))
    town = s.pick(("Brighton", "the valley", "Oslo", "the city", "the hills", "Leeds", "Lyon", "Porto", "Cork", "Bergen"))
    event, days = s.pick((("rain", ("Saturday", "Sunday")), ("snow", ("Monday", "Tuesday")), ("rain", ("Friday", "Saturday")),
                          ("a thunderstorm", ("Wednesday", "Thursday"))))
    s.say(f"The chance of {event} in {town} is @sat on {days[0]} and @sun on {days[1]}, independently of each other.")
    p1 = s.calc("/", "@sat", 100, f"As a fraction, the {days[0]} chance is {{}}.", "p")
    dry1 = s.calc("-", 1, p1, f"{days[0]} escapes it with probability {{}}.", "p")
    p2 = s.calc("/", "@sun", 100, f"As a fraction, the {days[1]} chance is {{}}.", "p")
    dry2 = s.calc("-", 1, p2, f"{days[1]} escapes it with probability {{}}.", "p")
    both = s.calc("*", dry1, dry2, "Both days escape it with probability {}.", "p")
    s.answer(both, "(1 - sat / 100) * (1 - sun / 100)", "p", (f"What is the probability of {event} on neither day?",
                                                              f"What is the probability that neither day has {event}?"))
    a, b = s.values["sat"] / 100, s.values["sun"] / 100
    s.brute = sum((pa * pb for (ra, pa), (rb, pb) in itertools.product(((True, a), (False, 1 - a)), ((True, b), (False, 1 - b)))
                   if not ra and not rb), Fraction(0))


TEMPLATES = {
    "outfits": outfits, "officers": officers, "handshakes": handshakes, "committee": committee, "codes": codes,
    "line_together": line_together, "coin_flips": coin_flips, "dice_above": dice_above, "spinner": spinner,
    "one_draw": one_draw, "with_replacement": with_replacement, "two_same": two_same, "two_different": two_different,
    "exactly": exactly, "at_least_one": at_least_one, "rain": rain,
}  # fmt: skip
