"""A rational answer against a rational gold, both exactly as the project writes them, decided in a few microseconds.

``MathVerifier.verify`` reads any answer through the final-answer extractor, the retraction check and the
problem's JSON payload before its exact route for the project's own rationals (``math_read.project_number``)
decides: about 50 µs, asked about ten times a linear_equation record (the gold, the search's ends, every
continued negative's end). For an answer that *is* such a rational (``7``, ``-12``, ``-\\frac{3}{4}``, the whole
text, nothing around it) and a gold of the same shape, on a problem whose payload is valid JSON with no
``answer_kind`` (so a ``value``), that route can only end in one of two verdicts, given here directly: accept when
the two rationals are equal, else its own reject. Any other text, gold or payload: None, and the full route
decides. ``tests/verifiers/test_lineq4_number.py`` holds the verdicts equal to the full route's.
"""

from __future__ import annotations

import json
from fractions import Fraction
from functools import lru_cache

from cotforge.core.records import Problem, Verdict
from cotforge.verifiers.math_read import _PROJECT_NUMBER


@lru_cache(maxsize=4096)
def _rational(text: str) -> Fraction | None:
    """``text`` as a rational if it is exactly the project's rational (no space around it), else None."""
    match = _PROJECT_NUMBER.fullmatch(text)
    if match is None:
        return None
    sign, whole, top, bottom = match.groups()
    value = Fraction(int(whole)) if whole is not None else Fraction(int(top), int(bottom))
    return -value if sign else value


@lru_cache(maxsize=4096)
def _plain_value_payload(payload: str) -> bool:
    """The payload is a JSON object with no ``answer_kind`` (the kind is ``value``)."""
    try:
        data = json.loads(payload)
    except ValueError:
        return False
    return isinstance(data, dict) and "answer_kind" not in data


def number_verdict(problem: Problem, answer: str) -> Verdict | None:
    """The full route's verdict on a project rational against a project rational gold, or None (see the module)."""
    given = _rational(answer) if len(answer) <= 80 else None
    if given is None:
        return None
    gold = _rational(problem.answer) if len(problem.answer) <= 80 else None
    if gold is None or not _plain_value_payload(problem.payload):
        return None
    if given == gold:
        return Verdict.accept()
    return Verdict.reject(f"{answer!r} is not equal to the expected value")
