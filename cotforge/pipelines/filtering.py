"""Build the recipe's filters, and run exact dedup plus those filters over a run's rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from cotforge.pipelines.recipe import FilterSettings
from cotforge.pipelines.run_unit import normalize_question
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

Row = dict[str, Any]


class ExactDuplicateFilter(Filter):
    """Exact duplicates of a normalised question, across units (and earlier runs, if seeded)."""

    name = "exact_duplicate"

    def __init__(self) -> None:
        self.first: dict[str, str] = {}

    def seed(self, rows: list[Row]) -> None:
        for row in rows:
            self.first.setdefault(normalize_question(row["question"]), row["id"])

    def keep(self, row: Row) -> Decision:
        key = normalize_question(row["question"])
        if key in self.first and self.first[key] != row["id"]:
            return False, f"exact duplicate of {self.first[key]}"
        self.first.setdefault(key, row["id"])
        return True


def earlier_rows(folders: list[str]) -> list[Row]:
    rows: list[Row] = []
    for folder in folders:
        shards = sorted((Path(folder) / "data" / "raw").glob("train-*.parquet"))
        if not shards:
            from cotforge.core.errors import ConfigError

            raise ConfigError(f"filters.near_duplicate.against: no exported records in {folder}/data/raw")
        for shard in shards:
            rows += pq.read_table(shard, columns=["id", "task", "question"]).to_pylist()
    return rows


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
        if nd.against:
            earlier = earlier_rows(nd.against)
            exact.seed(earlier)
            near.seed(earlier)
        filters.append(near)
    if settings.balance is not None:
        filters.append(BalanceFilter(settings.balance.tasks, settings.balance.levels))
    return filters


def filter_rows(settings: FilterSettings, rows: list[Row]) -> tuple[list[Row], list[tuple[Row, str, str]]]:
    return apply_filters(build_filters(settings), rows)
