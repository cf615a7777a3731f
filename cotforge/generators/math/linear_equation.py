"""Linear equations in one unknown, from ``a x + b = c`` to three fractions and brackets.

Each item is drawn from a numbered space of choices (coefficients, layout, phrasing, name of
the unknown), so items of a seed never repeat and neighbouring seeds never meet within the
level's capacity. The equation is built as structured sides (:mod:`cotforge.domains.linform`)
with exact ``Fraction`` arithmetic; the step space rewrites the same structure, the step check
evaluates the printed states, and the re-check solves the printed LaTeX with sympy.

Levels (steps a student writes): 1 ``a x + b = c`` (2); 2 the unknown on both sides (3);
3 a bracket and like terms (4-5); 4 a fraction and a bracket, rational solutions (5-6);
5 three fractions, or two fractions and brackets on both sides (6-7).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, TaskConfig
from cotforge.domains.algebra import fraction_text
from cotforge.domains.itemspace import Choices
from cotforge.domains.latex_answer import answer_latex
from cotforge.domains.linform import Frac, Group, Mono, Side, equation_text, form, mono, solution, to_json
from cotforge.generators.math._unique import UniqueItemsGenerator

NAMES = ("x", "y", "n", "t", "k", "m")
PHRASES = (
    "Solve for ${v}$: ${eq}$",
    "Solve the equation ${eq}$ for ${v}$.",
    "Find the value of ${v}$ that satisfies ${eq}$.",
    "What value of ${v}$ makes ${eq}$ true?",
    "Find ${v}$ if ${eq}$.",
    "Determine ${v}$ such that ${eq}$.",
)


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def _nz(lo: int, hi: int) -> list[int]:
    return [n for n in range(lo, hi + 1) if n != 0]


def _others(values: list[int]) -> list[int]:
    """Positions 0..len-2: the j-th value other than a given one (see ``_other``)."""
    return list(range(len(values) - 1))


def _other(values: list[int], avoid: Any, j: int) -> int:
    rest = [v for v in values if v != avoid]
    return rest[j % len(rest)]


A12 = _nz(-12, 12)
PAIRS = [(m, n) for m in range(2, 9) for n in range(2, 9) if m % n and n % m and m * n // _gcd(m, n) <= 24]
"""Two denominators, neither a multiple of the other, with a least common multiple a student can handle."""
_LEVELS: dict[int, tuple[tuple[str, list[Any]], ...]] = {
    1: (("a", [n for n in A12 if n != 1]), ("x0", list(range(-20, 21))), ("b", _nz(-40, 40)), ("layout", list(range(4)))),
    2: (("a", A12), ("c", _others(A12)), ("x0", list(range(-15, 16))), ("b", _nz(-30, 30)), ("layout", list(range(4)))),
    3: (("k", [n for n in _nz(-9, 9) if n != 1]), ("p", [n for n in _nz(-4, 5) if n != 0]), ("q", _nz(-9, 9)), ("r", _nz(-20, 20)),
        ("s", list(range(-9, 10))), ("x0", list(range(-12, 13))), ("layout", list(range(3)))),
    4: (("a", _nz(-6, 6)), ("b", _nz(-12, 12)), ("m", list(range(2, 8))), ("c", _nz(-12, 12)), ("k", _nz(-6, 6)),
        ("d", _nz(-9, 9)), ("layout", list(range(3)))),
    5: (("a", list(range(1, 7))), ("b", _nz(-9, 9)), ("mn", PAIRS), ("c", list(range(1, 7))), ("d", _nz(-9, 9)),
        ("e", list(range(1, 7))), ("f", _nz(-9, 9)), ("g", _nz(-6, 6)), ("layout", list(range(2)))),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class LinearEquationConfig(TaskConfig):
    variable: str = ""
    """Name of the unknown; empty: each item picks one of x, y, n, t, k, m."""

    def __post_init__(self) -> None:
        TaskConfig.__post_init__(self)
        if self.variable and (len(self.variable) != 1 or not self.variable.isalpha() or self.variable in "eiEI"):
            raise ConfigError(f"variable must be one letter other than e and i, got {self.variable!r}")


def _lin(a: int, b: int, first_constant: bool = False) -> tuple[Mono, ...]:
    terms = [mono(a, 1), mono(b, 0)] if b else [mono(a, 1)]
    return tuple(reversed(terms)) if first_constant and b else tuple(terms)


def _shape(level: int, p: dict[str, Any]) -> tuple[Side, Side] | None:
    """The two sides of the item's equation (None: degenerate, drawn again)."""
    if level == 1:
        c = p["a"] * p["x0"] + p["b"]
        left = _lin(p["a"], p["b"], p["layout"] % 2 == 1)
        return (left, (mono(c, 0),)) if p["layout"] < 2 else ((mono(c, 0),), left)
    if level == 2:
        a, c = p["a"], _other(A12, p["a"], p["c"])
        d = (a - c) * p["x0"] + p["b"]
        right: tuple[Mono, ...] = ((mono(c, 1), mono(d, 0)) if p["layout"] < 2 else (mono(d, 0), mono(c, 1))) if d else (mono(c, 1),)
        return _lin(a, p["b"], p["layout"] % 2 == 1), right
    if level == 3:
        k, s = p["k"], p["s"]
        group = Group(Fraction(k), _lin(p["p"], p["q"]))
        if k * p["p"] == s:
            return None
        t = (k * p["p"] - s) * p["x0"] + k * p["q"] + p["r"]
        right = tuple(x for x in (mono(s, 1), mono(t, 0)) if x.c != 0) or (mono(0, 0),)
        if p["layout"] == 0:
            return (group, mono(p["r"], 0)), right
        if p["layout"] == 1:
            return (mono(p["r"], 0), group), right
        return right, (group, mono(p["r"], 0))
    if level == 4:
        a, b, m = p["a"], p["b"], p["m"]
        if a % m == 0 and b % m == 0:
            return None  # the fraction would cancel away
        frac = Frac(1 if a > 0 else -1, _lin(abs(a), b), m)
        group = Group(Fraction(p["k"]), _lin(1, p["d"]))
        c = mono(p["c"], 0)
        return ((frac, c), (group,)) if p["layout"] == 0 else ((frac,), (group, c)) if p["layout"] == 1 else ((c, frac), (group,))
    m, n = p["mn"]
    if (p["a"] % m == 0 and p["b"] % m == 0) or (p["c"] % n == 0 and p["d"] % n == 0):
        return None  # a fraction that cancels away
    first, second = Frac(1, _lin(p["a"], p["b"]), m), Frac(-1, _lin(p["c"], p["d"]), n)
    if p["layout"] == 0:
        return (first, second), (Group(Fraction(p["g"]), _lin(1, p["f"])), mono(p["e"], 1))
    third = next(k for k in (m * n // _gcd(m, n), 2 * m, 2 * n) if k not in (m, n) and (p["e"] % k or p["f"] % k))
    return (first, second), (Frac(1, _lin(p["e"], p["f"]), third), mono(p["g"], 0))


def _good(level: int, p: dict[str, Any]) -> bool:
    sides = _shape(level, p)
    if sides is None:
        return False
    x = solution(*sides)
    if x is None or x == 0:
        return False  # no single solution; or 0, which hides a slip in any coefficient of the unknown
    if level == 5 and 0 in (*form(sides[0]), *form(sides[1])):
        return False  # the unknown or the constant cancels from a side: fewer steps than level 4
    return level < 4 or (x.denominator <= 20 and abs(x) <= 40)


class LinearEquationGenerator(UniqueItemsGenerator):
    name = "linear_equation"
    version = 4
    domain = "math"
    space = "algebra"
    verifier = "math"
    config_cls = LinearEquationConfig

    def choices(self) -> Choices:
        names = (self.config.variable,) if self.config.variable else NAMES
        return Choices(_LEVELS[self.config.level] + (("phrase", list(range(len(PHRASES)))), ("v", list(names))))

    def build(self, rng: random.Random) -> Draft:
        level = self.config.level
        p = self.pick(self.choices(), lambda q: _good(level, q))
        lhs, rhs = _shape(level, p)  # type: ignore[misc]
        x0 = solution(lhs, rhs)
        assert x0 is not None  # _good checked it
        v = p["v"]
        question = PHRASES[p["phrase"]].format(v=v, eq=equation_text(lhs, rhs, v, tex=True))
        return Draft(
            question=question,
            answer=answer_latex(fraction_text(x0), "value"),
            payload={"answer_sympy": fraction_text(x0), "equation": equation_text(lhs, rhs, v), "variable": v,
                     "sides": [to_json(lhs), to_json(rhs)]},
            metadata={"solution_kind": "integer" if x0.denominator == 1 else "rational", "layout": p["layout"]},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        gold = Fraction(problem.data()["answer_sympy"])
        shifts: list[Fraction] = [Fraction(1), Fraction(-1), Fraction(1, 2)]
        return fraction_text(gold + rng.choice(shifts))


TASKS.register("linear_equation", LinearEquationGenerator)
