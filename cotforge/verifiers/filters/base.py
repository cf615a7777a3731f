"""The filter contract: ``keep(record) -> True | (False, reason)``, run in a fixed order."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from cotforge.core.records import Row

Decision = bool | tuple[bool, str]

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-case alphanumeric words: the unit that n-gram and shingle filters count."""
    return _WORD.findall(text.lower())


class Filter(ABC):
    """Decides per record whether to keep it. Stateful filters (near-dup) see records in order."""

    name: ClassVar[str]
    needs_fit: ClassVar[bool] = False
    """True for a filter that must count every record first (balance, decontamination's templates)."""

    def fit(self, rows: Sequence[Row]) -> None:
        """Look at all records first: the three steps below over one batch."""
        self.start_fit()
        self.fit_batch(rows)
        self.end_fit()

    def start_fit(self) -> None:  # noqa: B027 - an optional hook: a no-op unless the filter needs_fit
        """Begin counting (only filters with ``needs_fit`` override the three fit steps)."""

    def fit_batch(self, rows: Sequence[Row]) -> None:  # noqa: B027 - an optional hook: a no-op unless the filter needs_fit
        """Count one batch of the records this filter will see."""

    def end_fit(self) -> None:  # noqa: B027 - an optional hook: a no-op unless the filter needs_fit
        """Turn the counts into what ``keep`` decides by."""

    @abstractmethod
    def keep(self, row: Row) -> Decision:
        """True to keep; (False, reason) to drop."""


def _decide(f: Filter, row: Row) -> str | None:
    decision = f.keep(row)
    if decision is True:
        return None
    if isinstance(decision, tuple) and decision[0] is False:
        return decision[1]
    raise TypeError(f"filter {f.name} returned {decision!r}; expected True or (False, reason)")


def stream_filters(
    filters: Sequence[Filter],
    read: Callable[[bool], Iterable[Sequence[Row]]],
    on_keep: Callable[[list[Row]], None],
    on_drop: Callable[[int, Row, str], None],
) -> None:
    """Run ``filters`` over a stream of record batches, with what each holds kept small.

    The result is that of running each filter over the whole list, one filter after the
    other: a filter sees every survivor of the ones before it, in order. Filters that
    only look back (dedup, near-dup) run side by side in one pass; a filter that must
    count first (``needs_fit``) starts a new pass, its counts taken during the pass before.
    ``read(last)`` yields the batches again for each pass (``last`` is True for the final
    one, whose survivors go to ``on_keep``); ``on_drop(filter index, row, reason)`` gets
    every drop. Between passes only one byte per record is kept: whether it is still in.
    """
    starts = [0] + [i for i, f in enumerate(filters) if f.needs_fit and i > 0]
    stages = list(zip(starts, starts[1:] + [len(filters)]))
    if filters and filters[0].needs_fit:
        filters[0].start_fit()
        for batch in read(False):
            filters[0].fit_batch(batch)
        filters[0].end_fit()
    alive = bytearray()
    for number, (first, stop) in enumerate(stages):
        last = number == len(stages) - 1
        upcoming = None if last else filters[stages[number + 1][0]]
        if upcoming is not None:
            upcoming.start_fit()
        position = 0
        for batch in read(last):
            survivors = []
            for row in batch:
                if number == 0:
                    alive.append(1)
                elif not alive[position]:
                    position += 1
                    continue
                for index in range(first, stop):
                    reason = _decide(filters[index], row)
                    if reason is not None:
                        alive[position] = 0
                        on_drop(index, row, reason)
                        break
                else:
                    survivors.append(row)
                position += 1
            if upcoming is not None:
                upcoming.fit_batch(survivors)
            elif survivors:
                on_keep(survivors)
        if upcoming is not None:
            upcoming.end_fit()


def apply_filters(filters: Sequence[Filter], rows: Sequence[Row]) -> tuple[list[Row], list[tuple[Row, str, str]]]:
    """Run ``filters`` one after the other; returns kept rows and (row, filter name, reason) drops."""
    kept: list[Row] = []
    drops: list[list[tuple[Row, str, str]]] = [[] for _ in filters]
    stream_filters(filters, lambda last: [rows], kept.extend, lambda i, row, why: drops[i].append((row, filters[i].name, why)))
    return kept, [d for per_filter in drops for d in per_filter]
