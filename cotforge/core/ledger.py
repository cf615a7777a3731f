"""The search-ledger contract: what searching one problem cost, and what it had cost at its first solution.

A space that calls a model counts ``tokens`` and ``calls`` into its ledger (``Space.ledger``);
the search fills in ``expansions``, ``seconds`` and ``at_solution``. Both sides import it from
here, so neither has to know the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MEASURES = ("tokens", "calls", "expansions", "seconds")


@dataclass(frozen=True, slots=True)
class Cost:
    """The four measures of search work at one moment."""

    tokens: int = 0
    calls: int = 0
    expansions: int = 0
    seconds: float = 0.0


@dataclass(slots=True)
class Ledger:
    """What a search cost for one problem, and what it had cost when it first found a verified answer.

    Since a search spends its budget in order, ``at_solution`` says for every smaller budget
    whether the same search would have solved the problem: one run gives the whole curve.
    """

    tokens: int = 0
    calls: int = 0
    expansions: int = 0
    seconds: float = 0.0
    at_solution: Cost | None = None

    def now(self) -> Cost:
        return Cost(self.tokens, self.calls, self.expansions, self.seconds)

    def as_dict(self) -> dict[str, Any]:
        """Flat figures for an output row: ``tokens`` ... and ``tokens_at_solution`` ... (None: unsolved)."""
        at = self.at_solution
        flat: dict[str, Any] = {name: getattr(self, name) for name in MEASURES}
        for name in MEASURES:
            flat[f"{name}_at_solution"] = getattr(at, name) if at is not None else None
        return flat
