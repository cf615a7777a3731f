"""The number theory space's facts in LaTeX, written from their numbers: byte for byte what
``number_theory.fact_latex`` makes of the fact's text through the LaTeX reader (``gcd(84, 36) = gcd(36, 12)``
as ``\\gcd\\left(84, 36\\right) = \\gcd\\left(36, 12\\right)``), without printing and reading it back."""

from __future__ import annotations


def gcd_tex(a: int, b: int) -> str:
    return rf"\gcd\left({a}, {b}\right)"


def lcm_tex(a: int, b: int) -> str:
    return rf"\operatorname{{lcm}}\left({a}, {b}\right)"


def divisors_tex(n: int) -> str:
    return rf"\tau\left({n}\right)"


def power_tex(base: int, exponent: int) -> str:
    return f"{base}^{{{exponent}}}"


def factored_tex(n: int, factors: tuple[tuple[int, int], ...], cofactor: int | None) -> str:
    """``n = p^e * q * cofactor`` (``_powers_text`` with an unfactored tail): each factor after a ``\\cdot``."""
    terms = [power_tex(p, e) if e > 1 else str(p) for p, e in factors] + ([str(cofactor)] if cofactor is not None else [])
    return f"{n} = " + r" \cdot ".join(terms)


def congruence_tex(left: str, right: str | int, m: int) -> str:
    """``a^k mod m = right``: ``left \\equiv right \\pmod{m}``."""
    return rf"{left} \equiv {right} \pmod{{{m}}}"
