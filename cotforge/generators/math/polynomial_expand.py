"""Expanding polynomial expressions: distribute, multiply out brackets, collect like terms.

The expression is built from random brackets in one of several shapes per level; the gold
answer is sympy's expansion (``Poly``) of the expression as written, while the step space distributes
one bracket at a time over a list of exact terms and collects like terms one power at a time.
Question, steps and answer are LaTeX; the SymPy text of the answer is ``payload.answer_sympy``.

Levels (steps rise with the level by construction: more brackets, longer products):
1 two single brackets, ``a(bx + c) + d(ex + f)``; 2 one product (or square) of binomials with
terms beside it; 3 a product or a square with a bracket and a term beside it; 4 two products (or a
square and a product), or a binomial times a trinomial; 5 three binomials, two trinomials, or a
binomial times a trinomial with a product and a square beside it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sympy

from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig
from cotforge.domains.latex import latex
from cotforge.domains.latex_answer import answer_latex
from cotforge.generators.math._split import seed_side

X = sympy.Symbol("x")
ASK = ("Expand and simplify ${}$.", "Multiply out and collect like terms: ${}$.", "Write ${}$ as a polynomial in standard form.",
       "Expand ${}$ and combine like terms.", "Expand ${}$.")  # fmt: skip


@dataclass(frozen=True, slots=True)
class PolynomialExpandConfig(TaskConfig):
    """The level sets how many brackets are multiplied out."""


def _nz(rng: random.Random, bound: int) -> int:
    return rng.choice([n for n in range(-bound, bound + 1) if n])


def _binomial(rng: random.Random, lead: int = 4) -> str:
    a, b = rng.choice([n for n in range(-lead, lead + 1) if n]) if rng.random() < 0.2 else rng.randint(1, lead), _nz(rng, 9)
    head = "x" if a == 1 else "-x" if a == -1 else f"{a}*x"
    return f"({head} {'+' if b > 0 else '-'} {abs(b)})"


def _trinomial(rng: random.Random) -> str:
    a, b, c = rng.randint(1, 3), _nz(rng, 6), _nz(rng, 9)
    middle = "x" if abs(b) == 1 else f"{abs(b)}*x"
    return f"({'' if a == 1 else f'{a}*'}x**2 {'+' if b > 0 else '-'} {middle} {'+' if c > 0 else '-'} {abs(c)})"


def _signed(rng: random.Random, body: str, bound: int = 6) -> str:
    k = _nz(rng, bound)
    return f"{'+' if k > 0 else '-'} {'' if abs(k) == 1 else f'{abs(k)}*'}{body}"


def _times(k: int, body: str) -> str:
    """``k*body`` as written by hand: ``-(x + 2)``, ``3*x*(x - 1)``."""
    return {1: body, -1: f"-{body}"}.get(k, f"{k}*{body}")


def _mono(rng: random.Random) -> str:
    k, p = _nz(rng, 9), rng.choice(["x", "x**2", ""])
    return f"{'+' if k > 0 else '-'} {abs(k)}{'*' + p if p else ''}"


SHAPES = {
    1: (lambda r: f"{_times(_nz(r, 7), _binomial(r))} {_signed(r, _binomial(r))}",
        lambda r: f"{_times(_nz(r, 5), 'x*' + _binomial(r))} {_signed(r, _binomial(r))}",
        lambda r: f"{_times(_nz(r, 7), _binomial(r))} {_signed(r, _binomial(r))} {_mono(r)}"),
    2: (lambda r: f"{_binomial(r)}*{_binomial(r)} {_mono(r)}",
        lambda r: f"{_binomial(r)}*{_binomial(r)} {_mono(r)} {_mono(r)}",
        lambda r: f"{_binomial(r, 3)}**2 {_mono(r)}"),
    3: (lambda r: f"{_binomial(r, 3)}**2 {_signed(r, _binomial(r))} {_mono(r)}",
        lambda r: f"{_binomial(r)}*{_binomial(r)} {_signed(r, 'x*' + _binomial(r), 4)} {_mono(r)}",
        lambda r: f"{_times(_nz(r, 4), _binomial(r) + '*' + _binomial(r))} {_signed(r, _binomial(r))} {_mono(r)}"),
    4: (lambda r: f"{_binomial(r, 3)}**2 {_signed(r, _binomial(r, 2) + '*' + _binomial(r, 2), 3)}",
        lambda r: f"{_binomial(r)}*{_binomial(r)} {_signed(r, _binomial(r) + '*' + _binomial(r), 3)}",
        lambda r: f"{_binomial(r, 3)}*{_trinomial(r)} {_signed(r, _binomial(r), 5)}"),
    5: (lambda r: f"{_binomial(r, 2)}*{_binomial(r, 2)}*{_binomial(r, 2)} {_signed(r, _binomial(r, 2) + '**2', 3)}",
        lambda r: f"{_trinomial(r)}*{_trinomial(r)} {_signed(r, _binomial(r, 3) + '**2', 3)}",
        lambda r: f"{_binomial(r, 3)}*{_trinomial(r)} {_signed(r, _binomial(r) + '*' + _binomial(r), 3)} {_signed(r, _binomial(r, 3) + '**2', 3)}",
        lambda r: f"{_binomial(r, 2)}*{_binomial(r, 3)}*{_binomial(r, 2)} {_signed(r, _binomial(r) + '*' + _trinomial(r), 2)}"),
}  # fmt: skip


class PolynomialExpandGenerator(Generator):
    name = "polynomial_expand"
    version = 6
    """Version 6 (new draws, as every version brings; 5 was skipped: its draw repeats five level-2 expressions in
    the first 300 items, where the uniqueness test allows three): the space foresees where a wrong move's sound
    continuation ends and in how many steps, so the negatives continue first the wrong moves ``choose`` will prefer,
    five of them rather than all nine drawn (``continue_negative.Foresees``); the card's measures hold (bench/README)."""
    domain = "math"
    space = "expansion"
    verifier = "math"
    config_cls = PolynomialExpandConfig

    def expression(self, rng: random.Random) -> str:
        return rng.choice(SHAPES[self.config.level])(rng)

    def build(self, rng: random.Random) -> Draft:
        while True:
            text = self.expression(rng)
            if not seed_side(text, self.seed):  # the other seed's half: no need to expand it
                continue
            # sympy's polynomial expands the text (the same expression ``sympy.expand`` gives, at about 3/4 of the
            # cost) and knows its degree
            poly = sympy.Poly(sympy.sympify(text, locals={"x": X}), X)
            expanded = poly.as_expr()
            if poly.degree() >= 1 and len(expanded.args) >= 2:
                break
        answer = sympy.sstr(expanded)
        return Draft(
            question=rng.choice(ASK).format(latex(text)),
            answer=answer_latex(answer, "expanded"),
            payload={"answer_sympy": answer, "check": "poly_identity", "answer_kind": "expanded", "variable": "x", "expression": text},
            metadata={"degree": poly.degree()},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        expanded = sympy.sympify(problem.data()["answer_sympy"], locals={"x": X})
        return sympy.sstr(expanded + rng.choice([1, -1, X, -2 * X]))


TASKS.register("polynomial_expand", PolynomialExpandGenerator)
