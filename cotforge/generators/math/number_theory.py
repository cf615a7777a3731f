"""Number theory: gcd, lcm, counting divisors, and powers modulo m.

The gold answer is found by brute force (scanning divisors and multiples,
multiplying k times), while the step space uses Euclid's algorithm, prime
factorisation, repeated squaring and Fermat's little theorem, so the two routes
share nothing.

Levels: 1 gcd of two numbers (Euclid); 2 lcm of two numbers (Euclid, then
a·b/gcd); 3 the number of divisors (factorise, then the exponent formula);
4 a power modulo m (repeated squaring); 5 a large power modulo a prime
(Fermat's little theorem first, then repeated squaring).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

KINDS = {1: "gcd", 2: "lcm", 3: "divisors", 4: "power_mod", 5: "power_mod_prime"}
PRIMES = (7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43)


@dataclass(frozen=True, slots=True)
class NumberTheoryConfig(TaskConfig):
    """The level picks the question: gcd, lcm, divisor count, power mod m, large power mod a prime."""


def brute_gcd(a: int, b: int) -> int:
    return max(d for d in range(1, min(a, b) + 1) if a % d == 0 and b % d == 0)


def brute_lcm(a: int, b: int) -> int:
    return next(m for m in range(max(a, b), a * b + 1, max(a, b)) if m % min(a, b) == 0)


def brute_divisors(n: int) -> int:
    return sum(1 for d in range(1, n + 1) if n % d == 0)


def brute_power_mod(a: int, k: int, m: int) -> int:
    value = 1
    for _ in range(k):
        value = value * a % m
    return value


class NumberTheoryGenerator(Generator):
    name = "number_theory"
    version = 2
    domain = "math"
    space = "number_theory"
    verifier = "math"
    config_cls = NumberTheoryConfig

    def build(self, rng: random.Random) -> Draft:
        kind = KINDS[self.config.level]
        if kind in ("gcd", "lcm"):
            g = rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 14, 15])
            while True:
                a, b = g * rng.randint(2, 40), g * rng.randint(2, 40)
                if a != b and max(a, b) >= 20 and (a % b and b % a):
                    break
            a, b = max(a, b), min(a, b)
            if kind == "gcd":
                question, answer = f"Find the greatest common divisor of {a} and {b}.", brute_gcd(a, b)
            else:
                question, answer = f"Find the least common multiple of {a} and {b}.", brute_lcm(a, b)
            numbers = [a, b]
        elif kind == "divisors":
            while True:
                n = 1
                for p in rng.sample([2, 3, 5, 7, 11, 13, 17, 19, 23], rng.randint(2, 4)):
                    n *= p ** rng.randint(1, 4)
                if 30 <= n <= 50000:
                    break
            question, answer, numbers = f"How many positive divisors does {n} have?", brute_divisors(n), [n]
        else:
            m = rng.choice(PRIMES) if kind == "power_mod_prime" else rng.choice([6, 9, 10, 12, 14, 15, 20, 21, 22, 25, 26])
            a = rng.randint(2, m - 1)
            k = rng.randint(100, 999) if kind == "power_mod_prime" else rng.randint(5, 60)
            question = f"Find the remainder when {a}^{k} is divided by {m}."
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
