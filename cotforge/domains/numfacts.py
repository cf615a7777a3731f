"""Number-theory facts as text, and their truth by brute force.

Steps of number-theory tasks state one fact each, in a small grammar:
``gcd(84, 36) = gcd(36, 12)``, ``gcd(36, 12) = 12``, ``lcm(84, 36) = 252``,
``360 = 2^3 * 3^2 * 5``, ``divisors(360) = 24``, ``3^13 mod 7 = 3``,
``3^100 mod 7 = 3^4 mod 7``. :func:`holds` decides a fact with plain integer
arithmetic (trial division, Python's ``pow``), never with a step's own reasoning.
"""

from __future__ import annotations

import math
import re

MAX_VALUE = 10**12
MAX_DIVISOR_SCAN = 10**6

_NUM = r"(\d+)"
_GCD = re.compile(rf"gcd\({_NUM}, {_NUM}\)")
_LCM = re.compile(rf"lcm\({_NUM}, {_NUM}\)")
_POW = re.compile(rf"{_NUM}\^{_NUM} mod {_NUM}")
_DIV = re.compile(rf"divisors\({_NUM}\)")


class FactError(ValueError):
    """Text that is not a fact of the grammar, or numbers too large to check."""


def _int(text: str) -> int:
    value = int(text)
    if value > MAX_VALUE:
        raise FactError(f"{text[:20]} is too large")
    return value


def _term(text: str) -> int:
    """The value of one side: a gcd, lcm, power mod, divisor count, product of powers, or a number."""
    text = text.strip()
    for pattern, fn in ((_GCD, _gcd), (_LCM, _lcm), (_POW, _powmod), (_DIV, _divisors)):
        match = pattern.fullmatch(text)
        if match:
            return fn(*(_int(g) for g in match.groups()))
    if re.fullmatch(r"\d+(\^\d+)?( \* \d+(\^\d+)?)*", text):
        value = 1
        for factor in text.split(" * "):
            base, _, exp = factor.partition("^")
            if exp and int(exp) > 64:
                raise FactError("exponent too large")
            value *= _int(base) ** (int(exp) if exp else 1)
            if value > MAX_VALUE:
                raise FactError("product too large")
        return value
    raise FactError(f"not a fact term: {text!r}")


def _gcd(a: int, b: int) -> int:
    return math.gcd(a, b)


def _lcm(a: int, b: int) -> int:
    return math.lcm(a, b)


def _powmod(a: int, k: int, m: int) -> int:
    if m == 0:
        raise FactError("mod 0")
    return pow(a, k, m)


def _divisors(n: int) -> int:
    """Divisors counted in pairs (d, n/d) up to the square root: brute force, no factorising."""
    if n > MAX_DIVISOR_SCAN**2:
        raise FactError("too large to count divisors by brute force")
    root = math.isqrt(n)
    return sum(2 for d in range(1, root + 1) if n % d == 0) - (1 if root * root == n else 0)


def holds(fact: str) -> bool:
    """True when both sides of ``fact`` have the same value; FactError when it cannot be read."""
    if fact.count("=") != 1:
        raise FactError(f"not one equality: {fact!r}")
    left, right = fact.split("=")
    return _term(left) == _term(right)


def value(term: str) -> int:
    """The value of one side of a fact (for answers computed by brute force)."""
    return _term(term)
