"""Linear equations as exact coefficient rows: text forms and an exact solver.

A row ``((a1, a2, ...), b)`` means ``a1*x1 + a2*x2 + ... = b``. Generators, step
spaces and verifiers share this format; the solver (Gaussian elimination over
``Fraction``) lets a space check that a slip really changes the solution.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from cotforge.domains.algebra import fraction_text, join_terms, pretty
from cotforge.domains.latex_answer import number

Row = tuple[tuple[Fraction, ...], Fraction]


def term(coef: Fraction, name: str) -> str:
    """``3*x``, ``-x``, ``(2/3)*y``: one term of a row in machine form."""
    if coef == 1:
        return name
    if coef == -1:
        return f"-{name}"
    if coef.denominator != 1:
        sign = "-" if coef < 0 else ""
        return f"{sign}({fraction_text(abs(coef))})*{name}"
    return f"{coef.numerator}*{name}"


def tex_term(coef: Fraction, name: str) -> str:
    """``3x``, ``-x``, ``\\frac{2}{3}y``: one term of a row in LaTeX."""
    if coef in (1, -1):
        return ("-" if coef < 0 else "") + name
    return number(coef) + name


def tex_sum(terms: list[str]) -> str:
    out = ""
    for t in terms:
        if not out:
            out = t
        else:
            out += f" - {t[1:]}" if t.startswith("-") else f" + {t}"
    return out or "0"


def row_text(row: Row, names: Sequence[str], human: bool = False, tex: bool = False) -> str:
    """``2*x - 3*y = 7`` (``2x - 3y = 7`` when ``human``, LaTeX when ``tex``); no unknowns: ``0 = b``."""
    coeffs, const = row
    if tex:
        return f"{tex_sum([tex_term(c, n) for c, n in zip(coeffs, names) if c != 0])} = {number(const)}"
    lhs = join_terms([term(c, n) for c, n in zip(coeffs, names) if c != 0])
    text = f"{lhs} = {fraction_text(const)}"
    return pretty(text) if human else text


@dataclass(frozen=True, slots=True)
class Disguise:
    """How a row is written: ``m(p . v + s) = (m p - a) . v + (m s + b)`` for the row ``a . v = b``."""

    m: int
    inner: tuple[int, ...]
    s: int

    def sides(self, row: Row) -> tuple[tuple[list[Fraction], Fraction], tuple[list[Fraction], Fraction]]:
        """(bracket coefficients and constant, right-side coefficients and constant)."""
        coeffs, const = row
        right = [Fraction(self.m * p) - a for p, a in zip(self.inner, coeffs)]
        return ([Fraction(p) for p in self.inner], Fraction(self.s)), (right, Fraction(self.m * self.s) + const)


def _side(coeffs: Sequence[Fraction], const: Fraction, names: Sequence[str], tex: bool) -> str:
    if tex:
        return tex_sum([tex_term(c, n) for c, n in zip(coeffs, names) if c != 0] + ([number(const)] if const else []))
    return join_terms([term(c, n) for c, n in zip(coeffs, names) if c != 0] + ([fraction_text(const)] if const else []))


def disguised_text(row: Row, d: Disguise, names: Sequence[str], tex: bool = False) -> str:
    """The row as written with a bracket and unknowns on both sides."""
    (inner, s), (right, c) = d.sides(row)
    bracket = _side(inner, s, names, tex)
    left = f"{d.m}({bracket})" if tex else f"{d.m}*({bracket})"
    return f"{left} = {_side(right, c, names, tex)}"


def expanded_text(row: Row, d: Disguise, names: Sequence[str], tex: bool = False) -> str:
    """The disguised row with its bracket multiplied out (nothing moved yet)."""
    (inner, s), (right, c) = d.sides(row)
    return f"{_side([d.m * p for p in inner], d.m * s, names, tex)} = {_side(right, c, names, tex)}"


def rows_to_json(rows: Sequence[Row]) -> list:
    return [[[str(c) for c in coeffs], str(const)] for coeffs, const in rows]


def rows_from_json(obj: list) -> tuple[Row, ...]:
    return tuple((tuple(Fraction(c) for c in coeffs), Fraction(const)) for coeffs, const in obj)


def system_text(rows: Sequence[Row], names: Sequence[str], human: bool = False) -> str:
    return ("; " if not human else ",  ").join(row_text(r, names, human) for r in rows)


def solve(rows: Sequence[Row]) -> tuple[Fraction, ...] | None:
    """The unique solution, or None when there is none or infinitely many."""
    n = len(rows[0][0]) if rows else 0
    matrix = [list(coeffs) + [const] for coeffs, const in rows]
    pivot_row = 0
    for col in range(n):
        pivot = next((r for r in range(pivot_row, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            return None
        matrix[pivot_row], matrix[pivot] = matrix[pivot], matrix[pivot_row]
        lead = Fraction(matrix[pivot_row][col])  # exact division for rows that keep whole entries as ints too
        matrix[pivot_row] = [v / lead for v in matrix[pivot_row]]
        for r in range(len(matrix)):
            if r != pivot_row and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[pivot_row])]
        pivot_row += 1
    if any(all(v == 0 for v in row[:-1]) and row[-1] != 0 for row in matrix):
        return None
    return tuple(matrix[i][-1] for i in range(n))


def bumped(coeffs: tuple[Fraction, ...], t: int, by: Fraction | int) -> tuple[Fraction, ...]:
    """``coeffs`` with entry ``t`` changed by ``by``."""
    return tuple(x + by if u == t else x for u, x in enumerate(coeffs))


def miscounts(rows: Sequence[Row], j: int, solver: Callable[[Sequence[Row]], tuple[Fraction, ...] | None] = solve) -> list[Fraction]:
    """How the constant of row ``j`` gets miscounted: by a coefficient beside it, or twice that (so the value
    it gives when divided comes out one or two off, 10 as 9, as tidy as the gold's; a slip of 1 gave 121/12
    where the gold was 10), by the least amount that keeps every value of the system whole, or by one.
    ``solver``: what ``solve`` gives, by a faster route where the caller has one."""
    coeffs = rows[j][0]
    out = [e * x for x in coeffs if x for e in (1, -1, 2, -2)]
    base = solver(rows)
    moved = solver([*rows[:j], (coeffs, rows[j][1] + 1), *rows[j + 1:]])
    if base is not None and moved is not None:
        whole = lcm(*(Fraction(b - a).denominator for a, b in zip(base, moved)))
        out += [Fraction(whole), Fraction(-whole)]
    return list(dict.fromkeys(out + [Fraction(1), Fraction(-1)]))
