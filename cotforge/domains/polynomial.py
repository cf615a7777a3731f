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


def poly_latex(coeffs: Sequence[int], v: str = "x") -> str:
    """The LaTeX ``domains.latex.latex`` writes for ``poly_text(coeffs, v)``, written from the coefficients without
    writing and re-reading that text: ``2 x^{2} - 3 x + 1``, ``-x^{3} + 5``, ``0``. ``v`` is one letter other than
    ``I`` and ``E`` (the reader sets longer names in ``\\mathrm`` and those two as constants); held to the reader by
    ``tests/domains/test_poly_latex.py``."""
    out = ""
    degree = len(coeffs) - 1
    for power, c in zip(range(degree, -1, -1), coeffs):
        if not c:
            continue
        body = "" if power == 0 else v if power == 1 else f"{v}^{{{power}}}"
        term = str(c) if not body else body if c == 1 else f"-{body}" if c == -1 else f"{c} {body}"
        out = term if not out else f"{out} - {term[1:]}" if term[0] == "-" else f"{out} + {term}"
    return out or "0"


def product_latex(pieces: Iterable[str]) -> str:
    """The LaTeX of ``a*b*c`` from the LaTeX of its operands ``a``, ``b``, ``c`` (each a number, a power or a bracket),
    as ``domains.latex`` writes a product: juxtaposed, with ``\\cdot`` before an operand that starts with a digit, a
    minus sign, a fraction or a point."""
    out: str | None = None
    for piece in pieces:
        if out is None:
            out = piece
        elif piece[:1].isdigit() or piece.startswith(("-", r"\frac{", ".")):
            out += r" \cdot " + piece
        else:
            out += " " + piece
    return out or ""


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
