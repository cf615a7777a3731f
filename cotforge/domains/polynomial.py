"""Text forms of polynomials and root sets, shared by generators, spaces and verifiers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sympy

from cotforge.domains.algebra import join_terms


def poly_text(coeffs: Sequence[int], v: str) -> str:
    """Machine text of a polynomial from its coefficients, highest power first: (2, -3, 1) -> 2*x**2 - 3*x + 1."""
    terms = []
    degree = len(coeffs) - 1
    for power, c in zip(range(degree, -1, -1), coeffs):
        if not c:
            continue
        body = "" if power == 0 else v if power == 1 else f"{v}**{power}"
        if not body:
            terms.append(str(c))
        else:
            terms.append({1: body, -1: f"-{body}"}.get(c, f"{c}*{body}"))
    return join_terms(terms)


def root_set_text(roots: Iterable[sympy.Expr]) -> str:
    """Canonical text of a root set: ``{-3, 2}``, ``{(3 - sqrt(5))/2, (3 + sqrt(5))/2}``."""
    ordered = sorted(roots, key=lambda r: (float(sympy.re(r)), float(sympy.im(r))))
    texts = list(dict.fromkeys(root_text(r) for r in ordered))
    return "{" + ", ".join(texts) + "}"


def root_text(root: sympy.Expr) -> str:
    """A root over one denominator, as written by hand: ``(3 - sqrt(5))/2``, ``-1 + 2*I``, ``7/3``."""
    root = sympy.expand(root)
    if root.is_Rational:
        return sympy.sstr(root)
    c0, rest = root.as_coeff_Add()
    coef, radical = rest.as_coeff_Mul()
    den = int(sympy.ilcm(sympy.Rational(c0).q, sympy.Rational(coef).q))
    top, scale = int(c0 * den), int(coef * den)
    rad = sympy.sstr(radical)
    body = rad if scale == 1 else f"-{rad}" if scale == -1 else f"{scale}*{rad}"
    numerator = join_terms(([str(top)] if top else []) + [body])
    if den == 1:
        return numerator
    return f"({numerator})/{den}" if top else f"{numerator}/{den}"


def multiply(a: Sequence[int], b: Sequence[int]) -> list[int]:
    """The coefficients of the product of two polynomials given by their coefficients (both in the same order)."""
    out = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return out
