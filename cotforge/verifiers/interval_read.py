"""An exact check that an inequality state has the gold solution set, by a sign chart, without sympy sets.

The state (``2*x + 1 < 5``, ``-3 < 2*x - 1 <= 7``, ``(x - 1)*(x + 2) >= 0``, chains joined by "or") is read side by
side with ``poly_steps.read_poly`` into exact polynomials; the gold (``(-oo, 3) U [5, oo)``) into intervals with
``Fraction`` ends. Both sets can change only at the rational roots of the state's differences or at the gold's ends,
so they are equal exactly when they agree at each of those points and at one rational point inside each gap between
them (and beyond the outermost). Membership is decided by exact arithmetic at each probe.

This reader answers only where it is certain: a side it cannot read, a difference of degree above 2 or with an
irrational root, a gold text that is not plain interval notation, anything unusual in spacing or numbers: None, and
the step check takes its general route (``domains.intervals``, sympy sets). It shares no code with the inequality
space (which computes sets by merging intervals, ``solvers/spaces/_ineq_sets.py``).
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from functools import lru_cache

from cotforge.verifiers.poly_steps import PolyReadError, read_poly

Relation = tuple[tuple[Fraction, ...], str, tuple[int, ...]]
"""A difference ``left - right`` as coefficients by power, the operator comparing it with 0, and the coefficients
times their common denominator (the same signs everywhere, in integer arithmetic)."""
_OPS = re.compile(r"(<=|>=|<|>)")
_PLAIN = re.compile(r"[-+*/() a-zA-Z0-9_<>=]*")
_NOT_PLAIN = re.compile(r"[^\S ]|(?<![0-9])0[0-9]|[0-9]{31}|\*\*\s*[0-9]{2}")
_END = r"(-?oo|-?[0-9]{1,30}(?:/[0-9]{1,30})?)"
_GOLD_PIECE = re.compile(rf"([(\[]){_END}, {_END}([)\]])")
MAX_NESTING = 20
ZERO = Fraction(0)


def _holds(value: int, op: str) -> bool:
    return value < 0 if op == "<" else value <= 0 if op == "<=" else value > 0 if op == ">" else value >= 0


@lru_cache(maxsize=4096)
def _relations(state: str, name: str) -> tuple[tuple[Relation, ...], ...] | None:
    """The chains of a state, each as its relations (a chain ``a < b <= c`` is ``a - b < 0`` and ``b - c <= 0``)."""
    if len(state) > 500 or _NOT_PLAIN.search(state) or not _PLAIN.fullmatch(state):
        return None
    chains: list[tuple[Relation, ...]] = []
    for chain in re.split(r"\s+or\s+", state.strip()):
        tokens = _OPS.split(chain)
        if len(tokens) not in (3, 5):
            return None
        sides = []
        for side in tokens[::2]:
            read = _side(side.strip(), name)
            if read is None:
                return None
            sides.append(read)
        relations = []
        for (left, left_top), op, (right, right_top) in zip(sides, tokens[1::2], sides[1:]):
            if max(left_top, right_top) > 2:
                return None
            difference = (_minus(left[0], right[0]), _minus(left[1], right[1]), _minus(left[2], right[2]))
            scale = math.lcm(*(c.denominator for c in difference))
            relations.append((difference, op, tuple(c.numerator * (scale // c.denominator) for c in difference)))
        chains.append(tuple(relations))
    return tuple(chains)


def _minus(u: Fraction, v: Fraction) -> Fraction:
    """``u - v``, without arithmetic where either is 0 (most coefficients of a side are)."""
    return (u - v if u.numerator else -v) if v.numerator else u


@lru_cache(maxsize=4096)
def _side(side: str, name: str) -> tuple[tuple[Fraction, Fraction, Fraction], int] | None:
    """One side of a relation (stripped) as its coefficients of ``1, x, x**2`` and its highest power (0 for a number),
    read once (neighbouring states share most of their sides); None when empty, nested too deep, or unreadable."""
    if not side:
        return None
    if "(" in side:
        depth = deepest = 0
        for ch in side:
            depth += 1 if ch == "(" else -1 if ch == ")" else 0
            deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            return None
    try:
        read = dict(read_poly(side, name))
    except (PolyReadError, ZeroDivisionError, RecursionError):
        return None
    return (read.get(0, ZERO), read.get(1, ZERO), read.get(2, ZERO)), max(read, default=0)


def _rational_roots(a: tuple[int, ...]) -> list[Fraction] | None:
    """The real roots of ``a0 + a1 x + a2 x**2`` (integers: a relation's coefficients times their common denominator,
    which has the same roots), or None when one is irrational."""
    pairs = _root_pairs(a)
    return None if pairs is None else [Fraction(n, d) for n, d in pairs]


def _root_pairs(a: tuple[int, ...]) -> list[tuple[int, int]] | None:
    """``_rational_roots(a)`` in lowest terms as ``(numerator, denominator)`` pairs, the denominator positive (as
    ``Fraction`` keeps them), in integer arithmetic; None when a root is irrational."""
    a0, a1, a2 = a
    if a2 == 0:
        return [] if a1 == 0 else [_lowest(-a0, a1)]
    discriminant = a1 * a1 - 4 * a2 * a0
    if discriminant < 0:
        return []
    root = math.isqrt(discriminant)
    if root * root != discriminant:
        return None
    return [_lowest(-a1 - root, 2 * a2), _lowest(-a1 + root, 2 * a2)]


def _lowest(n: int, d: int) -> tuple[int, int]:
    """``n/d`` (``d`` not 0) in lowest terms with a positive denominator."""
    g = math.gcd(n, d)
    return (n // g, d // g) if d > 0 else (-n // g, -d // g)


Bound = Fraction | float
"""A finite end or ``±inf``."""


@lru_cache(maxsize=1024)
def _gold(text: str) -> tuple[tuple[Bound, bool, Bound, bool], ...] | None:
    """Plain interval notation (``(-oo, 3) U [5, oo)``) as ``(lo, lo_closed, hi, hi_closed)`` pieces, or None."""
    pieces = []
    for piece in text.strip().split(" U "):
        match = _GOLD_PIECE.fullmatch(piece)
        if match is None:
            return None
        left, lo_text, hi_text, right = match.groups()
        try:
            lo, hi = (float(t.replace("oo", "inf")) if "oo" in t else Fraction(t) for t in (lo_text, hi_text))
        except ZeroDivisionError:
            return None
        pieces.append((lo, left == "[", hi, right == "]"))
    return tuple(pieces)


End = tuple[int, int, int]
"""A gold end as ``(kind, numerator, denominator)``: kind -1 for ``-inf``, 1 for ``inf``, 0 for the number."""


@lru_cache(maxsize=1024)
def _gold_ends(text: str) -> tuple[tuple[End, bool, End, bool], ...]:
    """``_gold(text)``'s pieces with their ends as integers, for comparing a probe ``n/d`` by cross-multiplying."""
    def end(bound: Bound) -> End:
        if isinstance(bound, float):
            return (-1 if bound < 0 else 1), 0, 1
        return 0, bound.numerator, bound.denominator

    return tuple((end(lo), lo_closed, end(hi), hi_closed) for lo, lo_closed, hi, hi_closed in _gold(text) or ())


def _in_gold(n: int, d: int, gold: tuple[tuple[End, bool, End, bool], ...]) -> bool:
    """Whether ``n/d`` (``d`` positive) lies in a piece: above its low end (or on it, closed) and below its high end
    (or on it, closed); an infinite end is passed on its own side and never on the other."""
    for (lo_kind, lo_n, lo_d), lo_closed, (hi_kind, hi_n, hi_d), hi_closed in gold:
        if lo_kind:
            above = lo_kind < 0
        else:
            left, right = lo_n * d, n * lo_d
            above = left < right or (lo_closed and left == right)
        if not above:
            continue
        if hi_kind:
            below = hi_kind > 0
        else:
            left, right = n * hi_d, hi_n * d
            below = left < right or (hi_closed and left == right)
        if below:
            return True
    return False


@lru_cache(maxsize=8192)
def same_solution_set(state: str, gold: str, name: str) -> bool | None:
    """Whether ``state``'s solution set in ``name`` is the interval set ``gold``; None when this reader does not
    decide (the general route does)."""
    chains = _relations(state, name)
    if chains is None or _gold(gold) is None:
        return None
    ends = _gold_ends(gold)
    # the critical points as lowest-terms pairs (the gold's finite ends, the roots of every difference)
    points = {(n, d) for lo, _, hi, _ in ends for kind, n, d in (lo, hi) if not kind}
    for chain in chains:
        for _, _, scaled in chain:
            roots = _root_pairs(scaled)
            if roots is None:
                return None
            points.update(roots)
    # every point, the midpoint of each gap and one beyond each end (0 when there are no points), as n / (2 scale);
    # lowest-terms pairs are equal exactly when their values are, so the set holds each point once
    scale = math.lcm(*(d for _, d in points))
    tops = sorted(n * (scale // d) for n, d in points)
    probes = [2 * t for t in tops] + [a + b for a, b in zip(tops, tops[1:])]
    probes += [2 * (tops[0] - scale), 2 * (tops[-1] + scale)] if tops else [0]
    d = 2 * scale
    dd = d * d
    for n in probes:
        nd, nn = n * d, n * n
        in_state = False
        for chain in chains:
            for _, op, (a0, a1, a2) in chain:
                if not _holds(a0 * dd + a1 * nd + a2 * nn, op):
                    break
            else:
                in_state = True
                break
        if in_state != _in_gold(n, d, ends):
            return False
    return True


_LATEX_NUMBER = r"-?(?:0|[1-9][0-9]{0,29}|\\frac\{[1-9][0-9]{0,29}\}\{[1-9][0-9]{0,29}\})"
_LATEX_PIECE = re.compile(rf"\\left([(\[])(-?\\infty|{_LATEX_NUMBER}), (-?\\infty|{_LATEX_NUMBER})\\right([)\]])")


def _latex_bound(text: str) -> Bound:
    if text.endswith("\\infty"):
        return float("-inf") if text.startswith("-") else float("inf")
    if "frac" in text:
        top, bottom = re.findall(r"[0-9]+", text)
        return (-1 if text.startswith("-") else 1) * Fraction(int(top), int(bottom))
    return Fraction(int(text))


@lru_cache(maxsize=4096)
def latex_intervals(text: str) -> tuple[tuple[Bound, bool, Bound, bool], ...] | None:
    """An answer in the interval LaTeX the project writes (``\\left(-\\infty, -\\frac{5}{2}\\right] \\cup
    \\left(3, \\infty\\right)``) as its pieces, when they are already canonical: each piece wider than a point, open
    at infinity, the pieces in increasing order with a gap or a shared open end between them. Two canonical texts
    name the same set exactly when their pieces are equal. Anything else (another spelling, pieces that overlap or
    touch, a point, ``\\emptyset``): None, and the answer check takes its general route."""
    pieces: list[tuple[Bound, bool, Bound, bool]] = []
    for piece in text.strip().split(" \\cup "):
        match = _LATEX_PIECE.fullmatch(piece)
        if match is None:
            return None
        left, lo_text, hi_text, right = match.groups()
        try:
            lo, hi = _latex_bound(lo_text), _latex_bound(hi_text)
        except ZeroDivisionError:
            return None
        lo_closed, hi_closed = left == "[", right == "]"
        if not lo < hi or (lo_closed and lo == float("-inf")) or (hi_closed and hi == float("inf")):
            return None
        if pieces and not (pieces[-1][2] < lo or (pieces[-1][2] == lo and not pieces[-1][3] and not lo_closed)):
            return None
        pieces.append((lo, lo_closed, hi, hi_closed))
    return tuple(pieces)
