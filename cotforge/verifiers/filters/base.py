"""The filter contract: ``keep(record) -> True | (False, reason)``, run in a fixed order."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any, ClassVar

Row = dict[str, Any]
Decision = bool | tuple[bool, str]

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-case alphanumeric words: the unit that n-gram and shingle filters count."""
    return _WORD.findall(text.lower())


class Filter(ABC):
    """Decides per record whether to keep it. Stateful filters (near-dup) see records in order."""

    name: ClassVar[str]

    def fit(self, rows: Sequence[Row]) -> None:
        """Look at all records first (only filters that need global counts override this)."""

    @abstractmethod
    def keep(self, row: Row) -> Decision:
        """True to keep; (False, reason) to drop."""


def apply_filters(filters: Sequence[Filter], rows: Sequence[Row]) -> tuple[list[Row], list[tuple[Row, str, str]]]:
    """Run ``filters`` one after the other; returns kept rows and (row, filter name, reason) drops."""
    kept = list(rows)
    dropped: list[tuple[Row, str, str]] = []
    for f in filters:
        f.fit(kept)
        survivors = []
        for row in kept:
            decision = f.keep(row)
            if decision is True:
                survivors.append(row)
            elif isinstance(decision, tuple) and decision[0] is False:
                dropped.append((row, f.name, decision[1]))
            else:
                raise TypeError(f"filter {f.name} returned {decision!r}; expected True or (False, reason)")
        kept = survivors
    return kept, dropped
