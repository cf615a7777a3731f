"""The verifier contract: pure, bounded checks of answers and of steps."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

from cotforge.core.records import Problem, Step, Verdict


class Verifier(ABC):
    """Checks an answer to a problem, and where it can, each step of a chain of thought.

    ``verify`` returns ``Verdict.error`` when it cannot decide (unparsable gold,
    a crash in the check itself); that is never the same as a wrong answer.
    """

    name: ClassVar[str]
    steps_independent: ClassVar[bool] = False
    """True when ``check_steps`` judges each step by itself alone (a step's verdict does not depend on the steps
    around it): a caller may then check a prefix of a chain and the rest later, and get the same verdicts."""

    @abstractmethod
    def verify(self, problem: Problem, answer: str | None) -> Verdict:
        """Accept or reject ``answer`` against the problem's gold answer and rules."""

    def check_steps(self, problem: Problem, steps: Sequence[Step]) -> list[bool | None]:
        """One entry per step: True if the step is shown sound, False if not, None if uncheckable."""
        return [None] * len(steps)

    def check_steps_many(self, problem: Problem, chains: Sequence[Sequence[Step]]) -> list[list[bool | None]]:
        """``check_steps`` of each of ``chains``, the same verdicts; a verifier whose check of a chain costs a run of
        its own (the code verifiers' sandbox) may check them together."""
        return [self.check_steps(problem, steps) for steps in chains]
