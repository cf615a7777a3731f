"""What every trainer format shares: the rows it is made from, the folder it is written to
(only ever one cotforge wrote), and the scorer fields a row carries."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pyarrow.parquet as pq

from cotforge.core.errors import ConfigError
from cotforge.pipelines.output import shard_files
from cotforge.pipelines.rows import write_text_atomic
from cotforge.pipelines.storage import Location, atomic_target, open_for_read
from cotforge.pipelines.views.rl import solution
from cotforge.pipelines.views.text import user_turn
from cotforge.verifiers.rewards import SCORE_KEYS, score_fields

Row = dict[str, Any]
MARKER = ".cotforge-format.json"
"""Lists the files a format export wrote; a folder without it is never written into."""


def rl_row(row: Mapping[str, Any]) -> Row:
    """An ``rl`` view row from a ``cotforge.make`` / stream row (an ``rl`` row is returned as it is)."""
    if "metadata" not in row:
        return dict(row)
    meta = score_fields(row)
    return {"id": row["id"], "task": meta["task"], "level": meta["level"], "prompt": row.get("prompt") or user_turn(row["question"], meta["domain"]),
            "answer": meta["answer"], "solution": solution(meta["domain"], meta["answer"]), "domain": meta["domain"],
            "verifier": meta["verifier"], "payload": meta["payload"]}


def scorer_label(row: Mapping[str, Any]) -> str:
    """Everything the scorer needs, as one JSON string (for trainers that pass one label column)."""
    return json.dumps({k: row[k] for k in SCORE_KEYS}, sort_keys=True)


def view_rows(out: Location, config: str) -> Iterator[Row]:
    """The rows of an exported view of ``out``, shard by shard."""
    shards = shard_files(out, config)
    if not shards:
        raise ConfigError(f"{out} has no exported '{config}' view; run `cotforge export {out}` first")
    for shard in shards:
        with open_for_read(shard) as source:
            for batch in pq.ParquetFile(source).iter_batches(batch_size=1024):
                yield from batch.to_pylist()


class FormatFolder:
    """A folder a format export owns: refuses a folder it did not write, replaces only its own files."""

    def __init__(self, folder: Location, fmt: str) -> None:
        self.folder, self.fmt = folder, fmt
        marker = folder / MARKER
        self.before: list[str] = []
        if marker.exists():
            self.before = list(json.loads(marker.read_text()).get("files", []))
        elif folder.exists() and any(True for _ in folder.iterdir()):
            raise ConfigError(f"{folder} exists and was not written by `cotforge export --format`; move it away first")
        self.written: list[str] = []

    def text(self, name: str, text: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_text_atomic(text, self.folder / name)
        self.written.append(name)

    def table(self, name: str, table: Any) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with atomic_target(self.folder / name) as target:
            pq.write_table(table, target, compression="zstd")
        self.written.append(name)

    def close(self) -> None:
        for name in sorted(set(self.before) - set(self.written)):  # only what an earlier format export wrote
            (self.folder / name).unlink(missing_ok=True)
        write_text_atomic(json.dumps({"format": self.fmt, "files": sorted(self.written)}, indent=1), self.folder / MARKER)


def jsonl(rows: Iterable[Mapping[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
