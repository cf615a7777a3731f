"""Solution sets of inequalities: interval text, and reading intervals or inequalities back.

Canonical text is interval notation with ``oo`` for infinity and ``U`` for a
union: ``(-oo, 3)``, ``[2, 5)``, ``(-oo, -2) U (3, oo)``. Reading also accepts
``∞``, ``∪``, ``\\cup`` and inequality forms (``x < 3``, ``-1 < x <= 4``,
``x < -2 or x > 3``). Numbers are read by a caller-supplied parser, so the
caller decides what is safe to evaluate.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import sympy

Number = Callable[[str], sympy.Expr]
OPS = ("<=", ">=", "<", ">")


def interval_text(s: sympy.Set) -> str:
    if isinstance(s, sympy.Union):
        return " U ".join(interval_text(part) for part in s.args)
    if isinstance(s, sympy.Interval):
        left = "(" if s.left_open or s.start == -sympy.oo else "["
        right = ")" if s.right_open or s.end == sympy.oo else "]"
        return f"{left}{sympy.sstr(s.start)}, {sympy.sstr(s.end)}{right}"
    if s == sympy.S.Reals:
        return "(-oo, oo)"
    if s == sympy.S.EmptySet:
        return "{}"
    raise ValueError(f"not an interval or union: {s}")


def _relation(left: sympy.Expr, op: str, right: sympy.Expr, x: sympy.Symbol) -> sympy.Set:
    """The set of x where ``left op right`` holds, for x alone on one side and a number on the other."""
    if left == x:
        bound, op = right, op
    elif right == x:
        bound, op = left, {"<": ">", ">": "<", "<=": ">=", ">=": "<="}[op]
    else:
        raise ValueError("the unknown must stand alone on one side")
    if bound.free_symbols:
        raise ValueError("a bound still contains the unknown")
    return {
        "<": sympy.Interval.open(-sympy.oo, bound),
        "<=": sympy.Interval(-sympy.oo, bound),
        ">": sympy.Interval.open(bound, sympy.oo),
        ">=": sympy.Interval(bound, sympy.oo),
    }[op]


def parse_set(text: str, number: Number, variable: str = "x") -> sympy.Set:
    """An interval, a union of intervals, or solved inequalities in ``variable`` as a sympy set."""
    x = sympy.Symbol(variable)
    text = text.replace("∞", "oo").replace("∪", " U ").replace("\\cup", " U ").replace("≤", "<=").replace("≥", ">=")
    text = re.sub(rf"^\s*{variable}\s*(?:∈|\\in|in)\s*", "", text.strip())
    pieces = [p.strip() for p in re.split(r"\s+(?:U|or)\s+", text) if p.strip()]
    result: sympy.Set = sympy.S.EmptySet
    for piece in pieces:
        match = re.fullmatch(r"([(\[])\s*([^,]+?)\s*,\s*([^,]+?)\s*([)\]])", piece)
        if match:
            lo, hi = number(match.group(2)), number(match.group(3))
            part: sympy.Set = sympy.Interval(lo, hi, match.group(1) == "(", match.group(4) == ")")
        else:
            tokens = re.split(r"(<=|>=|<|>)", piece)
            if len(tokens) not in (3, 5):
                raise ValueError(f"not an interval or an inequality: {piece!r}")
            sides = [x if t.strip() == variable else number(t.strip()) for t in tokens[::2]]
            part = _relation(sides[0], tokens[1], sides[1], x)
            if len(tokens) == 5:
                part = part.intersect(_relation(sides[1], tokens[3], sides[2], x))
        result = result.union(part)
    return result


def relation_set(text: str, parse: Number, variable: str = "x") -> sympy.Set:
    """The solution set of a chain of polynomial inequalities ("2*x + 1 < 5", "-3 < 2*x - 1 <= 7"),
    or of several joined by "or"; ``parse`` reads each side (it may contain the unknown)."""
    x = sympy.Symbol(variable)
    result: sympy.Set = sympy.S.EmptySet
    for chain in re.split(r"\s+or\s+", text.strip()):
        tokens = re.split(r"(<=|>=|<|>)", chain)
        if len(tokens) not in (3, 5):
            raise ValueError(f"not an inequality: {chain!r}")
        sides = [parse(t.strip()) for t in tokens[::2]]
        part: sympy.Set = sympy.S.Reals
        for left, op, right in zip(sides, tokens[1::2], sides[1:]):
            part = part.intersect(_sign_set(sympy.expand(left - right), op.strip(), x))
        result = result.union(part)
    return result


_HOLDS = {"<": lambda v: v < 0, "<=": lambda v: v <= 0, ">": lambda v: v > 0, ">=": lambda v: v >= 0}


def _sign_set(difference: sympy.Expr, op: str, x: sympy.Symbol) -> sympy.Set:
    """Exactly where ``difference op 0`` holds, for a polynomial: test between and at its real roots."""
    if difference.free_symbols - {x}:
        raise ValueError("an inequality in more than one unknown")
    poly = sympy.Poly(difference, x)
    if poly.degree() > 4:
        raise ValueError("degree too high")
    holds = _HOLDS[op]
    roots = sorted({r for r in sympy.roots(poly, multiple=True) if r.is_real}, key=lambda r: float(r))
    edges = [-sympy.oo, *roots, sympy.oo]
    pieces: list[sympy.Set] = []
    for lo, hi in zip(edges, edges[1:]):
        probe = (lo + hi) / 2 if lo.is_finite and hi.is_finite else (hi - 1 if lo == -sympy.oo and hi.is_finite else lo + 1 if hi == sympy.oo and lo.is_finite else 0)
        if holds(float(poly.eval(probe))):
            pieces.append(sympy.Interval.open(lo, hi))
    pieces += [sympy.FiniteSet(r) for r in roots if holds(0)]
    return sympy.Union(*pieces) if pieces else sympy.S.EmptySet
