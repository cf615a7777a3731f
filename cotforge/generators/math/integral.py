"""Indefinite integrals: power rule, standard integrals, substitution and integration by parts.

The antiderivative F is drawn first and the question asks for the integral of F' (the
construction is the gold); the step space integrates F' method by method, and the verifier
accepts any answer whose derivative is the integrand (any constant). Question, steps and
answer are LaTeX (``\\int \\left(16 x^{3} - 3\\right)\\,dx``; ``\\ln\\left|x\\right|``).

Levels (each adds work to the one before, so steps rise): 1 a polynomial written out (power
rule); 2 a product or power of brackets to expand first; 3 sums with 1/x, roots, eˣ, sin,
cos beside a polynomial; 4 a linear inner function or a substitution beside a polynomial
term; 5 integration by parts beside a standard term. Neighbouring seeds draw disjoint
integrands.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

import sympy

from cotforge.domains.calculus_tex import absolute_logs
from cotforge.domains.latex import latex
from cotforge.generators.math._split import seed_side
from cotforge.domains.latex_answer import answer_latex
from cotforge.core.records import Problem
from cotforge.core.registry import TASKS
from cotforge.core.task import Draft, Generator, TaskConfig

X = sympy.Symbol("x")
ASK = ("Find ${}$.", "Evaluate the indefinite integral ${}$.", "Compute ${}$.", "Integrate: ${}$.")


@dataclass(frozen=True, slots=True)
class IntegralConfig(TaskConfig):
    """The level sets which integration method is needed. v4: at level 4 a bracket is raised to a power of 3 or
    more in the integrand, and the space integrates it by substitution rather than multiplying it out (v3
    expanded it, and the boxed antiderivative differed from the gold by a constant)."""


def _nz(rng: random.Random, bound: int) -> int:
    return rng.choice([n for n in range(-bound, bound + 1) if n])


class IntegralGenerator(Generator):
    name = "integral"
    version = 7
    """Version 7 (rows, not items; 6 was skipped: its draw repeats two level-2 integrands in the first 120 items,
    where the uniqueness test allows one): new slips - a sign lost (a polynomial's last term, a term of a sum as it is
    split), a number dropped (a term's coefficient as the sum is split, the slope not divided by, a constant
    taken outside), eˣ integrated by the power rule; a linear inner function's step names its slope without
    announcing the division. Version 5: the power rule's slips are three (not dividing by n + 1, the power
    left as it was, dividing by n); ∫cos = -sin is a sign slip."""
    domain = "math"
    space = "integration"
    verifier = "math"
    config_cls = IntegralConfig

    def antiderivative(self, rng: random.Random) -> sympy.Expr:
        level = self.config.level
        if level == 1:
            powers = rng.sample(range(1, 8), rng.randint(2, 5))
            return sum((sympy.Rational(_nz(rng, 12), 1) * X**p for p in powers), sympy.Integer(0))
        if level == 2:
            return sympy.integrate(self.bracketed(rng), X)
        if level == 3:
            pieces = [_nz(rng, 9) * sympy.log(X), _nz(rng, 6) * sympy.exp(X), _nz(rng, 6) * sympy.sin(X),
                      _nz(rng, 6) * sympy.cos(X), _nz(rng, 4) * X ** sympy.Rational(3, 2), _nz(rng, 5) / X]  # fmt: skip
            return _nz(rng, 9) * X ** rng.randint(2, 5) + sum(rng.sample(pieces, rng.randint(1, 2)), sympy.Integer(0))
        a, b = rng.choice([-6, -5, -4, -3, -2, 2, 3, 4, 5, 6]), rng.randint(-9, 9)
        extra = _nz(rng, 9) * X ** rng.randint(2, 5)
        if level == 4:
            if rng.random() < 0.5:
                u = a * X + b
                core = rng.choice([u ** rng.randint(4, 7), sympy.exp(u), sympy.sin(u), sympy.cos(u)]) * rng.randint(1, 5)
            else:
                inner = X ** rng.randint(2, 3) + rng.randint(1, 12)
                core = rng.randint(1, 6) * rng.choice([inner ** rng.randint(4, 6), sympy.exp(inner), sympy.sin(inner), sympy.cos(inner), sympy.log(inner)])
            return core + extra + rng.choice([_nz(rng, 6) * sympy.exp(X), _nz(rng, 6) * sympy.cos(X), _nz(rng, 9) * sympy.log(X)])
        standard = rng.sample([_nz(rng, 6) * sympy.exp(X), _nz(rng, 6) * sympy.sin(X), extra], 2)
        return _by_parts(self.by_parts_integrand(rng)) + standard[0] + standard[1]

    @staticmethod
    def bracketed(rng: random.Random) -> sympy.Expr:
        """An integrand written with brackets to multiply out first: k·xⁿ(ax + b), (ax + b)(cx + d), (ax + b)²."""
        a, b, c, d = _nz(rng, 9), _nz(rng, 15), _nz(rng, 9), _nz(rng, 15)
        shape = rng.choice(["monomial", "product", "square"])
        if shape == "monomial":
            return sympy.Mul(_nz(rng, 9) * X ** rng.randint(1, 3), a * X + b, evaluate=False)
        if shape == "product":
            return sympy.Mul(a * X + b, c * X + d, evaluate=False)
        k = _nz(rng, 9) * X ** rng.randint(0, 2)
        return sympy.Mul(k, sympy.Pow(a * X + b, 2, evaluate=False), evaluate=False) if k != 1 else sympy.Pow(a * X + b, 2, evaluate=False)

    @staticmethod
    def by_parts_integrand(rng: random.Random) -> sympy.Expr:
        """(ax + b)·g(kx) or c·xⁿ·ln x: integrands that need integration by parts."""
        k = rng.choice([1, 2, 3, 4, -1, -2])
        if rng.random() < 0.25:
            return rng.randint(1, 4) * X ** rng.randint(1, 3) * sympy.log(X)
        linear = rng.randint(1, 3) * X + rng.randint(-4, 4)
        return linear * rng.choice([sympy.exp(k * X), sympy.sin(k * X), sympy.cos(k * X)])

    def build(self, rng: random.Random) -> Draft:
        level = self.config.level
        while True:
            if level == 2:
                integrand = self.bracketed(rng)
            elif level == 1:  # a polynomial: sympy.expand(sympy.diff(F, x)) by exact polynomial arithmetic, the same expression
                F = sympy.expand(self.antiderivative(rng))
                integrand = sympy.Poly(F, X).diff(X).as_expr()
            else:
                F = sympy.expand(self.antiderivative(rng)) if level == 3 else self.antiderivative(rng)
                integrand = _derivative(F)
                integrand = sympy.expand(integrand) if level == 3 else integrand
            text = sympy.sstr(integrand)
            if integrand.has(X) and seed_side(text, self.seed):
                break
        if level == 2:  # only for the draw kept; sympy.integrate of a polynomial is this (Integral._eval_integral)
            F = sympy.Poly(sympy.expand(integrand), X).integrate().as_expr()
        body = latex(text)
        shown = f"\\left({body}\\right)" if integrand.is_Add else body
        answer = f"{sympy.sstr(F)} + C"
        return Draft(
            question=rng.choice(ASK).format(f"\\int {shown}\\,dx"),
            answer=absolute_logs(answer_latex(answer, "antiderivative")),
            payload={"answer_sympy": answer, "check": "integral", "answer_kind": "antiderivative", "variable": "x", "integrand": text},
            metadata={"level_method": ["power", "expand", "table", "inner", "parts"][level - 1]},
        )

    def perturb(self, problem: Problem, rng: random.Random) -> str:
        return problem.data()["answer_sympy"].replace(" + C", "") + rng.choice([" + x + C", " - x**2 + C", " + 2*x + C"])


@lru_cache(maxsize=1024)
def _by_parts(integrand: sympy.Expr) -> sympy.Expr:
    """sympy's antiderivative of a level-5 integrand, the same expression ``sympy.integrate`` gives (Risch or heurisch,
    about 150 ms) by the textbook's closed forms: ``(P(x)·e^{kx})`` with P's denominators cleared as Risch writes it,
    the expanded sum for sin, cos and ln (every one of the 498 draws checked against sympy in
    tests/generators/math/test_integral_fast_paths.py). Anything else goes to ``sympy.integrate``. Kept: the draws hold
    about 500 distinct integrands ((ax + b)·g(kx), c·xⁿ·ln x)."""
    factors = sympy.Mul.make_args(integrand)
    outer = [g for g in factors if isinstance(g, (sympy.exp, sympy.sin, sympy.cos, sympy.log))]
    p = sympy.Mul(*[g for g in factors if g not in outer])
    if len(outer) != 1 or not p.is_polynomial(X):
        return sympy.integrate(integrand, X)
    g, coeffs = outer[0], sympy.Poly(p, X).all_coeffs()
    if isinstance(g, sympy.log) and g.args[0] == X and len(coeffs) > 1 and not any(coeffs[1:]):  # c·xⁿ·ln x
        m, c = len(coeffs), coeffs[0]
        return sympy.expand(c * X**m * sympy.log(X) / m - c * X**m / m**2)
    k = g.args[0].coeff(X)
    if isinstance(g, sympy.log) or len(coeffs) != 2 or not k.is_Rational or g.args[0] != k * X:
        return sympy.integrate(integrand, X)
    a, b = coeffs  # ∫(ax + b)·g(kx) dx
    if isinstance(g, sympy.exp):
        c1, c0 = a / k, b / k - a / k**2
        d = sympy.ilcm(c1.q, c0.q)
        return (d * c1 * X + d * c0) * g / d
    if isinstance(g, sympy.sin):
        return sympy.expand(-(a * X + b) * sympy.cos(k * X) / k + a / k**2 * sympy.sin(k * X))
    return sympy.expand((a * X + b) * sympy.sin(k * X) / k + a / k**2 * sympy.cos(k * X))


@lru_cache(maxsize=4096)
def _term_derivative(term: sympy.Expr) -> sympy.Expr:
    return sympy.diff(term, X)


def _derivative(F: sympy.Expr) -> sympy.Expr:
    """``sympy.diff(F, x)``, the same expression: sympy differentiates a sum term by term (``Add._eval_derivative``),
    and terms recur across draws (e·eˣ, c·sin x, a level-5 antiderivative), so each is differentiated once."""
    return sympy.Add(*[_term_derivative(t) for t in F.args]) if F.is_Add else _term_derivative(F)


TASKS.register("integral", IntegralGenerator)
