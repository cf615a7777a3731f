"""Exact-match answers, after normalising case, spacing and a trailing period.

For user data whose answers are labels or short strings (a logic verdict, a name)
that no structured verifier reads.
"""

from __future__ import annotations

from cotforge.core.records import Problem, Verdict
from cotforge.core.registry import VERIFIERS
from cotforge.verifiers.base import Verifier


def normalize(text: str) -> str:
    return " ".join(text.strip().strip("$").rstrip(".").casefold().split())


class ExactVerifier(Verifier):
    name = "exact"

    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        if answer is None:
            return Verdict.reject("no answer")
        if not normalize(problem.answer):
            return Verdict.error("empty gold answer")
        if normalize(answer) == normalize(problem.answer):
            return Verdict.accept()
        return Verdict.reject(f"{answer.strip()[:80]!r} differs from the expected answer")


VERIFIERS.register("exact", ExactVerifier())
