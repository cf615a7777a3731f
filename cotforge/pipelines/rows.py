"""The Arrow schema of output rows, and rows from records; atomic writes and batched reads, local or on any fsspec URL."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cotforge.core.records import Record, Rejection, Row, SearchSummary, Step, Trace
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
        # what was tried: the dropped chain, and the chains the search explored (a model's own text)
        ("cot", pa.string()),
        ("attempts", pa.list_(NEGATIVE)),
    ]
)

_STEP_FIELDS = tuple(f.name for f in dataclasses.fields(Step))
_COST_COLUMNS = ("tokens", "calls", "seconds")
"""The cost ledger's columns in ``search`` (its expansions are the search's own)."""


def _steps(trace: Trace) -> list[Row]:
    """The steps' fields (all scalars, so no deep copy as ``dataclasses.asdict`` makes) and ``reaches_answer``."""
    reaches = trace.reaches_answer or (None,) * len(trace.steps)
    rows = []
    for step, reached in zip(trace.steps, reaches):
        row = {name: getattr(step, name) for name in _STEP_FIELDS}
        row["reaches_answer"] = reached
        rows.append(row)
    return rows


def _negative(trace: Trace) -> Row:
    return {"steps": _steps(trace), "answer": trace.answer, "reason": trace.verdict.reason, "first_wrong_step": trace.first_wrong_step}


def _search(summary: SearchSummary) -> Row:
    row: Row = {"algorithm": summary.algorithm, "expansions": summary.expansions, "nodes": summary.nodes, "solved_at": summary.solved_at}
    for name in _COST_COLUMNS:
        row[name] = getattr(summary.cost, name) if summary.cost is not None else None
        at = summary.cost_at_solution
        row[f"{name}_at_solution"] = getattr(at, name) if at is not None else None
    return row


def raw_row(record: Record) -> Row:
    """A row of ``RAW``."""
    p, chain = record.problem, record.chain
    return {
        "id": p.uid,
        "task": p.task,
        "task_version": p.task_version,
        "domain": p.domain,
        "level": p.level,
        "seed": p.seed,
        "index": p.index,
        "question": p.question,
        "answer": p.answer,
        "cot": record.cot,
        "search_cot": record.search_cot,
        "steps": _steps(chain),
        "final_answer": chain.answer,
        "verdict": chain.verdict.status,
        "verdict_reason": chain.verdict.reason,
        "negatives": [_negative(t) for t in record.negatives],
        "search": _search(record.search),
        "space": p.space,
        "verifier": p.verifier,
        "payload": p.payload,
        "metadata": record.metadata,
    }


def rejected_row(rejection: Rejection) -> Row:
    """A row of ``REJECTED``."""
    p = rejection.problem
    return {
        "id": p.uid,
        "task": p.task,
        "level": p.level,
        "seed": p.seed,
        "index": p.index,
        "question": p.question,
        "answer": p.answer,
        "stage": rejection.stage,
        "status": rejection.verdict.status,
        "reason": rejection.verdict.reason,
        "final_answer": rejection.final_answer,
        "cot": rejection.cot,
        "attempts": [_negative(t) for t in rejection.attempts],
    }


def write_table_atomic(rows: list[Row], schema: pa.Schema, path: Location) -> None:
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


def read_rows(path: Location) -> list[Row]:
    with open_for_read(path) as source:
        return pq.read_table(source).to_pylist()


def iter_row_batches(path: Location, batch_rows: int, columns: list[str] | None = None) -> Iterator[list[Row]]:
    """The rows of one Parquet file, ``batch_rows`` at a time (only ``columns``, if given)."""
    with open_for_read(path) as source:
        for batch in pq.ParquetFile(source).iter_batches(batch_size=batch_rows, columns=columns):
            yield batch.to_pylist()
