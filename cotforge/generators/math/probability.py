"""Counting and probability with exact fractions.

The work is a computation graph (products, C(n, k), P(n, k), totals and
ratios) solved by the ``quantities`` space and checked quantity by quantity;
the gold answer comes from brute force: every outfit, arrangement, committee or
draw is enumerated and counted.

Levels: 1 the multiplication principle (outfits, menus); 2 committees from two
groups (combinations); 3 the probability of one draw; 4 two draws without
replacement; 5 exactly j special items in a random handful (combinations).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from fractions import Fraction

from cotforge.domains.algebra import fraction_text
from cotforge.domains.quantities import GraphBuilder, evaluate, to_json
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

COLOURS = ("red", "blue", "green", "yellow", "white", "black")
CONTAINERS = ("bag", "box", "jar", "drawer")
ITEMS = ("marbles", "balls", "counters", "socks")


@dataclass(frozen=True, slots=True)
class ProbabilityConfig(TaskConfig):
    """The level picks the counting principle or the kind of draw."""


class ProbabilityGenerator(Generator):
    name = "probability"
    version = 2
    domain = "math"
    space = "quantities"
    verifier = "math"
    config_cls = ProbabilityConfig

    def build(self, rng: random.Random) -> Draft:
        g = GraphBuilder()
        level = self.config.level
        if level == 1:
            sizes = [rng.randint(2, 9) for _ in range(rng.choice([3, 4]))]
            kinds = ["shirts", "pairs of trousers", "hats", "scarves"][: len(sizes)]
            given = [g.q("given", (n,), f"the number of {k}") for n, k in zip(sizes, kinds)]
            total = given[0]
            for i, nid in enumerate(given[1:], start=1):
                total = g.q("*", (total, nid), f"outfits using the first {i + 1} choices")
            listed = ", ".join(f"{n} {k}" for n, k in zip(sizes, kinds))
            question = f"Sam has {listed}. An outfit is one of each. How many different outfits can Sam make?"
            gold = Fraction(sum(1 for _ in itertools.product(*(range(n) for n in sizes))))
            return self._draft(g, total, question, gold)
        if level == 2:
            (boys, b), (girls, c) = (rng.randint(4, 8), rng.randint(2, 3)), (rng.randint(4, 8), rng.randint(1, 3))
            nb, kb = g.q("given", (boys,), "the number of boys"), g.q("given", (b,), "boys to choose")
            ng, kg = g.q("given", (girls,), "the number of girls"), g.q("given", (c,), "girls to choose")
            cb = g.q("C", (nb, kb), f"ways to choose {b} of the {boys} boys")
            cg = g.q("C", (ng, kg), f"ways to choose {c} of the {girls} girls")
            total = g.q("*", (cb, cg), "committees")
            question = (f"A committee of {b} boys and {c} {'girl' if c == 1 else 'girls'} is chosen from {boys} boys and {girls} girls. "
                        "How many different committees are possible?")  # fmt: skip
            gold = Fraction(len(list(itertools.combinations(range(boys), b))) * len(list(itertools.combinations(range(girls), c))))
            return self._draft(g, total, question, gold)
        colours = rng.sample(COLOURS, 3)
        counts = [rng.randint(2, 9) for _ in colours]
        container, thing = rng.choice(CONTAINERS), rng.choice(ITEMS)
        pool = [c for c, n in zip(colours, counts) for _ in range(n)]
        ids = [g.q("given", (n,), f"{c} {thing}") for c, n in zip(colours, counts)]
        contents = f"A {container} holds " + ", ".join(f"{n} {c}" for c, n in zip(colours[:-1], counts[:-1])) + f" and {counts[-1]} {colours[-1]} {thing}."
        partial = g.q("+", (ids[0], ids[1]), f"{colours[0]} and {colours[1]} {thing}")
        total = g.q("+", (partial, ids[2]), f"{thing} in the {container}")
        if level == 3:
            other = g.q("+", (ids[1], ids[2]), f"{thing} that are not {colours[0]}")
            target = g.q("/", (other, total), f"the probability it is not {colours[0]}")
            question = f"{contents} One is taken at random. What is the probability that it is not {colours[0]}?"
            gold = Fraction(sum(1 for x in pool if x != colours[0]), len(pool))
            return self._draft(g, target, question, gold)
        if level == 4:
            first = g.q("/", (ids[0], total), f"the chance the first is {colours[0]}")
            left = g.q("-", (ids[0], 1), f"{colours[0]} {thing} left")
            rest = g.q("-", (total, 1), f"{thing} left")
            second = g.q("/", (left, rest), f"the chance the second is {colours[0]} too")
            target = g.q("*", (first, second), f"the probability both are {colours[0]}")
            question = f"{contents} Two are taken at random without replacement. What is the probability that both are {colours[0]}?"
            pairs = list(itertools.permutations(range(len(pool)), 2))
            gold = Fraction(sum(1 for i, j in pairs if pool[i] == pool[j] == colours[0]), len(pairs))
            return self._draft(g, target, question, gold)
        k = rng.randint(3, 4)
        j = rng.randint(1, min(k, counts[0]) - 1) if min(k, counts[0]) > 1 else 1
        others = g.q("-", (total, ids[0]), f"{thing} that are not {colours[0]}")
        kk, jj = g.q("given", (k,), "how many are taken"), g.q("given", (j,), f"how many must be {colours[0]}")
        rest_k = g.q("-", (kk, jj), f"how many are not {colours[0]}")
        pick_special = g.q("C", (ids[0], jj), f"ways to pick {j} {colours[0]}")
        pick_rest = g.q("C", (others, rest_k), f"ways to pick the other {k - j}")
        good = g.q("*", (pick_special, pick_rest), "favourable handfuls")
        every = g.q("C", (total, kk), f"handfuls of {k}")
        target = g.q("/", (good, every), f"the probability of exactly {j} {colours[0]}")
        question = f"{contents} {k} are taken at random. What is the probability that exactly {j} of them are {colours[0]}?"
        hands = list(itertools.combinations(range(len(pool)), k))
        gold = Fraction(sum(1 for h in hands if sum(pool[i] == colours[0] for i in h) == j), len(hands))
        return self._draft(g, target, question, gold)

    @staticmethod
    def _draft(g: GraphBuilder, target: str, question: str, gold: Fraction) -> Draft:
        if evaluate(g.items)[target] != gold:  # the counting graph and the enumeration disagree: a bug
            raise RuntimeError(f"probability gold mismatch: {question}")
        return Draft(
            question=question,
            answer=answer_latex(fraction_text(gold), "value"),
            payload={"answer_sympy": fraction_text(gold), "check": "quantities", "answer_kind": "value", "quantities": to_json(g.items), "target": target},
            metadata={"steps": sum(1 for q in g.items if q.op != "given")},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        gold = Fraction(problem.data()["answer_sympy"])
        return fraction_text(gold + 1 if gold.denominator == 1 else gold * rng.choice([2, Fraction(1, 2)]))


TASKS.register("probability", ProbabilityGenerator)
