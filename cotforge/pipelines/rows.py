"""The Arrow schema of output rows, and atomic Parquet writes."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

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


def write_table_atomic(rows: list[dict[str, Any]], schema: pa.Schema, path: Path) -> None:
    """Write ``rows`` to ``path`` through a temporary file and a rename: all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(rows, schema=schema)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text_atomic(text: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        tmp.write_text(text)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_rows(path: Path) -> list[dict[str, Any]]:
    return pq.read_table(path).to_pylist()
