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
from fractions import Fraction

import sympy
from sympy.parsing.sympy_parser import parse_expr, rationalize, standard_transformations

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


_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
"""A number as printed in a question: ``12``, ``1,250``, ``12.50`` (a ``$`` or ``%`` beside it is the unit)."""


def printed_formula(problem: Problem) -> sympy.Rational:
    """The payload's answer formula over the numbers read from the question as printed, with sympy.

    The payload names the printed numbers in the order they appear (``["n", "price", "paid"]``)
    and a closed formula over those names (``paid - n * price``); the numbers themselves are
    read from the question text, so a story that prints other numbers than it computes with
    is caught, and the formula is evaluated apart from the graph the steps follow.
    """
    data = problem.data()
    names, formula = data.get("numbers"), data.get("formula")
    if not isinstance(names, list) or not isinstance(formula, str):
        raise RecheckParseError("payload has no printed-number formula")
    printed = [sympy.Rational(n.replace(",", "")) for n in _NUMBER.findall(problem.question)]
    if len(printed) != len(names):
        raise RecheckParseError(f"the question prints {len(printed)} numbers, the payload names {len(names)}")
    bound: dict[str, sympy.Rational] = {}
    for name, value in zip(names, printed):
        if bound.setdefault(name, value) != value:
            raise RecheckParseError(f"{name} is printed as both {bound[name]} and {value}")
    symbols = {name: sympy.Symbol(name) for name in set(names) | set(re.findall(r"[A-Za-z_]\w*", formula))}
    expr = parse_expr(formula, local_dict=symbols, transformations=standard_transformations + (rationalize,))
    if expr.free_symbols - {symbols[n] for n in bound}:
        raise RecheckParseError(f"formula {formula!r} uses numbers the question does not print")
    value = expr.subs({symbols[n]: v for n, v in bound.items()})
    if not value.is_Rational:
        raise RecheckParseError(f"formula {formula!r} is not a rational number: {value}")
    return value


@register("word_problem")
def word_problem(problem: Problem) -> str | None:
    """The story's closed formula over the numbers printed in the question (see :func:`printed_formula`)."""
    return verdict(printed_formula(problem), sympy.Rational(gold_number(problem)))
