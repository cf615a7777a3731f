"""An exact reader of factored answers: a product of integer-coefficient polynomials in one unknown.

``12 \\left(x - 8\\right) \\left(x - 6\\right)``, ``-x^{3} (2 x + 9)(4 x + 1)``, ``x^{2} \\left(x^{2} + 169\\right)^{2}``:
an optional sign and whole number, an optional power of the unknown, then brackets (``\\left( \\right)`` or plain),
each a sum of whole-number multiples of powers of the unknown, with an optional whole exponent. That is the shape
the project's factored answers are written in (sympy's LaTeX of a product), and what a policy copying it writes.

:func:`decide` compares such an answer with such a gold by multiplying both out exactly (integer coefficient lists),
and says whether the answer is also factored completely: every bracket primitive (its coefficients share no factor)
and irreducible over the rationals, decided exactly for degrees 1-3 (degree 2: the discriminant is not a square;
degree 3: no rational root p/q, p dividing the constant and q the leading coefficient). Anything else (another shape,
a bracket of degree 4 or more in an equal answer, one not factored completely, a lone bracket, large numbers or
exponents) is left to the general route (``None``), which also words the reasons for those. The reader is the
verifier's own: it shares no code with the factoring space or the generator.
"""

from __future__ import annotations

import re
from functools import lru_cache
from math import gcd, isqrt

MAX_CHARS = 200
"""Longer texts are left to the general route (which refuses past 300 characters of normalised text)."""
MAX_EXPONENT = 60
MAX_DIGITS = 12

Poly = tuple[int, ...]
"""Coefficients, constant term first."""

_SPACE = r"\s*"
_INT = rf"\d{{1,{MAX_DIGITS}}}"
_POWER = r"(?:\^\s*(?:\{\s*(\d{1,2})\s*\}|(\d)))"
_OPEN = r"(?:\\left\(|\()"
_CLOSE = r"(?:\\right\)|\))"


def _patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    v = re.escape(name)
    lead = re.compile(rf"{_SPACE}(-)?{_SPACE}({_INT})?{_SPACE}(?:({v}){_SPACE}{_POWER}?)?")
    bracket = re.compile(rf"{_SPACE}{_OPEN}([^()\\]*){_CLOSE}{_SPACE}{_POWER}?")
    term = re.compile(rf"{_SPACE}([-+])?{_SPACE}({_INT})?{_SPACE}(?:({v}){_SPACE}{_POWER}?)?{_SPACE}")
    return lead, bracket, term


@lru_cache(maxsize=64)
def _compiled(name: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return _patterns(name)


def _exponent(braced: str | None, bare: str | None) -> int | None:
    """The written exponent (1 when none), None when it is 0 or past ``MAX_EXPONENT``."""
    text = braced if braced is not None else bare
    if text is None:
        return 1
    value = int(text)
    return value if 1 <= value <= MAX_EXPONENT else None


@lru_cache(maxsize=8192)
def _sum(text: str, name: str) -> Poly | None:
    """``2 x^{2} - 41 x + 48`` as coefficients; None unless every term is a whole multiple of a power of ``name``,
    signs between terms, no power written twice, at least two terms, nothing else. Remembered: an answer's brackets
    are its gold's and the other answers' brackets."""
    term = _compiled(name)[2]
    coeffs: dict[int, int] = {}
    pos, first = 0, True
    while pos < len(text):
        m = term.match(text, pos)
        if m is None or m.end() == pos:
            return None
        sign, digits, unknown, braced, bare = m.groups()
        if (sign is None and not first) or (digits is None and unknown is None) or (digits is not None and digits.startswith("0")):
            return None
        if unknown is None and (braced or bare):
            return None
        power = _exponent(braced, bare) if unknown else 0
        if power is None or power in coeffs:
            return None
        value = int(digits) if digits is not None else 1
        if unknown and digits == "1":
            return None  # "1 x": not how a coefficient is written
        coeffs[power] = -value if sign == "-" else value
        pos, first = m.end(), False
    if len(coeffs) < 2 or any(c == 0 for c in coeffs.values()):
        return None
    top = max(coeffs)
    return tuple(coeffs.get(p, 0) for p in range(top + 1))


def _times(a: Poly, b: Poly) -> Poly:
    out = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                out[i + j] += x * y
    return tuple(out)


@lru_cache(maxsize=4096)
def read_product(text: str, name: str) -> tuple[Poly, tuple[tuple[Poly, int], ...], bool] | None:
    """The product a factored answer writes, multiplied out; its brackets with their exponents; and whether
    anything stands beside a lone bracket (a sign, a number, a power of the unknown or another bracket).
    None when the text is not of the shape read here."""
    if len(text) > MAX_CHARS:
        return None
    lead, bracket, _ = _compiled(name)
    m = lead.match(text)
    if m is None:
        return None
    minus, digits, unknown, braced, bare = m.groups()
    has_unknown = unknown is not None
    if digits is not None and digits.startswith("0"):
        return None
    power = (_exponent(braced, bare) if has_unknown else 0)
    if power is None:
        return None
    unit = (-1 if minus else 1) * (int(digits) if digits is not None else 1)
    product: Poly = (0,) * power + (unit,)
    brackets: list[tuple[Poly, int]] = []
    pos = m.end()
    while pos < len(text):
        b = bracket.match(text, pos)
        if b is None or b.end() == pos:
            return None
        inner, braced, bare = b.groups()
        poly = _sum(inner, name)
        exponent = _exponent(braced, bare)
        if poly is None or exponent is None:
            return None
        if len(product) - 1 + exponent * (len(poly) - 1) > MAX_EXPONENT:
            return None  # a degree past the bound: left to the general route, before any work
        brackets.append((poly, exponent))
        for _ in range(exponent):
            product = _times(product, poly)
        pos = b.end()
    besides = bool(minus or (digits and digits != "1") or has_unknown or len(brackets) > 1)  # "1 (...)": not counted
    if not brackets and not has_unknown:
        return None  # a bare number is not a factored polynomial answer of this shape
    return product, tuple(brackets), besides


def _irreducible(poly: Poly) -> bool | None:
    """Whether a primitive polynomial (constant first) is irreducible over the rationals; None past degree 3."""
    degree = len(poly) - 1
    if degree == 1:
        return True
    if degree == 2:
        c, b, a = poly
        disc = b * b - 4 * a * c
        return disc < 0 or isqrt(disc) ** 2 != disc
    if degree == 3:
        if poly[0] == 0:
            return False  # x divides it
        lead, const = abs(poly[3]), abs(poly[0])
        for p in _divisors(const):
            for q in _divisors(lead):
                for sign in (1, -1):
                    # p/q a root: sum c_k p^k q^(3-k) = 0
                    if sum(c * (sign * p) ** k * q ** (3 - k) for k, c in enumerate(poly)) == 0:
                        return False
        return True
    return None


def _divisors(n: int) -> list[int]:
    return [d for d in range(1, isqrt(n) + 1) if n % d == 0] + [n // d for d in range(1, isqrt(n) + 1) if n % d == 0]


def decide(answer: str, gold: str, name: str) -> bool | None:
    """True: the answer is the gold's polynomial, factored completely; False: it is another polynomial; None: the
    general route decides (a text of another shape, or equal but not provably factored completely)."""
    given, golden = read_product(answer.strip(), name), read_product(gold.strip(), name)
    if given is None or golden is None:
        return None
    if given[0] != golden[0]:
        return False
    if not given[2]:
        return None  # a lone bracket: the general route calls it "not written as a product"
    for poly, _ in given[1]:
        content = 0
        for c in poly:
            content = gcd(content, c)
        if content != 1 or poly[-1] == 0 or len(poly) < 2:
            return None
        if _irreducible(poly) is not True:
            return None
    return True
