"""``sympy.sstr``'s text of small exact forms, written without sympy: a polynomial of degree at most 2 from its
``Fraction`` coefficients, and a product of two monic linear factors. The generator and the inequality space print
the same sides (generators and solvers share code only through this layer); the tests hold each to ``sympy.sstr`` on
a grid.
"""

from __future__ import annotations

from fractions import Fraction

Coefficients = tuple[Fraction, Fraction, Fraction]
"""``(c0, c1, c2)``: the side is ``c0 + c1 x + c2 x**2``."""


def _term(value: Fraction, power: int) -> str:
    if power == 0:
        return str(value)
    monomial = "x" if power == 1 else f"x**{power}"
    top, bottom = abs(value.numerator), value.denominator
    body = monomial if top == 1 else f"{top}*{monomial}"
    return ("-" if value.numerator < 0 else "") + (body if bottom == 1 else f"{body}/{bottom}")


def ordered_terms(c: Coefficients) -> list[tuple[int, Fraction]]:
    """The nonzero terms (power, coefficient) in the order sympy prints them: falling degree, except a positive
    constant first beside one negative term (``1 - x``, ``3 - x**2``). Signs are read off numerators (no generic
    comparison)."""
    present = [(p, c[p]) for p in (2, 1, 0) if c[p].numerator]
    if len(present) == 2 and present[1][0] == 0 and present[0][1].numerator < 0 and present[1][1].numerator > 0:
        present.reverse()
    return present


def text(c: Coefficients) -> str:
    """``sympy.sstr`` of ``c0 + c1 x + c2 x**2``: terms by falling degree, ``3*x/2`` for a fraction, and a positive
    constant first beside one negative term (``1 - x``, ``3 - x**2``), as sympy orders them."""
    present = ordered_terms(c)
    if not present:
        return "0"
    out = _term(present[0][1], present[0][0])
    for power, value in present[1:]:
        written = _term(value, power)
        out += f" - {written[1:]}" if written.startswith("-") else f" + {written}"
    return out


def _factor(root: Fraction) -> str:
    return f"x - {root}" if root > 0 else f"x + {-root}"


def product_text(a: Fraction, b: Fraction) -> str:
    """``sympy.sstr`` of ``(x - a)*(x - b)``: the factor of the larger root first (sympy orders the sums by their
    constants), ``(x - 10)*(x + 2)``, ``(x - 3/2)*(x - 1/2)``; ``x`` in front for a zero root, ``x*(x - 5)``; a square
    for a repeated one, ``(x - 3)**2``, ``x**2``."""
    if a == b:
        return f"({_factor(a)})**2" if a else "x**2"
    if not a or not b:
        return f"x*({_factor(a or b)})"
    high, low = (a, b) if a > b else (b, a)
    return f"({_factor(high)})*({_factor(low)})"
