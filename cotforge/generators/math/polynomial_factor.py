"""Factoring polynomials completely over the rationals.

The factors are chosen first and multiplied out (the gold answer is the construction);
the step space finds them again one method per step. Seventeen structures: a common factor
then a monic trinomial; a leading minus sign; a difference of squares; a perfect square;
a non-monic trinomial (split the middle term, group); a common factor with a power of x;
a sum or difference of cubes; x⁴ − c⁴ (two differences of squares); a trinomial in x²
whose factors are differences of squares; a cubic by grouping, then a difference of
squares; a cubic by grouping with a sum of squares left; a power of x times cubes.
Question, steps and answer are LaTeX; the SymPy text of the answer is ``payload.answer_sympy``.

Levels by the number of steps the solution takes (counted by walking the step space at
build time, so they rise by construction): 1 → 2, 2 → 2–3, 3 → 3, 4 → 3–4, 5 → 4–5.
Capacity per seed (distinct polynomials, birthday estimate): see bench/README.md; level 5 is the
smallest (~6,000 at version 5, 3 repeats in 200 draws), so large runs of it repeat problems.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from math import gcd

import sympy

from cotforge.core.records import Problem
from cotforge.core.registry import SPACES, TASKS
from cotforge.core.task import Draft, Generator, TaskConfig
from cotforge.domains.polynomial import multiply, poly_latex, poly_text, product_latex
from cotforge.generators.math._split import seed_side

X = sympy.Symbol("x")
STEPS = {1: (2, 2), 2: (2, 3), 3: (3, 3), 4: (3, 4), 5: (4, 5)}
ASK = ("Factor completely: ${}$", "Factor ${}$ completely over the integers.", "Write ${}$ as a product of irreducible factors.",
       "Factor ${}$ as far as possible.")  # fmt: skip
Factors = tuple[int, int, list[list[int]]]
"""(the number in front, the power of x, the other factors as coefficient lists)."""


@dataclass(frozen=True, slots=True)
class PolynomialFactorConfig(TaskConfig):
    """The level sets how many methods the factorisation takes."""


def _nz(rng: random.Random, bound: int) -> int:
    return rng.choice(_nonzero(bound))


@lru_cache(maxsize=64)
def _nonzero(bound: int) -> tuple[int, ...]:
    """The nonzero integers from ``-bound`` to ``bound``, ascending (made once per bound, not per draw)."""
    return tuple(n for n in range(-bound, bound + 1) if n)


def _linear(rng: random.Random, lead: int, least: int = 1) -> list[int]:
    """``a x + b`` with no common factor (so it cannot be factored further)."""
    while True:
        a, b = rng.randint(least, lead), _nz(rng, 12)
        if gcd(a, b) == 1:
            return [a, b]


def _k(rng: random.Random, chance: float = 1.0) -> int:
    return rng.choice([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, -2, -3, -4, -5]) if rng.random() < chance else 1


def _monic(r: random.Random) -> Factors:
    return _k(r), 0, [[1, _nz(r, 15)], [1, _nz(r, 15)]]


def _negative(r: random.Random) -> Factors:
    return -1, 0, [[1, _nz(r, 30)], [1, _nz(r, 30)]]


def _squares(r: random.Random) -> Factors:
    p, q = _linear(r, 12)
    return _k(r), 0, [[p, -abs(q)], [p, abs(q)]]


def _perfect(r: random.Random) -> Factors:
    lin = _linear(r, 7)
    return _k(r), 0, [lin, lin]


def _nonmonic(r: random.Random, chance: float = 0.0) -> Factors:
    return _k(r, chance), 0, [_linear(r, 5, least=2), _linear(r, 4)]


def _x_nonmonic(r: random.Random) -> Factors:
    return abs(_k(r, 0.6)), r.randint(1, 2), [_linear(r, 4, least=2), _linear(r, 4)]


def _cubes(r: random.Random, chance: float = 0.5) -> Factors:
    p, q, s = r.randint(1, 4), r.randint(1, 6), r.choice([1, -1])
    while gcd(p, q) != 1:
        q = r.randint(1, 6)
    return _k(r, chance), 0, [[p, s * q], [p * p, -s * p * q, q * q]]


def _quartic(r: random.Random) -> Factors:
    p, q = r.randint(1, 3), r.randint(1, 5)
    while gcd(p, q) != 1:
        q = r.randint(1, 5)
    return _k(r, 0.7), r.choice([0, 0, 1]), [[p * p, 0, q * q], [p, -q], [p, q]]


def _in_x_squared(r: random.Random, chance: float = 0.0) -> Factors:
    """(x² - m)(x² - n): a square m gives a difference of squares, any other m stays as it is."""
    out: list[list[int]] = []
    for m in r.sample(range(1, 41), 2):
        root = int(m**0.5)
        out += [[1, -root], [1, root]] if root * root == m else [[1, 0, -m]]
    return _k(r, chance), 0, out


FRONT = (*range(2, 13), *range(-12, -1))
"""Numbers a level-5 polynomial may have in front: taking out -9 is the step taking out 9 or -2 is."""


def _two_squares_in_x_squared(r: random.Random) -> Factors:
    """(x² - a²)(x² - b²) with a power of x or a number in front: four steps or five. The widest
    choice of what is in front (22 numbers, x to x³): level 5 is mostly this structure, and the
    narrower one (15 numbers, x to x²) held ~2,600 polynomials per seed, 12 repeats in 200."""
    a, b = r.sample(range(1, 21), 2)
    second = [[1, -b], [1, b]] if r.random() < 0.5 else [[1, 0, b * b]]  # x² - b² splits again, x² + b² does not
    k = r.choice(FRONT) if r.random() < 0.8 else 1
    return k, r.choice([0, 1, 2, 3]), [[1, -a], [1, a]] + second


def _grouping(r: random.Random, chance: float = 0.0) -> Factors:
    a, b = _nz(r, 25), r.randint(1, 12)
    return _k(r, chance), 0, [[1, a], [1, -b], [1, b]]


def _grouping_sum(r: random.Random) -> Factors:
    return _k(r, 0.7), 0, [[1, _nz(r, 12)], [1, 0, r.randint(1, 15)]]


def _x_in_x_squared(r: random.Random) -> Factors:
    k, _, rest = _in_x_squared(r, 0.6)
    return k, r.randint(1, 2), rest


def _x_cubes(r: random.Random) -> Factors:
    k, _, rest = _cubes(r, 0.5)
    return k, r.randint(1, 2), rest


WEIGHTS = {"quartic_squares": 0.2, "grouping": 0.6, "negative": 0.6, "cubes": 0.4, "perfect_square": 0.7, "x_cubes": 0.3, "squares": 0.6}
"""Structures with few distinct items are drawn less often, so a level's duplicates stay rare."""
STRUCTURES: dict[str, Callable[[random.Random], Factors]] = {
    "monic": _monic, "negative": _negative, "squares": _squares, "perfect_square": _perfect, "nonmonic": _nonmonic,
    "gcf_nonmonic": lambda r: _nonmonic(r, 1.0), "x_nonmonic": _x_nonmonic, "cubes": _cubes, "quartic_squares": _quartic,
    "in_x_squared": _in_x_squared, "gcf_in_x_squared": lambda r: _in_x_squared(r, 1.0), "grouping": _grouping,
    "gcf_grouping": lambda r: _grouping(r, 1.0), "grouping_sum": _grouping_sum, "x_cubes": _x_cubes,
    "x_in_x_squared": _x_in_x_squared, "two_squares_in_x_squared": _two_squares_in_x_squared,
}  # fmt: skip
_NAMES = list(STRUCTURES)
_CUM_WEIGHTS = list(itertools.accumulate(WEIGHTS.get(n, 1.0) for n in STRUCTURES))
"""``rng.choices(names, weights)`` sums the weights on every call; given these sums it draws the same."""


def _steps(product: list[int], expression: str) -> int | None:
    """Steps the step space takes on ``expression``, written from the coefficients ``product`` (first choice each time),
    or None if it cannot finish."""
    probe = Problem("polynomial_factor", 0, "math", 0, 0, 0, "", "", json.dumps({"expression": expression}), "factoring", "math")
    space = SPACES.get("factoring")(probe, tuple(product))  # a build-time count only, never the gold
    steps: int | None = space.steps_to_finish(12)
    return steps


def _gold_latex(k: int, power: int, factors: list[list[int]]) -> str:
    """``answer_latex(gold, "factored")`` of the gold ``build`` writes (``k*x**power*(f1)*(f2)``, ``-(f1)*(f2)``), written
    from the factors instead of read back from that text (``domains.latex`` writes a leading ``-`` on the first operand)."""
    pieces = ([str(k)] if k not in (1, -1) else []) + ([f"x^{{{power}}}" if power > 1 else "x"] if power else [])
    pieces += [rf"\left({poly_latex(f)}\right)" for f in factors]
    return ("-" if k == -1 else "") + product_latex(pieces)


class PolynomialFactorGenerator(Generator):
    name = "polynomial_factor"
    version = 6
    """Version 5: level 5's (x² - a²)(x² - b²) may have any of 22 numbers and x to x³ in front (was 15 and x to x²): about twice
    the polynomials per seed. Version 4 (rows, not items): a difference of squares slip is worded as the sound step."""
    domain = "math"
    space = "factoring"
    verifier = "math"
    config_cls = PolynomialFactorConfig

    def build(self, rng: random.Random) -> Draft:
        lo, hi = STEPS[self.config.level]
        for _ in range(2000):
            name = rng.choices(_NAMES, cum_weights=_CUM_WEIGHTS)[0]
            k, power, factors = STRUCTURES[name](rng)
            if len({tuple(f) for f in factors}) < len(factors) and name != "perfect_square":
                continue
            product = [k] + [0] * power
            for f in factors:
                product = multiply(product, f)
            expression = poly_text(product, "x")
            if not seed_side(expression, self.seed):
                continue
            ask = rng.choice(ASK)
            steps = _steps(product, expression)  # most drafts stop here: their answer and LaTeX are written only for the one kept
            if steps is not None and lo <= steps <= hi:
                parts = ([str(k)] if k not in (1, -1) else []) + ([f"x**{power}" if power > 1 else "x"] if power else [])
                parts += [f"({poly_text(f, 'x')})" for f in factors]
                gold = ("-" if k == -1 else "") + "*".join(parts)
                payload = {"answer_sympy": gold, "check": "poly_identity", "answer_kind": "factored", "variable": "x", "expression": expression}
                return Draft(ask.format(poly_latex(product)), _gold_latex(k, power, factors), payload,
                             {"structure": name, "factors": len(factors) + (k != 1) + (power > 0), "steps": steps})
        raise RuntimeError(f"polynomial_factor level {self.config.level}: no structure fits in 2000 tries")

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        """The same factors with the sign of the first constant flipped: factored, but not equal."""
        return re.sub(r" ([+-]) (\d+)\)", lambda m: f" {'-' if m.group(1) == '+' else '+'} {m.group(2)})", problem.data()["answer_sympy"], count=1)


TASKS.register("polynomial_factor", PolynomialFactorGenerator)
