"""The inequality space's states as exact objects: each side's expression and coefficients, and each state's solution set.

A side the space wrote is read back as the coefficients it was written from (``KNOWN``, the exact route) or the
expression it was printed from (``PRINTED``, the general route): only the problem's own text is parsed (and the
bracket ``k*(inner)`` the clearing move copies from it), exactly by ``domains.rational_poly`` where it can, else by
sympy. A sum of monomials is printed from its coefficients (``_ineq_forms``). A state's solution set is computed
exactly by ``_ineq_sets`` from its sides' coefficients; where that cannot decide, sympy's
``solve_univariate_inequality`` does (not the step check's route, ``domains.intervals.relation_set``).
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import sympy

from cotforge.core.memo import Memo
from cotforge.domains import rational_poly
from cotforge.domains.algebra import sympy_text
from cotforge.domains.intervals import interval_text
from cotforge.solvers.spaces import _ineq_forms as forms
from cotforge.solvers.spaces._ineq_sets import End, NotExact, Pieces, chain_set, has_point, pieces_text, union

X = sympy.Symbol("x")
FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}


def parts_of(text: str) -> tuple[str, ...]:
    """A state's text split into its sides, operators and "or" (as ``IneqState.parts`` holds them)."""
    parts: list[str] = []
    current: list[str] = []
    for token in text.split():
        if token in FLIP or token == "or":
            parts += [" ".join(current), token] if current else [token]
            current = []
        else:
            current.append(token)
    return tuple(parts + [" ".join(current)])


def answerable(state: str | tuple[str, ...]) -> bool:
    """Whether a state's solution set can be written as an answer in interval notation (a slip that
    brings both ends of a chain together leaves a single point, which is not)."""
    found = solution(parts_of(state) if isinstance(state, str) else state)
    if isinstance(found, tuple):
        return not has_point(found)
    try:
        interval_text(found)
    except ValueError:
        return False
    return True


PRINTED_MAX = 20_000
PRINTED: Memo[str, sympy.Expr] = Memo(PRINTED_MAX)
"""text -> the expression ``printed`` printed it from, so that a side the space printed is never parsed back."""


def side(text: str) -> sympy.Expr:
    """The expression a side's text writes: the one it was printed from, or (the problem's text) parsed."""
    known = PRINTED.get(text)
    return known if known is not None else parsed(text)


@lru_cache(maxsize=4096)
def parsed(text: str) -> sympy.Expr:
    return sympy_text(text, {"x": X})


KNOWN: Memo[str, forms.Coefficients] = Memo(PRINTED_MAX)
"""text -> the coefficients ``written`` wrote it from (the exact route's ``PRINTED``)."""


def written(c: forms.Coefficients) -> str:
    """The text of the side ``c0 + c1 x + c2 x**2`` (``sympy.sstr``'s, by ``_ineq_forms.text``), remembered with its
    coefficients so that the side is never parsed back."""
    text = forms.text(c)
    remember(text, c)
    return text


def remember(text: str, c: forms.Coefficients) -> None:
    """That the side ``text`` (written by the space) has the coefficients ``c``."""
    if text not in KNOWN:
        KNOWN.keep(text, c)


def constant(text: str) -> bool:
    """Whether a side is free of x."""
    try:
        c = coefficients(text)
    except NotExact:
        return X not in side(text).free_symbols
    return not c[1] and not c[2]


@lru_cache(maxsize=4096)
def coefficients(text: str) -> tuple[Fraction, Fraction, Fraction]:
    """``(c0, c1, c2)`` of a side ``c0 + c1 x + c2 x**2``, exactly; ``NotExact`` for anything else."""
    known = KNOWN.get(text)
    if known is not None:
        return known
    read = rational_poly.read_poly(text)  # the problem's own text, read exactly as sympy's parse reads it
    if read is not None and read.degree() <= 2:
        c = rational_poly.coefficients(read) + [Fraction(0)] * (2 - read.degree())
        return c[0], c[1], c[2]
    expr = side(text)
    fast = forms.product_terms(expr)
    if fast is not None:
        return fast
    try:
        poly = sympy.Poly(expr, X)
    except sympy.PolynomialError:
        raise NotExact(f"not a polynomial: {text!r}") from None
    values = poly.all_coeffs()[::-1]
    if len(values) > 3 or not all(v.is_Rational for v in values):
        raise NotExact(f"not a rational polynomial of degree at most 2: {text!r}")
    padded = [Fraction(int(v.p), int(v.q)) for v in values] + [Fraction(0)] * (3 - len(values))
    return padded[0], padded[1], padded[2]


@lru_cache(maxsize=4096)
def degree(text: str) -> int:
    """The degree of a side in x (0 for a number)."""
    try:
        c = coefficients(text)
        return 2 if c[2] else 1 if c[1] else 0
    except NotExact:
        expr = side(text)
        return int(sympy.degree(expr, X)) if expr.has(X) else 0


def chains(parts: tuple[str, ...]) -> list[tuple[list[str], list[str]]]:
    """The sides and operators of each chain of a state (chains are joined by "or")."""
    out: list[tuple[list[str], list[str]]] = []
    start = 0
    for end in [n for n, p in enumerate(parts) if p == "or"] + [len(parts)]:
        chain = parts[start:end]
        out.append((list(chain[::2]), list(chain[1::2])))
        start = end + 1
    return out


@lru_cache(maxsize=4096)
def solution(parts: tuple[str, ...]) -> Pieces | sympy.Set:
    """A state's solution set, once per state: exact pieces (``_ineq_sets``), or a sympy set where those cannot
    decide. The search, the wrong moves' check, the answers and the continued negatives ask about the same states."""
    try:
        result: Pieces = ()
        for sides, ops in chains(parts):
            if len(sides) not in (2, 3) or any(op not in FLIP for op in ops):
                raise NotExact("not a chain of one or two relations")
            found = chain_set([coefficients(side) for side in sides], ops)
            result = union(result, found) if result else found  # a canonical set joins nothing as itself
        return result
    except NotExact:
        return sympy_solution(parts)


def sympy_solution(parts: tuple[str, ...]) -> sympy.Set:
    """The general route: sympy's ``solve_univariate_inequality`` on each relation of each chain."""
    relation = {"<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge}
    result: sympy.Set = sympy.S.EmptySet
    for sides, ops in chains(parts):
        chain: sympy.Set = sympy.S.Reals
        for left, op, right in zip(sides, ops, sides[1:]):
            chain = chain.intersect(sympy.solve_univariate_inequality(relation[op](side(left), side(right)), X, relational=False))
        result = result.union(chain)
    return result


def as_sympy(found: Pieces | sympy.Set) -> sympy.Set:
    if not isinstance(found, tuple):
        return found
    return sympy.Union(*(sympy.Interval(sympy_end(lo), sympy_end(hi), not lo_closed, not hi_closed) for lo, lo_closed, hi, hi_closed in found))


def sympy_end(end: End) -> sympy.Expr:
    if isinstance(end, float):
        return sympy.oo if end > 0 else -sympy.oo
    if isinstance(end, Fraction):
        return sympy.Rational(end.numerator, end.denominator)
    return sympy.Rational(end.p.numerator, end.p.denominator) + sympy.Rational(end.q.numerator, end.q.denominator) * sympy.sqrt(end.d)


def same_set(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    found, other = solution(a), solution(b)
    if isinstance(found, tuple) and isinstance(other, tuple):
        return found == other
    return bool(as_sympy(found) == as_sympy(other))


def set_text(parts: tuple[str, ...]) -> str:
    found = solution(parts)
    return pieces_text(found) if isinstance(found, tuple) else interval_text(found)


@lru_cache(maxsize=8192)
def printed(expr: sympy.Expr) -> str:
    """``sympy.sstr``, once per expression (the moves of neighbouring states print the same sides); a sum of monomials
    is printed from its coefficients (``_ineq_forms.text``, the same text)."""
    read = forms.terms(expr)
    text = forms.text(read) if read is not None else sympy.sstr(expr)
    if isinstance(expr, sympy.Expr):
        if len(PRINTED) >= PRINTED_MAX:
            PRINTED.clear()
        PRINTED.setdefault(text, expr)
    return text
