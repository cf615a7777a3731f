"""Reading a model's own chain of thought: answers copied from the question.

A chain whose final answer is a number that already stands in the question, and whose steps
never derive it (no ``... = answer`` with work on the left), proves nothing: "Gia baked 11 more
cookies than Maya. How many more?" answered "Final answer: 11" after unrelated steps passes the
answer check but not as reasoning. Such chains are refused as answers (``copied_answer``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:/\d+)?(?![\w])")
_EQUALS_RIGHT = re.compile(r"([^=\n]*?)=\s*\$?\s*(-?\d+(?:\.\d+)?(?:/\d+)?)(?![\d])")
_WORK = re.compile(r"[-+*/×÷^()]|\\(?:frac|cdot|times|div)|\d")


def _value(text: str) -> Fraction | None:
    text = text.strip().strip("$").strip().replace(",", "")
    text = re.sub(r"^[a-zA-Z]\s*=\s*", "", text)  # "x = 11" states 11
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None


def _numbers(text: str) -> set[Fraction]:
    out = set()
    for m in _NUMBER.finditer(text.replace(",", "")):
        value = _value(m.group())
        if value is not None:
            out.add(value)
    return out


def _derives(steps: Sequence[str], value: Fraction) -> bool:
    """Some step computes ``value``: an ``=`` whose right side is it and whose left side has work
    (an operation, or another number), not just the value restated."""
    for step in steps:
        for m in _EQUALS_RIGHT.finditer(step.replace(",", "")):
            if _value(m.group(2)) != value:
                continue
            left = m.group(1).strip()
            if not _WORK.search(left):
                continue  # "x = 11", "answer = 11": a statement, not a computation
            if _numbers(left) - {value} or re.search(r"[-+*/×÷^]|\\(?:frac|cdot|times|div)", left):
                return True
    return False


def copied_answer(question: str, steps: Sequence[str], answer: str | None) -> bool:
    """True when ``answer`` is a number found in ``question`` that no step derives."""
    if not answer:
        return False
    value = _value(answer)
    if value is None or value not in _numbers(question):
        return False
    return not _derives(steps, value)
