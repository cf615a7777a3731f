"""Arithmetic and geometric sequences and series: terms, sums, a term from two others.

The work is a computation graph (common difference or ratio, then the formula
piece by piece), solved by the ``quantities`` space and checked quantity by
quantity; the gold answer comes from brute force instead: the terms are listed
one by one (and added up), never taken from a formula.

Levels: 1 the n-th term of an arithmetic sequence; 2 the n-th term of a
geometric one; 3 the sum of the first n terms of an arithmetic sequence; 4 the
sum of the first n terms of a geometric one (ratios may be fractions); 5 an
arithmetic sequence known only by two of its terms.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from cotforge.domains.algebra import fraction_text
from cotforge.domains.quantities import GraphBuilder, evaluate, to_json
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig


@dataclass(frozen=True, slots=True)
class SequenceConfig(TaskConfig):
    """The level picks the kind of sequence and what is asked."""


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def terms(first: Fraction, step: Fraction, count: int, geometric: bool) -> list[Fraction]:
    """The first ``count`` terms, one at a time (the brute-force route to the gold)."""
    out = [first]
    while len(out) < count:
        out.append(out[-1] * step if geometric else out[-1] + step)
    return out


class SequenceGenerator(Generator):
    name = "sequence"
    version = 2
    domain = "math"
    space = "quantities"
    verifier = "math"
    config_cls = SequenceConfig

    def build(self, rng: random.Random) -> Draft:
        level = self.config.level
        g = GraphBuilder()
        geometric = level in (2, 4)
        if geometric:
            first = Fraction(rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 64, 81, -1, -2, -3]))
            ratio = Fraction(rng.choice([2, 3, 4, 5, -2, -3, -4]))
            if level == 4 and first in (8, 64, 81):  # a falling series: the listed terms stay whole
                ratio = Fraction(1, 3 if first == 81 else 2)
            n = rng.randint(5, 9) if abs(ratio) <= 3 else rng.randint(5, 7)
        else:
            first, ratio, n = Fraction(rng.randint(-20, 30)), Fraction(rng.choice([n for n in range(-9, 13) if n])), rng.randint(12, 60)
        shown = terms(first, ratio, 4, geometric)
        listing = ", ".join(fraction_text(t) for t in shown) + ", …"
        kind = "geometric" if geometric else "arithmetic"
        if level == 5:
            return self._two_terms(rng, g, first, ratio)
        t1 = g.q("given", (int(shown[0]),), "the first term")
        t2 = g.q("given", (int(shown[1]),), "the second term")
        nn = g.q("given", (n,), "n")
        m = g.q("-", (nn, 1), f"steps from the 1st to the {_ordinal(n)} term, n - 1")
        if geometric:
            r = g.q("/", (t2, t1), "the common ratio r (second term ÷ first)")
        else:
            d = g.q("-", (t2, t1), "the common difference d (second term - first)")
        if level in (1, 2):
            if geometric:
                power = g.q("^", (r, m), f"r^{n - 1}")
                target = g.q("*", (t1, power), f"the {_ordinal(n)} term, a × r^(n - 1)")
            else:
                step = g.q("*", (m, d), "(n - 1) × d")
                target = g.q("+", (t1, step), f"the {_ordinal(n)} term, a + (n - 1)d")
            question = f"The sequence {listing} is {kind}. What is its {_ordinal(n)} term?"
            gold = terms(first, ratio, n, geometric)[-1]
        else:
            if geometric:
                power = g.q("^", (r, nn), f"r^{n}")
                top = g.q("-", (power, 1), f"r^{n} - 1")
                bottom = g.q("-", (r, 1), "r - 1")
                quotient = g.q("/", (top, bottom), f"(r^{n} - 1) ÷ (r - 1)")
                target = g.q("*", (t1, quotient), f"the sum of the first {n} terms, a(r^n - 1)/(r - 1)")
            else:
                step = g.q("*", (m, d), "(n - 1) × d")
                last = g.q("+", (t1, step), f"the {_ordinal(n)} term, a + (n - 1)d")
                ends = g.q("+", (t1, last), "the first term plus the last")
                times = g.q("*", (nn, ends), f"{n} × (first + last)")
                target = g.q("/", (times, 2), f"the sum of the first {n} terms, n(first + last)/2")
            question = f"The sequence {listing} is {kind}. What is the sum of its first {n} terms?"
            gold = sum(terms(first, ratio, n, geometric), Fraction(0))
        return self._draft(g, target, question, gold, kind)

    def _two_terms(self, rng: random.Random, g: GraphBuilder, first: Fraction, d: Fraction) -> Draft:
        p, q = sorted(rng.sample(range(2, 15), 2))
        n = rng.randint(q + 5, 60)
        listed = terms(first, d, n, False)
        up = g.q("given", (int(listed[p - 1]),), f"the {_ordinal(p)} term")
        vq = g.q("given", (int(listed[q - 1]),), f"the {_ordinal(q)} term")
        pp, qq, nn = g.q("given", (p,), "p"), g.q("given", (q,), "q"), g.q("given", (n,), "n")
        rise = g.q("-", (vq, up), "the change between the two terms")
        gap = g.q("-", (qq, pp), "the number of steps between them")
        d_id = g.q("/", (rise, gap), "the common difference d")
        back = g.q("-", (pp, 1), f"steps from the 1st to the {_ordinal(p)} term")
        drop = g.q("*", (back, d_id), f"({p} - 1) × d")
        a1 = g.q("-", (up, drop), "the first term")
        forward = g.q("-", (nn, 1), f"steps from the 1st to the {_ordinal(n)} term")
        rise_n = g.q("*", (forward, d_id), f"({n} - 1) × d")
        target = g.q("+", (a1, rise_n), f"the {_ordinal(n)} term")
        question = (f"In an arithmetic sequence the {_ordinal(p)} term is {fraction_text(listed[p - 1])} "
                    f"and the {_ordinal(q)} term is {fraction_text(listed[q - 1])}. What is the {_ordinal(n)} term?")  # fmt: skip
        return self._draft(g, target, question, listed[-1], "arithmetic")

    @staticmethod
    def _draft(g: GraphBuilder, target: str, question: str, gold: Fraction, kind: str) -> Draft:
        if evaluate(g.items)[target] != gold:  # formula graph and brute force disagree: a bug
            raise RuntimeError(f"sequence gold mismatch: {question}")
        return Draft(
            question=question,
            answer=answer_latex(fraction_text(gold), "value"),
            payload={"answer_sympy": fraction_text(gold), "check": "quantities", "answer_kind": "value", "quantities": to_json(g.items), "target": target},
            metadata={"kind": kind},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        return fraction_text(Fraction(problem.data()["answer_sympy"]) + rng.choice([1, -1, 2]))


TASKS.register("sequence", SequenceGenerator)
