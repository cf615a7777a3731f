"""An exact reader of decimal answers as the project writes them (``76.25``, ``332.50``, ``-0.5``), for value answers.

The quantities tasks (percentage, word_problem, ...) answer money and measures to the cent; the general route reads
such a text with sympy's parser (normalising the LaTeX, building an expression: about a millisecond), and the answer
verifier reads every final answer of the search and of the negatives. This reader takes only a plain decimal: an
optional minus, a whole part without leading zeros (``0`` or ``[1-9]...``), a point, 1-30 digits; anything else
(``.5``, ``5.``, ``007.5``, ``1,000.5``, a unit, a sign of percent, spaces inside) is refused (None) and the general
route decides it. The value is the exact rational the general route reads (``tests/verifiers/test_small_decimal_read``).

It decides nothing alone: ``math.py`` compares two values read exactly (a project rational or decimal, the given and
the gold), and a rational gold is matched only by an equal value (a decimal's tolerance applies only to a gold that is
not rational), so equal values accept and different ones reject, as the general route does.
"""

from __future__ import annotations

import re

import sympy

from cotforge.verifiers.math_read import Answer, project_number

_DECIMAL = re.compile(r"(-?)(0|[1-9]\d{0,30})\.(\d{1,30})")


def project_decimal(text: str) -> Answer | None:
    """``-12.50`` as the exact value ``-25/2``; None for any text but a plain decimal."""
    match = _DECIMAL.fullmatch(text.strip())
    if match is None:
        return None
    sign, whole, places = match.groups()
    value = sympy.Rational(int(whole + places), 10 ** len(places))
    return Answer.exact(-value if sign else value)


def project_rational(text: str) -> Answer | None:
    """A project rational (``7``, ``-\\frac{3}{4}``: ``project_number``) or decimal (``332.50``), as its exact value
    (units aside: the caller compares values read exactly); None for any other text."""
    return project_number(text) or project_decimal(text)
