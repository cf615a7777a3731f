"""Text forms of algebra shared by generators, spaces and verifiers.

Machine form is what sympy parses ("3*(x + 2) - 4 = 2*x + 1"); display form is
what a person writes ("3(x + 2) - 4 = 2x + 1").
"""

from __future__ import annotations

import re
from fractions import Fraction

_IMPLICIT = re.compile(r"(?<=[0-9)])\*(?=[a-z(])")


def pretty(machine: str) -> str:
    """Display form: drop the ``*`` a person would not write (3*x -> 3x, 2*(x -> 2(x)."""
    return _IMPLICIT.sub("", machine)


def fraction_text(value: Fraction) -> str:
    """Canonical text of a rational: ``7``, ``-3/4``."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def join_terms(terms: list[str]) -> str:
    """Join signed terms: ["2*x", "-3", "+5"] -> "2*x - 3 + 5"."""
    out = ""
    for term in terms:
        term = term.strip()
        if not out:
            out = term
        elif term.startswith("-"):
            out += " - " + term[1:].lstrip()
        else:
            out += " + " + term.lstrip("+").lstrip()
    return out or "0"
