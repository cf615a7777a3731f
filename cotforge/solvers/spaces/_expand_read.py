"""The expansion space's root read exactly from the expression text the generator wrote, without sympy.

``polynomial_expand`` writes a sum of signed products: an integer, ``x`` or ``x**k``, and brackets of a
polynomial in ``x`` (``3*x*(3*x + 3) - 2*(3*x - 9)``, ``(x + 8)*(x**2 - 6*x + 1) - 2*(3*x - 7)**2``). The
space read it through ``parse_expr(evaluate=False)`` and walked sympy's unevaluated tree; :func:`read_terms`
gives the same terms from the text (the same factors in the same order: nested sums and products
flattened in written order, a bare leading bracket split into its own terms, a bracket's coefficients
collected as ``Poly.all_coeffs`` collects them). A text outside this grammar (or opening with ``-(``) returns ``None`` and the
caller takes the sympy route (``tests/solvers/spaces/test_expand_read.py`` compares the two).
"""

from __future__ import annotations

import re

_MONO = re.compile(r"(?:(\d+)\*)?x(?:\*\*(\d+))?|(\d+)")
"""One unsigned monomial inside a bracket: ``7``, ``x``, ``3*x``, ``x**2``, ``2*x**3``."""

Parsed = tuple[int, int, tuple[tuple[int, ...], ...], bool]
"""(coefficient, power of x, brackets, squared) of one term, the fields of ``polynomial.Term``."""


def _split(text: str) -> list[tuple[int, str]] | None:
    """The signed pieces of a sum at bracket depth 0: ``a - b + c`` -> [(1, a), (-1, b), (1, c)]."""
    pieces: list[tuple[int, str]] = []
    depth, start, sign = 0, 0, 1
    text = text.strip()
    if text.startswith("-"):
        sign, start = -1, 1
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0 and ch in "+-" and text[i - 1 : i] == " " and text[i + 1 : i + 2] == " ":
            pieces.append((sign, text[start:i].strip()))
            sign, start = (1 if ch == "+" else -1), i + 2
            i += 1
        i += 1
    if depth:
        return None
    pieces.append((sign, text[start:].strip()))
    return pieces if all(p for _, p in pieces) else None


def _bracket(text: str) -> tuple[int, ...] | None:
    """Coefficients of a polynomial in x, highest power first, leading one nonzero (``Poly.all_coeffs``)."""
    pieces = _split(text)
    if pieces is None:
        return None
    coeffs: dict[int, int] = {}
    for sign, piece in pieces:
        match = _MONO.fullmatch(piece)
        if match is None:
            return None
        coef, exp, const = match.groups()
        if const is not None:
            power, c = 0, int(const)
        else:
            power, c = (int(exp) if exp else 1), (int(coef) if coef else 1)
        coeffs[power] = coeffs.get(power, 0) + sign * c
    degree = max((p for p, c in coeffs.items() if c), default=None)
    if degree is None or degree == 0:
        return None  # a constant bracket: left to sympy
    return tuple(coeffs.get(p, 0) for p in range(degree, -1, -1))


def read_polynomial(text: str) -> tuple[int, ...] | None:
    """A polynomial in x as ``domains.polynomial.poly_text`` writes it (``2*x**2 - 3*x + 1``), as the coefficients
    ``Poly.all_coeffs`` gives (highest power first); None for any other text or a constant (sympy's route decides)."""
    return _bracket(text)


def _factors(text: str) -> list[str] | None:
    """The factors of a product at depth 0, each with its own ``**k``: ``3*x*(x + 1)**2`` -> [3, x, (x + 1)**2]."""
    out: list[str] = []
    depth, start, i = 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "*" and depth == 0:
            if text[i + 1 : i + 2] == "*":
                i += 2
                continue
            out.append(text[start:i])
            start = i + 1
        i += 1
    out.append(text[start:])
    return out if all(out) else None


def _term(sign: int, text: str) -> list[Parsed] | None:
    factors = _factors(text)
    if factors is None:
        return None
    if len(factors) == 1 and factors[0].startswith("(") and factors[0].endswith(")") and sign == 1:
        inner = factors[0][1:-1]
        if _matched(inner):  # a bare bracket in the sum: sympy's unevaluated Add flattens it into its terms
            return read_sum(inner)
    coef, power, brackets, squared, plain = sign, 0, [], False, False
    for factor in factors:
        if factor.isdigit():
            coef *= int(factor)
        elif factor == "x":
            power += 1
        elif factor.startswith("x**") and factor[3:].isdigit():
            power += int(factor[3:])
        elif factor.startswith("("):
            close = factor.rfind(")")
            inner, tail = factor[1:close], factor[close + 1 :]
            if not _matched(inner):
                return None
            bracket = _bracket(inner)
            if bracket is None:
                return None
            if tail == "":
                brackets.append(bracket)
                plain = True
            elif tail.startswith("**") and tail[2:].isdigit() and int(tail[2:]) > 1:
                brackets += [bracket] * int(tail[2:])
                squared = int(tail[2:]) == 2
            else:
                return None
        else:
            return None
    return [(coef, power, tuple(brackets), squared and not plain)]


def _matched(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return depth == 0


def read_sum(text: str) -> list[Parsed] | None:
    """The terms of the expression as the space's sympy route reads them, or None outside the grammar.

    A leading minus before a bracket (``-(2*x - 4) + ...``) is left to sympy: its parser applies that minus to
    the bracket itself and reorders the result, which this reader does not copy."""
    if text.lstrip().startswith("-("):
        return None
    pieces = _split(text)
    if pieces is None:
        return None
    out: list[Parsed] = []
    for sign, piece in pieces:
        terms = _term(sign, piece)
        if terms is None:
            return None
        out += terms
    return out
