"""Exact-match answers, after normalising case, spacing, ``$`` and a trailing period.

For user data whose answers are labels or short strings (a logic verdict, a name) that no
structured verifier reads. The answer is read through the shared reader (after thinking, the last
tag, box or final statement; else the whole text), the gold as its boxes or final answer.
"""

from __future__ import annotations

from cotforge.core.answers import final_answer, gold_answer, why_unreadable
from cotforge.core.records import Problem, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers.base import Verifier

MAX_ANSWER_CHARS = 200_000


def normalize(text: str) -> str:
    return " ".join(text.strip().strip("$").strip().rstrip(".").strip("*").casefold().split())


class ExactVerifier(Verifier):
    name = "exact"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        try:
            gold = normalize(gold_answer(problem.answer))
        except ValueError as e:
            return Verdict.error(f"unusable gold answer: {e}")
        if not gold:
            return Verdict.error("empty gold answer")
        if not isinstance(answer, str) or not answer.strip():
            return Verdict.unreadable("no answer")
        if len(answer) > MAX_ANSWER_CHARS:
            return Verdict.reject(f"answer longer than {MAX_ANSWER_CHARS} characters")
        found = final_answer(answer)
        if found is None:
            return Verdict.unreadable(why_unreadable(answer))
        if normalize(found.text) == gold:
            return Verdict.accept()
        return Verdict.reject(f"{found.text.strip()[:80]!r} differs from the expected answer")


VERIFIERS.register("exact", ExactVerifier())
