"""Number theory: gcd, lcm, counting divisors, and powers modulo m.

The gold answer is found by brute force (scanning divisors and multiples,
multiplying k times), while the step space uses Euclid's algorithm, prime
factorisation, repeated squaring and Fermat's little theorem, so the two routes
share nothing.

Levels: 1 gcd of two numbers (Euclid); 2 lcm of two numbers (Euclid, then
a·b/gcd); 3 the number of divisors of a number with five prime factors (factorise,
then the exponent formula); 4 a power modulo m (repeated squaring, exponent 17-63);
5 a large power modulo a prime from 53 to 97 (Fermat's little theorem first, then
repeated squaring of an exponent of 16 or more).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from itertools import combinations, product
from math import gcd, isqrt

from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, TaskConfig
from cotforge.domains.itemspace import Choices
from cotforge.domains.latex_answer import answer_latex
from cotforge.generators.math._unique import UniqueItemsGenerator

KINDS = {1: "gcd", 2: "lcm", 3: "divisors", 4: "power_mod", 5: "power_mod_prime"}
SMALL_PRIMES = (2, 3, 5, 7, 11, 13, 17, 19, 23)
BIG_PRIMES = (53, 59, 61, 67, 71, 73, 79, 83, 89, 97)
MODULI = (6, 9, 10, 12, 14, 15, 18, 20, 21, 22, 24, 25, 26, 28, 30, 33, 35)
PHRASES = {
    "gcd": ("Find the greatest common divisor of ${a}$ and ${b}$.", "What is $\\gcd({a}, {b})$?",
            "What is the largest positive integer that divides both ${a}$ and ${b}$?",
            "Compute the greatest common factor of ${a}$ and ${b}$."),
    "lcm": ("Find the least common multiple of ${a}$ and ${b}$.", "What is $\\operatorname{{lcm}}({a}, {b})$?",
            "What is the smallest positive integer divisible by both ${a}$ and ${b}$?",
            "Compute the lowest common multiple of ${a}$ and ${b}$."),
    "divisors": ("How many positive divisors does ${n}$ have?", "Find the number of positive divisors of ${n}$.",
                 "How many positive integers divide ${n}$ exactly?", "Count the positive factors of ${n}$."),
    "power": ("Find the remainder when ${a}^{{{k}}}$ is divided by ${m}$.", "What is ${a}^{{{k}}} \\bmod {m}$?",
              "Compute the remainder of ${a}^{{{k}}}$ on division by ${m}$.",
              "Find the integer $r$ with $0 \\le r < {m}$ and ${a}^{{{k}}} \\equiv r \\pmod{{{m}}}$."),
}  # fmt: skip
def _pairs(low: int, high: int) -> list[tuple[int, int]]:
    """(a, b), a > b, sharing a factor, neither dividing the other: each pair once, so no two digits are one item."""
    return [(a, b) for a in range(low, high + 1) for b in range(6, a) if gcd(a, b) > 1 and a % b]


def _five_prime_numbers(limit: int) -> list[int]:
    """Numbers up to ``limit`` with five distinct small prime factors, each to a power 1-3."""
    out = set()
    for primes in combinations(SMALL_PRIMES, 5):
        for exps in product((1, 2, 3), repeat=5):
            n = 1
            for q, e in zip(primes, exps):
                n *= q**e
            if n <= limit:
                out.add(n)
    return sorted(out)


_LEVELS: dict[int, tuple[tuple[str, list], ...]] = {
    1: (("pair", _pairs(20, 150)),),
    2: (("pair", _pairs(30, 250)),),
    3: (("n", _five_prime_numbers(3_000_000)),),
    4: (("ma", [(m, a) for m in MODULI for a in range(2, 40) if a % m > 1 and gcd(a, m) == 1]), ("k", list(range(17, 64)))),
    5: (("mk", [(m, k) for m in BIG_PRIMES for k in range(200, 1000) if k % (m - 1) >= 16]), ("a", list(range(2, 53)))),
}


@dataclass(frozen=True, slots=True)
class NumberTheoryConfig(TaskConfig):
    """The level picks the question: gcd, lcm, divisor count, power mod m, large power mod a prime."""


def brute_gcd(a: int, b: int) -> int:
    return max(d for d in range(1, min(a, b) + 1) if a % d == 0 and b % d == 0)


def brute_lcm(a: int, b: int) -> int:
    return next(m for m in range(max(a, b), a * b + 1, max(a, b)) if m % min(a, b) == 0)


def brute_divisors(n: int) -> int:
    root = isqrt(n)
    return sum(2 for d in range(1, root + 1) if n % d == 0) - (1 if root * root == n else 0)


def brute_power_mod(a: int, k: int, m: int) -> int:
    value = 1
    for _ in range(k):
        value = value * a % m
    return value


class NumberTheoryGenerator(UniqueItemsGenerator):
    name = "number_theory"
    version = 3
    domain = "math"
    space = "number_theory"
    verifier = "math"
    config_cls = NumberTheoryConfig

    def choices(self) -> Choices:
        kind = KINDS[self.config.level]
        phrases = PHRASES["power" if kind.startswith("power") else kind]
        return Choices(_LEVELS[self.config.level] + (("phrase", list(range(len(phrases)))),))

    def _valid(self, p: dict) -> bool:
        level = self.config.level
        if level in (1, 2):
            return True
        if level == 3:
            return True
        return True  # every digit is valid by construction (level 4: a unit mod m, since powers of a non-unit
        # settle on idempotents that hide every slip; level 5: Fermat leaves an exponent of 16 or more)

    def build(self, rng: random.Random) -> Draft:
        kind = KINDS[self.config.level]
        p = self.pick(self.choices(), self._valid)
        if kind in ("gcd", "lcm"):
            a, b = p["pair"]
            question = PHRASES[kind][p["phrase"]].format(a=a, b=b)
            answer = brute_gcd(a, b) if kind == "gcd" else brute_lcm(a, b)
            numbers = [a, b]
        elif kind == "divisors":
            n = p["n"]
            question, answer, numbers = PHRASES[kind][p["phrase"]].format(n=n), brute_divisors(n), [n]
        else:
            (m, a), k = p["ma"] if "ma" in p else (p["mk"][0], p["a"]), p["k"] if "k" in p else p["mk"][1]
            question = PHRASES["power"][p["phrase"]].format(a=a, k=k, m=m)
            answer, numbers = brute_power_mod(a, k, m), [a, k, m]
        return Draft(
            question=question,
            answer=answer_latex(str(answer), "value"),
            payload={"answer_sympy": str(answer), "check": "facts", "answer_kind": "value", "kind": kind, "numbers": numbers},
            metadata={"kind": kind},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        return str(int(problem.data()["answer_sympy"]) + rng.choice([1, 2]))


TASKS.register("number_theory", NumberTheoryGenerator)
