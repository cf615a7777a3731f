"""A second route to the gold answers of the quantity tasks (percentages, counting and
probability, sequences, word problems), read from the question text as printed: multipliers on
the printed amounts, closed counting formulas where the generator enumerates, ``summation`` and
interpolation for sequences, and a sentence-by-sentence reading of word problems. Shares the
readers and the registration of :mod:`cotforge.verifiers.rechecks.math_gold`; imports nothing of
the generators or ``core.quantities``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from fractions import Fraction

import sympy

from cotforge.core.records import Problem
from cotforge.verifiers.rechecks.math_gold import RecheckParseError, gold_number, register, split_commas, verdict

def _money(text: str) -> Fraction:
    return Fraction(text.replace("$", "").replace(",", ""))


def _pick(pattern: str, text: str) -> tuple[str, ...]:
    match = re.search(pattern, text)
    if not match:
        raise RecheckParseError(f"no match for {pattern!r} in {text!r}")
    return match.groups()


@register("percentage")
def percentage(problem: Problem) -> str | None:
    """Multipliers on the printed amounts (``price × (1 − p) × (1 + t)``), not the stored graph."""
    q, money, pct = problem.question, r"\$(\d+(?:\.\d+)?)", r"(\d+)%"
    if "share $" in q:
        amount, a, b, c = _pick(r"share \$(\d+) in the ratio (\d+):(\d+):(\d+)", q)
        parts = [Fraction(a), Fraction(b), Fraction(c)]
        mine = Fraction(amount) * (parts[0] - parts[2]) / sum(parts)
    elif q.startswith("After a"):
        off, sale = _pick(rf"After a {pct} discount .* costs {money}\.", q)
        mine = _money(sale) / (1 - Fraction(int(off), 100))
    elif "sales tax" in q:
        price, off, tax = _pick(rf"is marked {money}\. It is sold at {pct} off, and then {pct} sales tax", q)
        mine = _money(price) * (1 - Fraction(int(off), 100)) * (1 + Fraction(int(tax), 100))
    elif "Its price" in q:
        price, way, p = _pick(rf"cost {money}\. Its price (rose|fell) by {pct}\.", q)
        mine = _money(price) * (1 + (1 if way == "rose" else -1) * Fraction(int(p), 100))
    else:
        price, p = _pick(rf"costs {money}\. How many dollars is {pct} of its price\?", q)
        mine = _money(price) * Fraction(int(p), 100)
    return verdict(mine, gold_number(problem))


@register("probability")
def probability(problem: Problem) -> str | None:
    """Closed counting formulas (products, C(n, k), hypergeometric) where the generator enumerates."""
    q = problem.question
    if "outfit" in q:
        sizes = [int(n) for n in re.findall(r"(\d+) (?:shirts|pairs of trousers|hats|scarves)", q)]
        mine = Fraction(math.prod(sizes))
    elif "committee" in q:
        b, c, boys, girls = map(int, _pick(r"of (\d+) boys and (\d+) girls? is chosen from (\d+) boys and (\d+) girls", q))
        mine = Fraction(math.comb(boys, b) * math.comb(girls, c))
    else:
        held = re.findall(r"(\d+) ([a-z]+)(?:,| and| (?:marbles|balls|counters|socks)\.)", _pick(r"holds (.*?\.)", q)[0])
        counts = {colour: int(n) for n, colour in held}
        total = sum(counts.values())
        if "not " in q:
            (colour,) = _pick(r"that it is not ([a-z]+)\?", q)
            mine = Fraction(total - counts[colour], total)
        elif "both are" in q:
            (colour,) = _pick(r"both are ([a-z]+)\?", q)
            mine = Fraction(math.comb(counts[colour], 2), math.comb(total, 2))
        else:
            k, j, colour = _pick(r"(\d+) are taken at random\. .* exactly (\d+) of them are ([a-z]+)\?", q)
            k_, j_ = int(k), int(j)
            mine = Fraction(math.comb(counts[colour], j_) * math.comb(total - counts[colour], k_ - j_), math.comb(total, k_))
    return verdict(mine, gold_number(problem))


_ORDINAL = r"(\d+)(?:st|nd|rd|th)"


@register("sequence")
def sequence(problem: Problem) -> str | None:
    """Interpolation through the printed terms and ``sympy.summation``, not the listed-out terms."""
    q, n, k = problem.question, sympy.Symbol("n"), sympy.Symbol("k", integer=True)
    if q.startswith("In an arithmetic sequence"):
        p, a, r, b, m = _pick(rf"the {_ORDINAL} term is (-?\d+) and the {_ORDINAL} term is (-?\d+)\. What is the {_ORDINAL} term\?", q)
        general = sympy.interpolate([(int(p), int(a)), (int(r), int(b))], n)
        return verdict(general.subs(n, int(m)), sympy.Rational(gold_number(problem)))
    listing, kind = _pick(r"The sequence (.*), …\s+is (arithmetic|geometric)\.", q)
    shown = [sympy.Rational(t) for t in split_commas(listing)]
    if kind == "arithmetic":
        general = sympy.interpolate(list(enumerate(shown, start=1)), n)
        if sympy.degree(general, n) > 1:
            return f"the listed terms {listing} are not arithmetic"
    else:
        ratio = shown[1] / shown[0]
        if any(b != a * ratio for a, b in zip(shown, shown[1:])):
            return f"the listed terms {listing} are not geometric"
        general = shown[0] * ratio ** (n - 1)
    if "sum of its first" in q:
        (count,) = _pick(rf"sum of its first (\d+) terms", q)
        mine = sympy.summation(general.subs(n, k), (k, 1, int(count)))
    else:
        (count,) = _pick(rf"What is its {_ORDINAL} term\?", q)
        mine = general.subs(n, int(count))
    return verdict(sympy.nsimplify(mine), sympy.Rational(gold_number(problem)))


_TIMES = r"(twice|\d+ times)"


def _times(word: str) -> Fraction:
    return Fraction(2) if word == "twice" else Fraction(word.split()[0])


def _word_rules(verb: str, things: str) -> list[tuple[re.Pattern[str], Callable[..., tuple[tuple[str, ...], Callable[..., Fraction]]]]]:
    """Sentence patterns → (people it depends on, how to get the amount from theirs)."""
    v, t = re.escape(verb), re.escape(things)
    fractions = {"half": Fraction(1, 2), "a third": Fraction(1, 3), "a quarter": Fraction(1, 4)}
    return [
        (re.compile(rf"(\w+) {v} (\d+) {t} .+"), lambda n: ((), lambda: Fraction(n))),
        (re.compile(rf"(\w+) {v} (\d+) more than {_TIMES} as many {t} as (\w+)"),
         lambda extra, k, src: ((src,), lambda s: _times(k) * s + int(extra))),
        (re.compile(rf"(\w+) {v} {_TIMES} (?:as many {t} as|the number) (\w+)(?: does| did)?"),
         lambda k, src: ((src,), lambda s: _times(k) * s)),
        (re.compile(rf"(\w+) {v} (\d+) (more|fewer) {t} than (\w+)"),
         lambda k, way, src: ((src,), lambda s: s + int(k) if way == "more" else s - int(k))),
        (re.compile(rf"(\w+) {v} (half|a third|a quarter) as many {t} as (\w+)"),
         lambda word, src: ((src,), lambda s: s * fractions[word])),
        (re.compile(rf"(\w+) {v} as many {t} as (\w+) and (\w+) combined"),
         lambda a, b: ((a, b), lambda s, u: s + u)),
    ]  # fmt: skip


@register("word_problem")
def word_problem(problem: Problem) -> str | None:
    """Read every sentence, work out each person's amount, then answer the printed question."""
    sentences = [s.strip() for s in re.split(r"(?<=[.?])\s+", problem.question.strip()) if s.strip()]
    *facts, asked = sentences
    first = re.match(r"(\w+) (\w+) \d+ (\w+) ", facts[0])
    if not first:
        raise RecheckParseError(f"first sentence {facts[0]!r} does not state an amount")
    verb, things = first.group(2), first.group(3)
    rules, pending = _word_rules(verb, things), {}
    for sentence in facts:
        for pattern, build in rules:
            match = pattern.fullmatch(sentence.rstrip("."))
            if match:
                pending[match.group(1)] = build(*match.groups()[1:])
                break
        else:
            raise RecheckParseError(f"cannot read the sentence {sentence!r}")
    amounts: dict[str, Fraction] = {}
    while pending:  # irrelevant facts may come before the person they mention
        ready = [name for name, (deps, _) in pending.items() if all(d in amounts for d in deps)]
        if not ready:
            raise RecheckParseError(f"amounts of {sorted(pending)} depend on people never stated")
        for name in ready:
            deps, rule = pending.pop(name)
            amounts[name] = rule(*(amounts[d] for d in deps))
    if asked.startswith("How many more"):
        a, b = _pick(rf"How many more {re.escape(things)} \w+ (\w+) \w+ than (\w+)\?", asked)
        mine = amounts[a] - amounts[b]
    else:
        (listed,) = _pick(rf"How many {re.escape(things)} \w+ (.+) \w+ altogether\?", asked)
        mine = sum((amounts[n] for n in re.split(r", | and ", listed)), Fraction(0))
    return verdict(mine, gold_number(problem))
