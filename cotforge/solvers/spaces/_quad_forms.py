"""Exact forms for the quadratic space: surds ``r + s sqrt(m)``, polynomial sides, and their texts as sympy prints them.

The space used to build every state with sympy (``expand``, ``factor``, ``roots``, ``sstr``: most of a record's
time). Its states now carry these forms: rationals, values ``r + s sqrt(m)`` (``m`` square-free, negative for
``i sqrt(-m)``) and polynomials of degree at most 2 with their sympy shape (a product or not), and their texts are
written from them exactly as ``sympy.sstr`` wrote them, so the rows are unchanged. Anything outside these shapes
raises :class:`Unhandled` and the space takes its sympy route (:mod:`._quadratic_sympy`). Nothing here is shared
with the verifiers' readers (``verifiers/surds.py`` is the checker's own, independent copy of the arithmetic).

Each text writer has a LaTeX twin that writes, from the same form, what the reader of machine text
(:mod:`cotforge.domains.latex`) makes of that text, so a move's LaTeX is written rather than read back from the text
the space has just written (:func:`forms_latex`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from math import gcd, isqrt, sqrt
from typing import NamedTuple

from cotforge.core.memo import Memo
from cotforge.domains.algebra import join_terms
from cotforge.domains.polynomial import poly_text


class Unhandled(Exception):
    """A shape the exact route does not write: the caller takes the sympy route."""


@lru_cache(maxsize=4096)
def _square_free(n: int) -> tuple[int, int]:
    """``(f, m)`` with ``n == f*f*m`` and ``m`` square-free (``n >= 1``)."""
    if n > 10**8:
        raise Unhandled(f"radicand {n} too large")
    f, m, p = 1, n, 2
    while p * p <= m:
        while m % (p * p) == 0:
            m //= p * p
            f *= p
        p += 1 if p == 2 else 2
    return f, m


@dataclass(frozen=True, slots=True)
class Surd:
    """``r + s sqrt(m)``: ``m`` square-free and not 1 (``m < 0``: ``s sqrt(-m) i``); ``s == 0`` exactly when ``m == 0``."""

    r: Fraction
    s: Fraction = Fraction(0)
    m: int = 0

    @staticmethod
    def of(r: Fraction | int, s: Fraction | int = 0, m: int = 0) -> Surd:
        r, s = Fraction(r), Fraction(s)
        if not s or not m:
            return Surd(r)
        if m == 1:
            return Surd(r + s)
        return Surd(r, s, m)

    @staticmethod
    def root(k: Fraction | int) -> Surd:
        """The principal square root of a rational (``i sqrt(-k)`` for a negative one), as sympy's ``sqrt`` takes it."""
        k = Fraction(k)
        if not k:
            return Surd(Fraction(0))
        f, m = _square_free(abs(k.numerator) * k.denominator)
        return Surd.of(0, Fraction(f, k.denominator), -m if k < 0 else m)

    @property
    def rational(self) -> bool:
        return not self.m

    def _field(self, other: Surd) -> int:
        if self.m and other.m and self.m != other.m:
            raise Unhandled("two different radicals")
        return self.m or other.m

    def __add__(self, other: Surd) -> Surd:
        return Surd.of(self.r + other.r, self.s + other.s, self._field(other))

    def __sub__(self, other: Surd) -> Surd:
        return Surd.of(self.r - other.r, self.s - other.s, self._field(other))

    def __neg__(self) -> Surd:
        return Surd(-self.r, -self.s, self.m)

    def scale(self, q: Fraction | int) -> Surd:
        return Surd.of(self.r * q, self.s * q, self.m)

    def complex(self) -> complex:
        part = float(self.s) * sqrt(abs(self.m))
        return complex(float(self.r), part) if self.m < 0 else complex(float(self.r) + part, 0.0)


# -- texts as sympy's printer (sstr) writes them ------------------------------------------------------------------


def rational_text(q: Fraction | int) -> str:
    q = Fraction(q)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def _radical(m: int) -> str:
    if m > 0:
        return f"sqrt({m})"
    return "I" if m == -1 else f"sqrt({-m})*I"


def _monomial_text(c: Fraction, m: int) -> str:
    """``c * sqrt(m)`` (or ``c sqrt(-m) I``) as sstr writes it: ``-2*sqrt(6)/3``, ``sqrt(2)*I/2``, ``I``."""
    body = _radical(m)
    n = abs(c.numerator)
    head = body if n == 1 else f"{n}*{body}"
    return ("-" if c < 0 else "") + head + (f"/{c.denominator}" if c.denominator != 1 else "")


def surd_text(value: Surd) -> str:
    """sstr of a surd: a rational, a monomial, or the sum in sympy's order (by value for real terms, the rational
    first beside an imaginary one, and ``r - c sqrt(m)`` for a positive ``r`` beside a two-factor negative product)."""
    if value.rational:
        return rational_text(value.r)
    mono = _monomial_text(value.s, value.m)
    if not value.r:
        return mono
    terms = [rational_text(value.r), mono] if _rational_first(value) else [mono, rational_text(value.r)]
    return join_terms(terms)


def _rational_first(value: Surd) -> bool:
    """Whether sstr writes the rational part of ``r + s sqrt(m)`` (both nonzero) before the radical one."""
    # real terms sort by value, a real one before an imaginary one; Add(r, Mul(-c, R)) with r > 0 is printed r - c*R
    return value.m < 0 or value.r > 0 > value.s or value.r < float(value.s) * sqrt(value.m)


def poly_sstr(coeffs: tuple[int, ...] | list[int], v: str = "x") -> str:
    """sstr of an expanded integer polynomial in ``v``, coefficients highest power first: ``2*x**2 - 3``, ``3 - x**2``."""
    return join_terms([_term(d, c, v) for d, c in _sstr_terms(coeffs)])


def _sstr_terms(coeffs: tuple[int, ...] | list[int]) -> list[tuple[int, int]]:
    """The nonzero terms ``(degree, coefficient)`` of an integer polynomial in the order sstr writes them."""
    terms = [(d, c) for d, c in zip(range(len(coeffs) - 1, -1, -1), coeffs) if c]
    if any(not isinstance(c, int) and Fraction(c).denominator != 1 for _, c in terms):
        raise Unhandled("a fractional coefficient")
    out = [(d, int(c)) for d, c in terms]
    if len(out) == 2 and out[1][0] == 0 and out[1][1] > 0 and out[0][1] < 0:  # Add(3, Mul(-2, x)): 3 - 2*x
        out.reverse()
    return out


def _term(d: int, c: int, v: str) -> str:
    if d == 0:
        return str(c)
    body = v if d == 1 else f"{v}**{d}"
    return body if c == 1 else f"-{body}" if c == -1 else f"{c}*{body}"




def project_root_text(value: Surd) -> str:
    """``domains.polynomial.root_text`` of a surd: over one denominator, ``(3 - sqrt(5))/2``, ``-1 + 2*I``, ``7/3``."""
    if value.rational:
        return rational_text(value.r)
    top, scale, den = _over_one_denominator(value)
    rad = _radical(value.m)
    body = rad if scale == 1 else f"-{rad}" if scale == -1 else f"{scale}*{rad}"
    numerator = join_terms(([str(top)] if top else []) + [body])
    if den == 1:
        return numerator
    return f"({numerator})/{den}" if top else f"{numerator}/{den}"


def _over_one_denominator(value: Surd) -> tuple[int, int, int]:
    """``(top, scale, den)`` with ``r + s sqrt(m) == (top + scale sqrt(m))/den``, ``den`` the least that makes both whole."""
    den = value.r.denominator * value.s.denominator // gcd(value.r.denominator, value.s.denominator)
    return int(value.r * den), int(value.s * den), den


def root_set_text(values: list[Surd]) -> str:
    """``domains.polynomial.root_set_text``: ordered by real then imaginary part, each text once."""
    ordered = sorted(values, key=lambda z: (z.complex().real, z.complex().imag))
    return "{" + ", ".join(dict.fromkeys(project_root_text(z) for z in ordered)) + "}"


# -- their LaTeX, as the reader of machine text (cotforge.domains.latex) renders those texts ----------------------


class _Term(NamedTuple):
    """One signed term ``[-]top[/den]`` of a sum, as the reader renders it."""

    negative: bool
    top: str
    """The LaTeX of the unsigned top."""
    product: bool = False
    """The top is a product (``2*sqrt(3)``, ``sqrt(3)*I``): the reader takes a minus before it into its first factor,
    so the minus stays inside a fraction (``-sqrt(3)/2`` is minus a fraction, ``-2*sqrt(3)/3`` is ``-2*sqrt(3)`` over 3)."""
    den: int = 1


def _term_latex(term: _Term, signed: bool) -> str:
    """A term, with its minus when ``signed`` (the first of a sum; join_terms writes the others after `` - ``)."""
    minus = "-" if signed and term.negative else ""
    if term.den == 1:
        return minus + term.top
    if minus and term.product:
        return rf"\frac{{-{term.top}}}{{{term.den}}}"
    return rf"{minus}\frac{{{term.top}}}{{{term.den}}}"


def _sum_latex(terms: list[_Term]) -> str:
    """join_terms' twin: the first term with its sign, each other after `` + `` or `` - ``; ``0`` for none."""
    if not terms:
        return "0"
    rest = ((" - " if t.negative else " + ") + _term_latex(t, False) for t in terms[1:])
    return _term_latex(terms[0], True) + "".join(rest)


def _rational_term(q: Fraction) -> _Term:
    return _Term(q < 0, str(abs(q.numerator)), False, q.denominator)


def rational_latex(q: Fraction | int) -> str:
    r"""The LaTeX of :func:`rational_text`: ``3``, ``-\frac{3}{4}``."""
    return _term_latex(_rational_term(Fraction(q)), True)


def _monomial_term(c: Fraction, m: int) -> _Term:
    r"""The term :func:`_monomial_text` writes: ``2 \sqrt{6}`` over 3, ``\sqrt{2}\,i`` over 2, ``i``."""
    n = abs(c.numerator)
    if m > 0:
        body, starred = rf"\sqrt{{{m}}}", False
    elif m == -1:
        body, starred = "i", False
    else:
        body, starred = rf"\sqrt{{{-m}}}\,i", True
    top = body if n == 1 else rf"{n}\,i" if m == -1 else f"{n} {body}"
    return _Term(c < 0, top, starred or n != 1, c.denominator)


def surd_latex(value: Surd) -> str:
    """The LaTeX of :func:`surd_text`, its terms in the same order."""
    if value.rational:
        return rational_latex(value.r)
    mono = _monomial_term(value.s, value.m)
    if not value.r:
        return _sum_latex([mono])
    rational = _rational_term(value.r)
    return _sum_latex([rational, mono] if _rational_first(value) else [mono, rational])


def project_root_latex(value: Surd) -> str:
    r"""The LaTeX of :func:`project_root_text`: ``\frac{3 - \sqrt{5}}{2}``, ``-1 + 2\,i``, ``\frac{7}{3}``."""
    if value.rational:
        return rational_latex(value.r)
    top, scale, den = _over_one_denominator(value)
    radical = _monomial_term(Fraction(scale), value.m)
    if not top:
        return _term_latex(radical._replace(den=den), True)
    numerator = _sum_latex([_Term(top < 0, str(abs(top))), radical])
    return numerator if den == 1 else rf"\frac{{{numerator}}}{{{den}}}"


def name_latex(v: str) -> str:
    """The unknown as the reader renders it: a one-letter name as itself (``I``, ``E`` and longer names otherwise:
    Unhandled)."""
    if len(v) != 1 or not v.isalpha() or v in "IE":
        raise Unhandled(f"the name {v!r}")
    return v


def _poly_term(d: int, c: int, v: str) -> _Term:
    """The term :func:`_term` (and ``poly_text``) writes: ``5``, ``x``, ``2 x^{2}``."""
    n = abs(c)
    if d == 0:
        return _Term(c < 0, str(n))
    base = name_latex(v) if d == 1 else f"{name_latex(v)}^{{{d}}}"
    return _Term(c < 0, base if n == 1 else f"{n} {base}", n != 1)


def poly_latex(coeffs: list[int], v: str) -> str:
    """The LaTeX of ``domains.polynomial.poly_text``: every nonzero term, highest power first."""
    degree = len(coeffs) - 1
    return _sum_latex([_poly_term(d, c, v) for d, c in zip(range(degree, -1, -1), coeffs) if c])


def poly_sstr_latex(coeffs: tuple[int, ...] | list[int], v: str) -> str:
    """The LaTeX of :func:`poly_sstr`, its terms in sstr's order."""
    return _sum_latex([_poly_term(d, c, v) for d, c in _sstr_terms(coeffs)])


# -- polynomial sides ---------------------------------------------------------------------------------------------

Poly = tuple[Fraction, Fraction, Fraction]
"""``(c0, c1, c2)``: ``c0 + c1 x + c2 x**2``."""
Factor = tuple[int, int]
"""``(p, q)``: the linear factor ``p*x + q``."""
Formula = tuple[int, str, int, int]
"""``(top, sign, d, den)``: the formula's root ``(top ± sqrt(d))/den`` as written, the sign ``"+"`` or ``"-"``."""


@dataclass(frozen=True, slots=True)
class Side:
    """One side of an equation: its polynomial (None for an irrational constant), its value when it has no unknown,
    and, when sympy reads its text as a product, the product's factors holding the unknown (each a linear factor,
    or None for another kind such as ``x**2``) in the order of sympy's ``Mul.args``."""

    poly: Poly | None
    value: Surd | None = None
    mul: tuple[Factor | None, ...] | None = None
    formula: Formula | None = None
    """Where the side is a root as the quadratic formula gives it, unsimplified: how its text writes it."""


_ZERO = Fraction(0)


def poly_of(coeffs: tuple[int, ...] | list[int]) -> Poly:
    """Coefficients highest power first (at most three) as a :data:`Poly`."""
    low = [Fraction(c) for c in reversed(coeffs)] + [_ZERO] * (3 - len(coeffs))
    if len(low) > 3:
        raise Unhandled("degree above 2")
    return (low[0], low[1], low[2])


def high_first(poly: Poly) -> list[Fraction]:
    """sympy's ``Poly.all_coeffs()``: highest nonzero power first, ``[0]`` for zero."""
    coeffs = list(poly)
    while len(coeffs) > 1 and not coeffs[-1]:
        coeffs.pop()
    return coeffs[::-1]


def poly_side(coeffs: tuple[int, ...] | list[int]) -> Side:
    """The side a polynomial text makes (``poly_text`` or ``poly_sstr``): a product exactly when it is one term
    ``c*x`` or ``c*x**2`` with ``c != 1``."""
    poly = poly_of(coeffs)
    terms = [d for d in range(3) if poly[d]]
    value = Surd(poly[0]) if not poly[1] and not poly[2] else None
    mul = None
    if len(terms) == 1 and terms[0] >= 1 and poly[terms[0]] != 1:
        mul = ((1, 0),) if terms[0] == 1 else (None,)
    return Side(poly, value, mul)


def value_side(value: Surd, formula: Formula | None = None) -> Side:
    return Side((value.r, _ZERO, _ZERO) if value.rational else None, value, None, formula)


def difference(left: Side, right: Side) -> Poly:
    if left.poly is None or right.poly is None:
        raise Unhandled("an irrational side")
    return (left.poly[0] - right.poly[0], left.poly[1] - right.poly[1], left.poly[2] - right.poly[2])


def linear_text(f: Factor, v: str) -> str:
    return poly_sstr((f[0], f[1]), v)


def _print_key(f: Factor) -> tuple:
    return (0,) if f == (1, 0) else (1, f[0], f[1])  # sympy's sort_key on these factors: x first, then by (p, q)


def _args_key(f: Factor) -> tuple:
    p, q = f  # Basic.compare: Symbol before Add; Adds by their constant's class (One, NegativeOne, Integer), then value
    return (0,) if f == (1, 0) else (1, 0 if q == 1 else 1 if q == -1 else 2, q, 0 if p == 1 else 1, p)


def product(lead: int, roots: tuple[Fraction, Fraction], v: str) -> tuple[str, Side]:
    """``sstr(factor(lead*(x - r1)*(x - r2)))`` for rational roots, and its side (a content other than 1: Unhandled)."""
    factors: list[Factor] = [(r.denominator, -r.numerator) for r in roots]
    if factors[0][0] * factors[1][0] != lead:
        raise Unhandled("a content other than 1")
    poly = _times(factors[0], factors[1])
    if factors[0] == factors[1]:
        return _square_text(factors[0], v), Side(poly, None, None)
    in_args_order = sorted(factors, key=_args_key)
    return _product_text(factors, v), Side(poly, None, tuple[Factor | None, ...](in_args_order))


def _factor_text(f: Factor, v: str) -> str:
    return v if f == (1, 0) else f"({linear_text(f, v)})"


def _product_text(factors: list[Factor], v: str) -> str:
    """sstr of a product of linear factors: in sympy's print order, each but a bare ``x`` bracketed."""
    return "*".join(_factor_text(f, v) for f in sorted(factors, key=_print_key))


def _square_text(f: Factor, v: str) -> str:
    return f"{_factor_text(f, v)}**2"


def _factor_latex(f: Factor, v: str) -> str:
    return name_latex(v) if f == (1, 0) else rf"\left({poly_sstr_latex(f, v)}\right)"


def _product_latex(factors: list[Factor], v: str) -> str:
    r"""The LaTeX of :func:`_product_text`: the factors side by side, ``x \left(2 x + 3\right)``."""
    return " ".join(_factor_latex(f, v) for f in sorted(factors, key=_print_key))


def _square_latex(f: Factor, v: str) -> str:
    return f"{_factor_latex(f, v)}^{{2}}"


def formula_root_text(formula: Formula) -> str:
    """``_quadratic_sympy.formula_parts``' writing of one root: ``(-3 + sqrt(17))/4``."""
    top, sign, d, den = formula
    return f"({top} {sign} sqrt({d}))/{den}"


def formula_root_latex(formula: Formula) -> str:
    top, sign, d, den = formula
    return rf"\frac{{{top} {sign} \sqrt{{{d}}}}}{{{den}}}"


def _times(f: Factor, g: Factor) -> Poly:
    return (Fraction(f[1] * g[1]), Fraction(f[0] * g[1] + f[1] * g[0]), Fraction(f[0] * g[0]))


def x_times(f: Factor, v: str) -> tuple[str, Side]:
    """``sstr(x*(p*x + q))`` unfactored (sympy keeps a symbol times a sum as it is), and its side."""
    if not f[1]:
        return poly_sstr((f[0], 0, 0), v), poly_side((f[0], 0, 0))
    if f[0] <= 0:
        raise Unhandled("a negative leading coefficient")
    return f"{v}*({linear_text(f, v)})", Side(_times((1, 0), f), None, ((1, 0), f))


def linear_roots(poly: Poly) -> list[Surd] | str:
    """The roots of a polynomial of degree at most 2, or ``"none"``/``"all"`` for a constant one."""
    c0, c1, c2 = poly
    if c2:
        disc = c1 * c1 - 4 * c2 * c0
        root = Surd.root(disc)
        return [(Surd(-c1) + root).scale(1 / (2 * c2)), (Surd(-c1) - root).scale(1 / (2 * c2))]
    if c1:
        return [Surd(-c0 / c1)]
    return "none" if c0 else "all"


# -- the generator's equation --------------------------------------------------------------------------------------

_INT = r"(\d+)"
_SQUARE = re.compile(rf"(?:{_INT}\*)?\(x ([+-]) {_INT}\)\*\*2 ([+-]) (?:{_INT}\*)?x")
_TIMES = re.compile(rf"x\*\((?:{_INT}\*)?x ([+-]) {_INT}\) ([+-]) {_INT}")


def equation_sides(left: str, right: str, v: str) -> tuple[Side, Side]:
    """The sides of the generator's equation (``poly_text`` forms, ``a*(x + k)**2 + t*x``, ``x*(a*x + k) + t``)."""
    if v != "x" and re.search(r"\bx\b", left + right):
        raise Unhandled("x is not the unknown")
    return _generator_side(_X_OF(v).sub("x", left)), _generator_side(_X_OF(v).sub("x", right))


def _X_OF(v: str) -> re.Pattern[str]:
    return re.compile(rf"\b{v}\b")


def _generator_side(text: str) -> Side:
    sign = {"+": 1, "-": -1}
    if m := _SQUARE.fullmatch(text):
        a, k, t = int(m[1] or 1), sign[m[2]] * int(m[3]), sign[m[4]] * int(m[5] or 1)
        return Side((Fraction(a * k * k), Fraction(2 * a * k + t), Fraction(a)))  # an Add: the square and the x term
    if m := _TIMES.fullmatch(text):
        a, k, t = int(m[1] or 1), sign[m[2]] * int(m[3]), sign[m[4]] * int(m[5])
        return Side((Fraction(t), Fraction(k), Fraction(a)))  # an Add: the product and the constant
    low = [0, 0, 0]  # c0, c1, c2
    try:
        for term in text.replace(" - ", " + -").split(" + "):
            body = term.removeprefix("-")
            head, x, power = body.partition("x")
            if not x:
                c, degree = int(body), 0
            elif power in ("", "**2") and (not head or head.endswith("*")):
                c, degree = int(head[:-1]) if head else 1, 2 if power else 1
            else:
                raise ValueError(term)
            low[degree] += -c if term.startswith("-") else c
    except ValueError:
        raise Unhandled(f"not a generator form: {text!r}") from None
    coeffs = low[::-1]
    if poly_text(coeffs, "x") != text:  # only the generator's own writing of a polynomial
        raise Unhandled(f"not a generator form: {text!r}")
    return poly_side(coeffs)


# -- what a state's rewrite is, whichever route built it -----------------------------------------------------------

Parts = tuple[tuple[str, str], ...]
SideForms = tuple[tuple[Side, Side], ...]
Forms = SideForms | None
"""The sides of each part, or None when the state was built by the sympy route."""


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A state's one kind of move: the sound result and the wrong ones (parts, forms, error kind), all with ``text``."""

    text: str
    kind: str
    sound: tuple[Parts, Forms]
    wrong: tuple[tuple[Parts, Forms, str], ...]
    raw: bool = False


# -- a state's LaTeX, written from its forms -----------------------------------------------------------------------

_SIDE_LATEX: Memo[str, str] = Memo(20_000)
"""A side's text -> its LaTeX. The reader's LaTeX is a function of the text alone, and the moves of a record repeat
their sides (``0``, ``x``, a root kept from the state before, the same root by a sound and a wrong move)."""
_VALUE_WRITERS = ((surd_text, surd_latex), (project_root_text, project_root_latex))
_POLY_WRITERS = ((poly_text, poly_latex), (poly_sstr, poly_sstr_latex))


def forms_latex(parts: Parts, forms: SideForms, v: str) -> str:
    """What ``domains.latex.latex`` makes of the state's text (its parts ``a = b`` joined by `` or ``), written from the
    forms instead of reading the text back; Unhandled where a side's text is not one this module writes."""
    if len(parts) != len(forms):
        raise Unhandled("parts and forms differ in number")
    return r" \quad\text{or}\quad ".join(
        f"{side_latex(a, left, v)} = {side_latex(b, right, v)}" for (a, b), (left, right) in zip(parts, forms))


def side_latex(text: str, side: Side, v: str) -> str:
    """The LaTeX of one side's ``text``, by the twin of the writer whose text of ``side`` is ``text`` (the forms alone
    do not say which writer wrote it: ``3 - x**2`` and ``-x**2 + 3`` are one side); Unhandled when none is."""
    tex = _SIDE_LATEX.get(text)
    return _SIDE_LATEX.keep(text, _written_latex(text, side, v)) if tex is None else tex


def _written_latex(text: str, side: Side, v: str) -> str:
    if side.formula is not None and formula_root_text(side.formula) == text:
        return formula_root_latex(side.formula)
    if side.value is not None:
        for write, write_latex in _VALUE_WRITERS:
            if write(side.value) == text:
                return write_latex(side.value)
        raise Unhandled(f"no writer of the value {text!r}")
    if side.poly is None:
        raise Unhandled("a side with neither a value nor a polynomial")
    if side.mul is not None and len(side.mul) > 1:
        factors = [f for f in side.mul if f is not None]
        if len(factors) == len(side.mul) and _product_text(factors, v) == text:
            return _product_latex(factors, v)
        raise Unhandled(f"no writer of the product {text!r}")
    coeffs = high_first(side.poly)
    if any(c.denominator != 1 for c in coeffs):
        raise Unhandled("a fractional coefficient")
    whole = [int(c) for c in coeffs]
    for write_poly, write_poly_latex in _POLY_WRITERS:
        if write_poly(whole, v) == text:
            return write_poly_latex(whole, v)
    square = _square_factor(whole)
    if square is not None and _square_text(square, v) == text:
        return _square_latex(square, v)
    raise Unhandled(f"no writer of the polynomial {text!r}")


def _square_factor(coeffs: list[int]) -> Factor | None:
    """``(p, q)`` with ``p > 0`` when the coefficients are those of ``(p*x + q)**2``, else None."""
    if len(coeffs) != 3 or coeffs[0] <= 0:
        return None
    p = isqrt(coeffs[0])
    if p * p != coeffs[0] or coeffs[1] % (2 * p):
        return None
    q = coeffs[1] // (2 * p)
    return (p, q) if q * q == coeffs[2] else None
