"""Cheap text checks: the answer given away in the question; malformed text."""

from __future__ import annotations

import re
from typing import ClassVar

from cotforge.verifiers.filters.base import Decision, Filter, Row

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FENCE = re.compile(r"```.*?```", re.DOTALL)
_CURRENCY = re.compile(r"\$\d[\d,]*(?:\.\d+)?(?=[\s.,;:!?)]|$)")
"""``$230``, ``$12.50.``: a dollar amount, not a math delimiter (``$2x$`` and ``$3$`` are still math)."""
"""LaTeX markup (a command, a braced super- or subscript): a text that has it uses ``$`` for math only."""


class AnswerLeakFilter(Filter):
    """Drops a record whose question states its gold answer outright (as a whole word or phrase).

    Short answers (under ``min_chars``) are not checked: "3" inside "3x + 2 = 11" is
    not a leak, while "Zoe is a knight" inside the question would be. Nor is a one-word
    label ("valid", "entailed"): a question must name the options it asks to choose from.
    """

    name: ClassVar[str] = "answer_leak"

    def __init__(self, min_chars: int = 4) -> None:
        self.min_chars = min_chars

    def keep(self, row: Row) -> Decision:
        answer = " ".join(row["answer"].split())
        if len(answer) < self.min_chars or answer.isalpha():
            return True
        question = " ".join(row["question"].split())
        if answer.isascii() and question.isascii() and answer.lower() not in question.lower():
            return True  # no match is possible, and compiling a pattern per record is the slow part
        if re.search(rf"(?<!\w){re.escape(answer)}(?!\w)", question, flags=re.IGNORECASE):
            return False, f"the question contains its answer {answer[:60]!r}"
        return True


def latex_problem(text: str) -> str | None:
    """What is unbalanced in the LaTeX of ``text`` (code blocks ignored), or None."""
    prose = _FENCE.sub("", text)
    if prose.count("{") != prose.count("}"):
        return f"unbalanced braces ({prose.count('{')} '{{' vs {prose.count('}')} '}}')"
    if prose.count("\\left") != prose.count("\\right"):
        return "unbalanced \\left / \\right"
    if (prose.count("$") - prose.count("\\$")) % 2:  # only then can a dollar amount be the odd one out
        prose = _CURRENCY.sub("", prose)  # ("$12 x < 12$" is math that starts like an amount)
        if (prose.count("$") - prose.count("\\$")) % 2:
            return "an odd number of $ signs"
    return None


class MalformedTextFilter(Filter):
    """Drops records with control characters or unbalanced LaTeX in the question or the CoT."""

    name: ClassVar[str] = "malformed"

    def keep(self, row: Row) -> Decision:
        for field in ("question", "cot"):
            text = row[field]
            if _CONTROL.search(text):
                return False, f"control character in {field}"
            if not text.strip():
                return False, f"empty {field}"
            problem = latex_problem(text)
            if problem:
                return False, f"{field}: {problem}"
        return True
