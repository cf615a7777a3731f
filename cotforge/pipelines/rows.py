"""The Arrow schema of output rows; atomic writes and batched reads, local or on any fsspec URL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from cotforge.pipelines.storage import Location, atomic_target, open_for_read

STEP = pa.struct(
    [
        ("text", pa.string()),
        ("state", pa.string()),
        ("kind", pa.string()),
        ("value", pa.float64()),
        ("reaches_answer", pa.bool_()),
        ("verified", pa.bool_()),
        ("intended_wrong", pa.bool_()),
        ("latex", pa.string()),
        ("error_kind", pa.string()),
    ]
)

NEGATIVE = pa.struct(
    [
        ("steps", pa.list_(STEP)),
        ("answer", pa.string()),
        ("reason", pa.string()),
        ("first_wrong_step", pa.int32()),
    ]
)

SEARCH = pa.struct(
    [
        ("algorithm", pa.string()),
        ("expansions", pa.int32()),
        ("nodes", pa.int32()),
        ("solved_at", pa.int32()),
        # the cost ledger, where the search used a language model (null otherwise); solved_at is
        # the expansions at the first verified solution, these are the rest of that moment's cost
        ("tokens", pa.int64()),
        ("calls", pa.int32()),
        ("seconds", pa.float64()),
        ("tokens_at_solution", pa.int64()),
        ("calls_at_solution", pa.int32()),
        ("seconds_at_solution", pa.float64()),
    ]
)

RAW = pa.schema(
    [
        ("id", pa.string()),
        ("task", pa.string()),
        ("task_version", pa.int32()),
        ("domain", pa.string()),
        ("level", pa.int32()),
        ("seed", pa.int64()),
        ("index", pa.int64()),
        ("question", pa.string()),
        ("answer", pa.string()),
        ("cot", pa.string()),
        ("search_cot", pa.string()),
        ("steps", pa.list_(STEP)),
        ("final_answer", pa.string()),
        ("verdict", pa.string()),
        ("verdict_reason", pa.string()),
        ("negatives", pa.list_(NEGATIVE)),
        ("search", SEARCH),
        ("space", pa.string()),
        ("verifier", pa.string()),
        ("payload", pa.string()),
        ("metadata", pa.string()),
    ]
)

REJECTED = pa.schema(
    [
        ("id", pa.string()),
        ("task", pa.string()),
        ("level", pa.int32()),
        ("seed", pa.int64()),
        ("index", pa.int64()),
        ("question", pa.string()),
        ("answer", pa.string()),
        ("stage", pa.string()),
        ("status", pa.string()),
        ("reason", pa.string()),
        ("final_answer", pa.string()),
    ]
)


def write_table_atomic(rows: list[dict[str, Any]], schema: pa.Schema, path: Location) -> None:
    """Write ``rows`` to ``path`` (local or an fsspec URL) under a temporary name, then move it: all or nothing."""
    table = pa.Table.from_pylist(rows, schema=schema)
    with atomic_target(path) as target:
        pq.write_table(table, target, compression="zstd")


def write_text_atomic(text: str, path: Location) -> None:
    with atomic_target(path) as target:
        if isinstance(target, Path):
            target.write_text(text)
        else:
            target.write(text.encode())


def read_rows(path: Location) -> list[dict[str, Any]]:
    with open_for_read(path) as source:
        return pq.read_table(source).to_pylist()


def iter_row_batches(path: Location, batch_rows: int, columns: list[str] | None = None) -> Iterator[list[dict[str, Any]]]:
    """The rows of one Parquet file, ``batch_rows`` at a time (only ``columns``, if given)."""
    with open_for_read(path) as source:
        for batch in pq.ParquetFile(source).iter_batches(batch_size=batch_rows, columns=columns):
            yield batch.to_pylist()
