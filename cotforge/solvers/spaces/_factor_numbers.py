"""Integer arithmetic of factoring by hand: exact roots, factor pairs by product and sum, the pair a
hurried solver tries instead, a number miscopied (``solvers.spaces.factoring``)."""

from __future__ import annotations

from math import isqrt


def _root(n: int, k: int = 2) -> int | None:
    """The exact k-th root of a non-negative integer, or None."""
    if n < 0:
        return None
    if k == 2:  # the integer square root: exact, and what the float route below finds for every n it can
        r = isqrt(n)
        return r if r * r == n else None
    r = round(n ** (1 / k))
    return next((c for c in (r - 1, r, r + 1) if c >= 0 and c**k == n), None)


def _pair(product: int, total: int) -> tuple[int, int] | None:
    """Two integers with the given product and sum, the smaller first.

    They are the roots of m² − total·m + product: whole exactly when the discriminant is a square of the
    parity of ``total``; the smaller root is the least such m (what a count upward from −|product| meets first)."""
    if product == 0:
        return None
    disc = total * total - 4 * product
    if disc < 0:
        return None
    r = isqrt(disc)
    if r * r != disc or (total - r) % 2:
        return None
    m = (total - r) // 2
    return m, product // m


def _divisors(n: int) -> list[int]:
    """The positive divisors of ``n`` (not 0), ascending."""
    n = abs(n)
    low, high = [], []
    for d in range(1, isqrt(n) + 1):
        if n % d == 0:
            low.append(d)
            if d != n // d:
                high.append(n // d)
    return low + high[::-1]


def _near_pair(product: int, total: int, right: tuple[int, int]) -> tuple[int, int] | None:
    """Another factor pair of ``product`` with the signs of the ``right`` one, its sum nearest ``total``
    (a pair tried and not checked against the sum); of squares (negated) where the right pair is."""
    signs = (right[0] > 0, right[1] > 0)
    positive = _divisors(product)
    pairs = [(m, product // m) for m in [-d for d in reversed(positive)] + positive
             if (m > 0, product // m > 0) == signs and m <= product // m and m + product // m != total]
    squares = [(m, n) for m, n in pairs if _root(-m) and _root(-n)]
    if _root(-right[0]) and _root(-right[1]) and squares:
        pairs = squares
    return min(pairs, key=lambda mn: (abs(mn[0] + mn[1] - total), abs(mn[0]))) if pairs else None


def _misread(n: int) -> list[int]:
    """``n`` miscopied: its last digit one off, or its last two digits swapped (as many digits, its sign kept)."""
    digits = str(abs(n))
    out = [int(digits[:-1] + str(d)) for d in (int(digits[-1]) - 1, int(digits[-1]) + 1) if 0 <= d <= 9]
    if len(digits) > 1 and digits[-1] != digits[-2] and (len(digits) > 2 or digits[-1] != "0"):
        out.append(int(digits[:-2] + digits[-1] + digits[-2]))
    return [v if n > 0 else -v for v in out if v and len(str(v)) == len(digits)]


