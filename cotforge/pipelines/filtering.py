"""Build the recipe's filters (exact dedup first), and run them over a run's rows."""

from __future__ import annotations

from collections.abc import Iterator
from hashlib import blake2b
from pathlib import Path

from cotforge.core.errors import ConfigError
from cotforge.core.records import Row
from cotforge.pipelines.output import shard_files
from cotforge.pipelines.recipe import FilterSettings
from cotforge.pipelines.rows import iter_row_batches
from cotforge.pipelines.run_unit import normalize_question
from cotforge.pipelines.storage import location
from cotforge.verifiers.filters import (
    AnswerLeakFilter,
    BalanceFilter,
    DecontaminationFilter,
    Filter,
    LengthFilter,
    MalformedTextFilter,
    NearDuplicateFilter,
    apply_filters,
    load_benchmark,
)
from cotforge.verifiers.filters.base import Decision
from cotforge.verifiers.filters.digest_index import MERGE_AT, DigestIndex, IdStore

FILTER_COLUMNS = ["id", "task", "level", "domain", "seed", "index", "question", "answer", "final_answer", "cot"]
"""The columns the filters (and a drop's record in ``rejected/``) read: passes before the last read only these."""


def question_key(question: str) -> bytes:
    """A 16-byte digest of the normalised question: what exact dedup keeps per record."""
    return blake2b(normalize_question(question).encode(), digest_size=16).digest()


class ExactDuplicateFilter(Filter):
    """Exact duplicates of a normalised question, across units (and earlier runs, if seeded).

    Each first question's full 16-byte ``question_key`` maps to the ordinal of its id in a
    ``DigestIndex`` (sorted numpy segments) and the id's text sits in an ``IdStore``: a few
    tens of bytes per record where a dict of ``bytes`` to ``str`` took a few hundred.
    """

    name = "exact_duplicate"

    def __init__(self, merge_at: int = MERGE_AT) -> None:
        self._index = DigestIndex(16, merge_at)  # question_key -> ordinal of the first id seen with it
        self._ids = IdStore()

    def _first(self, key: bytes, record_id: str) -> str:
        """The id first seen with ``key``; ``record_id`` (now recorded) if none was."""
        hit = self._index.values([key])
        if hit:
            return self._ids.get(hit[0])
        self._index.add(key, self._ids.add(record_id))
        return record_id

    def seed(self, rows: list[Row]) -> None:
        for row in rows:
            self._first(question_key(row["question"]), row["id"])

    def keep(self, row: Row) -> Decision:
        first = self._first(question_key(row["question"]), row["id"])
        if first != row["id"]:
            return False, f"exact duplicate of {first}"
        return True

    def nbytes(self) -> int:
        """Bytes of the ids and the sorted part of the index (not its small dict of recent entries)."""
        return self._index.nbytes() + self._ids.nbytes()


def earlier_rows(folders: list[str]) -> Iterator[list[Row]]:
    """The id, task and question of every exported record in ``folders`` (local or fsspec URLs), in batches."""
    for folder in folders:
        shards = shard_files(location(folder), "raw")
        if not shards:
            raise ConfigError(f"filters.near_duplicate.against: no exported records in {folder}/data/raw")
        for shard in shards:
            yield from iter_row_batches(shard, 4096, columns=["id", "task", "question"])


def build_filters(settings: FilterSettings) -> list[Filter]:
    exact = ExactDuplicateFilter()
    filters: list[Filter] = [exact]
    if settings.malformed:
        filters.append(MalformedTextFilter())
    if settings.answer_leak:
        filters.append(AnswerLeakFilter())
    if settings.length is not None:
        filters.append(LengthFilter(**settings.length.model_dump()))
    for source in settings.decontaminate:
        texts = load_benchmark(source.path, source.fields)
        filters.append(DecontaminationFilter(texts, source=Path(source.path).name, n=source.n, short_n=source.short_n))
    if settings.near_duplicate is not None:
        nd = settings.near_duplicate
        near = NearDuplicateFilter(nd.threshold, nd.num_perm, nd.shingle)
        for earlier in earlier_rows(nd.against):
            exact.seed(earlier)
            near.seed(earlier)
        filters.append(near)
    if settings.balance is not None:
        filters.append(BalanceFilter(settings.balance.tasks, settings.balance.levels))
    return filters


def check_references(settings: FilterSettings) -> None:
    """Load what the filters refer to (benchmark files, a tokenizer, earlier output folders) now,
    so that a missing or unreadable one stops a run at its start, not at export after every unit ran."""
    build_filters(settings)


def filter_rows(settings: FilterSettings, rows: list[Row]) -> tuple[list[Row], list[tuple[Row, str, str]]]:
    return apply_filters(build_filters(settings), rows)
