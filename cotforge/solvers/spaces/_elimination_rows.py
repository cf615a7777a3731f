"""Exact arithmetic and texts of one elimination row (``solvers.spaces.elimination``), on ``Fraction`` rows with
integer fast routes where every entry is whole: the same results as the general ``domains.linear`` functions.

The space keeps a whole entry as an ``int`` (``whole``): equal to the ``Fraction``, hashing alike and written alike
(``number``, ``fraction_text``, ``.numerator``/``.denominator``), so states, memo keys and texts are the same, and
its sums skip ``Fraction``'s arithmetic. Types still say ``Fraction``. What must stay exact: no ``int / int`` here
(``divided``), and rows go to ``linear.solve`` as ``Fraction``s (``fractions``)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import gcd

from cotforge.domains.linear import Row, solve
from cotforge.domains.linform import exact, ratio


ZERO: Fraction = 0  # type: ignore[assignment]
"""0, as the space keeps it."""


def whole(x: Fraction) -> Fraction:
    """``x``, as an ``int`` when it is whole (``linform.exact``, typed as the rows are)."""
    return exact(x)  # type: ignore[return-value]


def whole_row(row: Row) -> Row:
    """The row with its whole entries as ``int``s."""
    return tuple(whole(c) for c in row[0]), whole(row[1])


def fractions(rows: Sequence[Row]) -> tuple[Row, ...]:
    """The rows in ``Fraction``s (what ``linear.solve`` divides exactly)."""
    return tuple((tuple(Fraction(c) for c in r[0]), Fraction(r[1])) for r in rows)


def divided(row: Row, c: Fraction) -> Row:
    """The row divided by ``c``, exactly (``linform.ratio``), whole entries as ``int``s."""
    return tuple(ratio(x, c) for x in row[0]), ratio(row[1], c)  # type: ignore[misc,return-value]


def _content(row: Row) -> int:
    """The common factor of an integer row (1 if any entry is a fraction)."""
    values = (*row[0], row[1])
    if any(v.denominator != 1 for v in values):
        return 1
    g = 0
    for v in values:
        g = gcd(g, int(v))
    return g or 1


def whole_square(rows: Sequence[Row]) -> bool:
    """As many rows as unknowns (at most four), every entry whole: ``cramer`` solves it exactly."""
    return len(rows) <= 4 and all(len(r[0]) == len(rows) and r[1].denominator == 1 and all(c.denominator == 1 for c in r[0]) for r in rows)


def _det(m: list[list[int]]) -> int:
    """The determinant of a small square integer matrix, by expansion along the first row."""
    if len(m) == 1:
        return m[0][0]
    if len(m) == 2:
        return m[0][0] * m[1][1] - m[0][1] * m[1][0]
    if len(m) == 3:
        (a, b, c), (d, e, f), (g, h, i) = m
        return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    return sum((-1) ** c * m[0][c] * _det([row[:c] + row[c + 1 :] for row in m[1:]]) for c in range(len(m)) if m[0][c])


def cramer(rows: Sequence[Row]) -> tuple[Fraction, ...] | None:
    """The unique solution of a square whole system, or None (determinant 0: no solution or infinitely many),
    which is what ``linear.solve`` returns for it: a square system has one solution exactly when its
    determinant is not 0, and Cramer's rule gives it in whole numbers until the one division (a whole value an
    ``int``, as the rows keep theirs)."""
    a = [[int(c) for c in r[0]] for r in rows]
    b = [int(r[1]) for r in rows]
    d = _det(a)
    if d == 0:
        return None
    return tuple(ratio(_det([row[:i] + [b[k]] + row[i + 1 :] for k, row in enumerate(a)]), d) for i in range(len(rows)))  # type: ignore[misc]


def solved(rows: Sequence[Row]) -> tuple[Fraction, ...] | None:
    """``linear.solve`` of the rows, by ``cramer`` where they are a whole square system."""
    return cramer(rows) if whole_square(rows) else solve(fractions(rows))


def whole_texts(row: Row, names: tuple[str, ...]) -> tuple[str, str] | None:
    """``row_text`` of a row of whole numbers, machine and LaTeX (``2*x - y = 7``, ``2x - y = 7``), written from its
    integers; None for a row with a fraction (``row_text`` writes those)."""
    if any(c.denominator != 1 for c in row[0]) or row[1].denominator != 1:
        return None
    machine, tex = "", ""
    for c, name in zip(row[0], names):
        n = c.numerator
        if not n:
            continue
        size = "" if n in (1, -1) else str(abs(n))
        if not machine:
            machine = ("-" if n < 0 else "") + (f"{size}*{name}" if size else name)
            tex = ("-" if n < 0 else "") + size + name
        else:
            machine += (" - " if n < 0 else " + ") + (f"{size}*{name}" if size else name)
            tex += (" - " if n < 0 else " + ") + size + name
    const = str(row[1].numerator)
    return f"{machine or '0'} = {const}", f"{tex or '0'} = {const}"


def solved_unknown(row: Row) -> int | None:
    """The unknown a row gives outright (``x = 3``: one coefficient, and it is 1), if any."""
    found = None
    for i, c in enumerate(row[0]):
        if c:
            if found is not None:
                return None
            found = i
    return found if found is not None and row[0][found] == 1 else None


def divisor(row: Row) -> Fraction | None:
    """What the divide step divides a row by: its one coefficient when that is not 1, or the common factor of a
    whole row with several unknowns when it is over 1; None when there is nothing to divide."""
    nonzero = [j for j, c in enumerate(row[0]) if c != 0]
    if not nonzero:
        return None
    if len(nonzero) == 1 and row[0][nonzero[0]] != 1:
        return row[0][nonzero[0]]
    if len(nonzero) > 1 and _content(row) > 1:
        return _content(row)  # type: ignore[return-value]
    return None
