"""rational_expression's polynomials in x as python-flint's ``fmpq_poly`` (its step space and its generator): read
from the texts they write and written back exactly as sympy writes them (issue 21: their symbolic work in flint, the rows kept).

The space keeps each fraction's numerator and denominator as text. It used to parse, factor, cancel and print them
with sympy at every move (about a millisecond a call, most of a record's CPU). Here:

- ``read_poly`` reads a text by Python's grammar for ``+ - * / **``, brackets, whole numbers and ``x`` into the exact
  polynomial sympy's parse would give (a division only by a non-zero number); anything else is None.
- ``factor_form`` is a polynomial as ``sympy.factor`` builds it: a rational coefficient times primitive integer brackets
  with a positive leading coefficient (and ``x`` for the root 0), each with its power, in the order sympy keeps them
  in the product's ``args`` (``Basic.compare``: ``x``, then powers, then brackets; the space's slips take "the first
  bracket" in that order).
- ``factored_text`` and ``expanded_text`` write ``sympy.sstr(sympy.factor(e))`` and ``sympy.sstr(sympy.expand(e))``
  by sympy's own rules: the factors in printing order (``Expr.sort_key``), a coefficient of 1 or -1 on one bracket
  multiplied into it (``-x - 1``, ``3 - 2*x``: a positive number before a negative term when there are two), any
  other number in front and its denominator behind (``-3*(x + 1)/2``). They return None where they are not sure
  (a degree over ``MAX_DEGREE``): the caller asks sympy then.

``tests/solvers/spaces/test_rational_poly.py`` compares every one of them with sympy on thousands of polynomials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from flint import fmpq, fmpq_poly

from cotforge.core.memo import Memo

MAX_DEGREE = 24
"""Larger polynomials are left to sympy (the space's are of degree 4 at most)."""
MAX_EXPONENT = 64
X = fmpq_poly([0, 1])

_TOKEN = re.compile(r"\s*(\*\*|[-+*/()x]|0(?!\d)|[1-9]\d{0,29}(?!\d))")


class _Refused(Exception):
    """Not this reader's grammar, or a division by zero or by a polynomial: the caller decides by sympy."""


def _tokens(text: str) -> list[str] | None:
    out, at, end = [], 0, len(text.rstrip())
    while at < end:
        match = _TOKEN.match(text, at)
        if match is None:
            return None
        out.append(match.group(1))
        at = match.end()
    return out


class _Reader:
    """One walk of the tokens by Python's precedence (``-x**2`` is ``-(x**2)``); a value is an ``fmpq`` until x
    enters it, then an ``fmpq_poly``."""

    __slots__ = ("tokens", "at")

    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.at = tokens, 0

    def read(self) -> Any:
        value = self.sum()
        if self.at != len(self.tokens):
            raise _Refused
        return value

    def _peek(self) -> str:
        return self.tokens[self.at] if self.at < len(self.tokens) else ""

    def sum(self) -> Any:
        value = self.product()
        while self._peek() in ("+", "-"):
            op = self.tokens[self.at]
            self.at += 1
            right = self.product()
            value = value + right if op == "+" else value - right
        return value

    def product(self) -> Any:
        value = self.unary()
        while self._peek() in ("*", "/"):
            op = self.tokens[self.at]
            self.at += 1
            right = self.unary()
            if op == "*":
                value = value * right
            else:
                number = _number(right)
                if number is None or number == 0:
                    raise _Refused
                value = value / number
        return value

    def unary(self) -> Any:
        if self._peek() in ("+", "-"):
            op = self.tokens[self.at]
            self.at += 1
            value = self.unary()
            return -value if op == "-" else value
        return self.power()

    def power(self) -> Any:
        base = self.atom()
        if self._peek() != "**":
            return base
        self.at += 1
        exponent = _number(self.unary())
        if exponent is None or exponent.q != 1 or not 0 <= exponent.p <= MAX_EXPONENT:
            raise _Refused
        return base ** int(exponent.p)

    def atom(self) -> Any:
        token = self._peek()
        self.at += 1
        if token == "(":
            value = self.sum()
            if self._peek() != ")":
                raise _Refused
            self.at += 1
            return value
        if token == "x":
            return X
        if token.isdigit():
            return fmpq(int(token))
        raise _Refused


def _number(value: Any) -> Any:
    """``value`` as an ``fmpq`` when it is a number (a constant polynomial), else None."""
    if isinstance(value, fmpq_poly):
        return value[0] if value.degree() < 1 else None
    return value


def read_poly(text: str) -> fmpq_poly | None:
    """The polynomial in x that ``text`` (``-(2*x - 3)*(x + 1)/2``, ``x**2 - 4``) is, or None."""
    tokens = _tokens(text)
    if not tokens:
        return None
    try:
        value = _Reader(tokens).read()
    except (_Refused, RecursionError):
        return None
    return value if isinstance(value, fmpq_poly) else fmpq_poly([value])


def coefficients(p: fmpq_poly) -> list[Fraction]:
    """The coefficients from the constant up, as ``Fraction``."""
    return [Fraction(int(c.p), int(c.q)) for c in p.coeffs()]


def is_integer(p: fmpq_poly) -> bool:
    return p.denom() == 1


def term_count(p: fmpq_poly) -> int:
    return sum(1 for c in p.coeffs() if c != 0)


def lead(p: fmpq_poly) -> fmpq:
    """The leading coefficient (0 for the zero polynomial, as sympy's ``Poly.LC``)."""
    return p[p.degree()] if p.degree() >= 0 else fmpq(0)


Bracket = tuple[int, ...]
"""A primitive integer polynomial with a positive leading coefficient, its coefficients from the constant up."""


@dataclass(frozen=True, slots=True)
class Factored:
    """``sympy.factor`` of a polynomial: ``coeff`` times each bracket to its power, in sympy's product order."""

    coeff: Fraction
    factors: tuple[tuple[Bracket, int], ...]

    @property
    def one_bracket(self) -> bool:
        """True when sympy multiplies the coefficient (1 or -1) into the one bracket: the factored form is a sum."""
        return len(self.factors) == 1 and self.factors[0][1] == 1 and self.factors[0][0] != (0, 1) and abs(self.coeff) == 1


_FORMS: Memo[str, Factored] = Memo(20_000)
"""``str`` of a polynomial (exact) -> its factored form: a record's moves factor the same polynomials again and again."""
_TEXTS: Memo[str, str] = Memo(20_000)
"""``str`` of a polynomial -> ``factored_text``."""


def factor_form(p: fmpq_poly) -> Factored:
    """``p`` factored over the integers as sympy does (``fmpz_poly.factor``, each bracket made positive-leading)."""
    return _FORMS.remember(str(p), lambda: _factor_form(p))


def _factor_form(p: fmpq_poly) -> Factored:
    if p.degree() < 1:
        return Factored(Fraction(int(p[0].p), int(p[0].q)), ())
    content, pieces = p.numer().factor()
    coeff = Fraction(int(content), int(p.denom()))
    factors = []
    for f, k in pieces:
        cs = tuple(int(c) for c in f.coeffs())
        if cs[-1] < 0:
            cs, coeff = tuple(-c for c in cs), coeff * (-1) ** k
        factors.append((cs, int(k)))
    factors.sort(key=lambda f: _compare_key(*f))
    return Factored(coeff, tuple(factors))


def bracket_poly(cs: Bracket) -> fmpq_poly:
    return fmpq_poly(list(cs))


def brackets(form: Factored) -> list[fmpq_poly]:
    """The sums in the factored expression (``Mul.make_args``, a power's base), in sympy's order: the whole
    expression when it is one (a bracket times 1 or -1), else its brackets other than ``x``."""
    if form.one_bracket:
        return [bracket_poly(form.factors[0][0]) * int(form.coeff)]
    return [bracket_poly(cs) for cs, _ in form.factors if cs != (0, 1)]


def coeff_and_rest(form: Factored, p: fmpq_poly) -> tuple[fmpq, fmpq_poly]:
    """``as_coeff_Mul`` of the factored expression ``form`` of ``p``: (its number, the rest's polynomial)."""
    number = fmpq(1) if form.one_bracket else fmpq(form.coeff.numerator, form.coeff.denominator)
    if not form.factors:  # a number n: (n, 1)
        return number, fmpq_poly([1])
    return number, p / number


# Basic.compare: the class's place in sympy's ordering_of_classes, then the length of the hashable content, then
# the content item by item. Numbers are Zero, One, Half, NegativeOne, Integer or Rational by value.
_SYMBOL, _POW, _MUL, _ADD = 13, 15, 16, 17
_X_KEY = (_SYMBOL, 1, ("x",))


def _number_key(v: Fraction | int) -> tuple:
    v = Fraction(v)
    rank = 0 if v == 0 else 1 if v == 1 else 2 if v == Fraction(1, 2) else 5 if v == -1 else 7 if v.denominator == 1 else 8
    return (rank, 2, (v.numerator, v.denominator))


def _term_key(c: Fraction | int, j: int) -> tuple:
    if j == 0:
        return _number_key(c)
    power = _X_KEY if j == 1 else (_POW, 2, (_X_KEY, _number_key(j)))
    return power if c == 1 else (_MUL, 2, (_number_key(c), power))


def _compare_key(cs: Bracket, k: int) -> tuple:
    base = _X_KEY if cs == (0, 1) else (_ADD, len([c for c in cs if c]), tuple(sorted(_term_key(c, j) for j, c in enumerate(cs) if c)))
    return base if k == 1 else (_POW, 2, (base, _number_key(k)))


def first_term(p: fmpq_poly) -> fmpq_poly:
    """The first of a sum's terms as sympy keeps them (``Add.args[0]``): the number, where there is one."""
    terms = [(c, j) for j, c in enumerate(coefficients(p)) if c]
    c, j = min(terms, key=lambda t: _term_key(*t))
    return fmpq_poly([0] * j + [fmpq(c.numerator, c.denominator)])


# Expr.sort_key, which orders a product's factors when it is printed: x before any bracket, brackets by their
# number of terms, then term by term (highest power first, a number after any power of x), then by power.
_NUMBER_CLASS, _SYMBOL_CLASS, _ADD_CLASS = (1, 0, "Number"), (2, 0, "Symbol"), (3, 1, "Add")


def _number_sort_key(v: Fraction | int) -> tuple:
    return (_NUMBER_CLASS, (0, ()), (), v)


def _print_key(cs: Bracket, k: int) -> tuple:
    if cs == (0, 1):
        return (_SYMBOL_CLASS, (1, ("x",)), _number_sort_key(k), 1)
    terms = [(c, j) for j, c in reversed(list(enumerate(cs))) if c]
    keys = tuple(_number_sort_key(c) if j == 0 else (_SYMBOL_CLASS, (1, ("x",)), _number_sort_key(j), c) for c, j in terms)
    return (_ADD_CLASS, (len(keys), keys), _number_sort_key(k), 1)


def _number_text(v: Fraction) -> str:
    return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"


def term_text(c: Fraction, j: int) -> str:
    """``sympy.sstr`` of the term c·x**j (``-3*x**2/2``, ``x``, ``-5``)."""
    if j == 0:
        return _number_text(c)
    power = "x" if j == 1 else f"x**{j}"
    size = abs(c)
    top = power if size.numerator == 1 else f"{size.numerator}*{power}"
    return ("-" if c < 0 else "") + (top if size.denominator == 1 else f"{top}/{size.denominator}")


def _sum_text(cs: list[Fraction]) -> str:
    """``sympy.sstr`` of the polynomial with these coefficients (constant first) as an expanded sum."""
    terms = [(c, j) for j, c in reversed(list(enumerate(cs))) if c]
    if not terms:
        return "0"
    if len(terms) == 2 and terms[1][1] == 0 and terms[1][0] > 0 and terms[0][0] < 0:
        terms.reverse()  # as_ordered_terms: a positive number before a negative term (3 - 2*x)
    out = ""
    for i, (c, j) in enumerate(terms):
        text = term_text(c, j)
        if i == 0:
            out = text
        else:
            out += f" - {text[1:]}" if text.startswith("-") else f" + {text}"
    return out


def expanded_text(p: fmpq_poly) -> str | None:
    """``sympy.sstr(sympy.expand(e))`` for an expression ``e`` whose polynomial is ``p``, or None."""
    if p.degree() > MAX_DEGREE:
        return None
    return _sum_text(coefficients(p))


def factored_text(p: fmpq_poly) -> str | None:
    """``sympy.sstr(sympy.factor(e))`` for an expression ``e`` whose polynomial is ``p``, or None."""
    if p.degree() > MAX_DEGREE:
        return None
    return _TEXTS.remember(str(p), lambda: write_factored(factor_form(p)))


def write_factored(form: Factored) -> str:
    c = form.coeff
    if not form.factors:
        return _number_text(c)
    if form.one_bracket:
        return _sum_text([Fraction(v) * c for v in form.factors[0][0]])
    size = abs(c)
    parts = [str(size.numerator)] if size.numerator != 1 else []
    for cs, k in sorted(form.factors, key=lambda f: _print_key(*f)):
        base = "x" if cs == (0, 1) else f"({_sum_text([Fraction(v) for v in cs])})"
        parts.append(base if k == 1 else f"{base}**{k}")
    text = ("-" if c < 0 else "") + "*".join(parts)
    return text if size.denominator == 1 else f"{text}/{size.denominator}"
