"""Linear equations as exact coefficient rows: text forms and an exact solver.

A row ``((a1, a2, ...), b)`` means ``a1*x1 + a2*x2 + ... = b``. Generators, step
spaces and verifiers share this format; the solver (Gaussian elimination over
``Fraction``) lets a space check that a slip really changes the solution.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from cotforge.domains.algebra import fraction_text, join_terms, pretty

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


def row_text(row: Row, names: Sequence[str], human: bool = False) -> str:
    """``2*x - 3*y = 7`` (``2x - 3y = 7`` when ``human``); a row with no unknowns reads ``0 = b``."""
    coeffs, const = row
    lhs = join_terms([term(c, n) for c, n in zip(coeffs, names) if c != 0])
    text = f"{lhs} = {fraction_text(const)}"
    return pretty(text) if human else text


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
        lead = matrix[pivot_row][col]
        matrix[pivot_row] = [v / lead for v in matrix[pivot_row]]
        for r in range(len(matrix)):
            if r != pivot_row and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[pivot_row])]
        pivot_row += 1
    if any(all(v == 0 for v in row[:-1]) and row[-1] != 0 for row in matrix):
        return None
    return tuple(matrix[i][-1] for i in range(n))
