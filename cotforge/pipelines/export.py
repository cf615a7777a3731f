"""Gather the unit parts into a Hugging Face dataset folder: filters, views, shards, a card.

Layout: ``data/<config>/train-0000K-of-0000M.parquet`` for ``raw`` (every field; the
default config) and the fine-tuning views (``sft``, ``prm``, ``dpo``, ``rl``, and
``sft_think`` when asked), plus ``README.md`` whose YAML header names the configs and
their features, so ``datasets.load_dataset(folder, name)`` works offline. Records the
filters drop go to ``rejected/export.parquet`` with the filter and the reason.

The export streams: parts are read in record batches, filtered, turned into views and
appended to the shards batch by batch, so memory stays flat as a run grows; only the
filters' indexes (a digest per record for dedup, a few per record for near-dup) grow.
Balancing and decontamination count first, in an extra pass over the few columns they read.
The output folder may be local or any fsspec URL.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from cotforge.core.errors import ConfigError
from cotforge.core.records import Row
from cotforge.pipelines.card import first_per_domain, write_card
from cotforge.pipelines.filtering import FILTER_COLUMNS, build_filters
from cotforge.pipelines.output import Manifest, read_header, read_manifest, write_manifest
from cotforge.pipelines.plan import WorkUnit
from cotforge.pipelines.quality import measure_folder
from cotforge.pipelines.rows import RAW, REJECTED, iter_row_batches, write_text_atomic
from cotforge.pipelines.run_unit import stats_path
from cotforge.pipelines.storage import Location, atomic_target, location, replace, temporary_name
from cotforge.pipelines.views import SCHEMAS, view_makers, view_tables
from cotforge.verifiers.filters.base import stream_filters

if TYPE_CHECKING:
    from cotforge.pipelines.job import Options


BATCH_ROWS = 1024
"""Records per batch: what is held in memory at once (and the row-group size of the shards)."""
FINGERPRINT_CHARS = 16
"""Hex digits of a config's content hash in its shard names."""
EXPORT_FILES = ("README.md", "stats.json", "rejected/export.parquet")
"""The files beside the shards that every export replaces."""


class HashingFile:
    """A binary file that hashes what is written through it: a shard's fingerprint costs no second read."""

    def __init__(self, raw: Any, sha: Any) -> None:
        self.raw = raw
        self.sha = sha
        self.position = 0
        self.closed = False

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.position += len(data)
        return int(self.raw.write(data) or len(data))

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        self.raw.flush()

    def close(self) -> None:
        if not self.closed:
            self.raw.close()
            self.closed = True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readable(self) -> bool:
        return False


class ShardWriter:
    """One config's shards, written as rows arrive: ``shard_rows`` rows per file, under a
    temporary name until the end, when the number of shards and the hash of their bytes are
    known and each file is renamed ``train-0000K-of-0000M-<fingerprint>.parquet``.

    The fingerprint in the names (and so in the card's ``data_files``) makes the datasets
    cache key of every export depend on its content: a re-export or another folder of the
    same name never loads stale rows."""

    def __init__(self, folder: Location, schema: pa.Schema, shard_rows: int, split: str = "train") -> None:
        self.folder = folder
        self.split = split
        self.schema = schema
        self.shard_rows = shard_rows
        self.rows = 0
        self.files: list[Location] = []
        self.sha = hashlib.sha256()
        self.fingerprint = ""
        self.names: list[str] = []
        self._writer: pq.ParquetWriter | None = None
        self._handle: HashingFile | None = None
        self._in_shard = 0

    def _open(self) -> pq.ParquetWriter:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = temporary_name(self.folder / f"{self.split}-{len(self.files):05d}.parquet")
        self.files.append(tmp)
        self._handle = HashingFile(open(tmp, "wb") if isinstance(tmp, Path) else tmp.open("wb"), self.sha)
        self._writer = pq.ParquetWriter(self._handle, self.schema, compression="zstd")
        self._in_shard = 0
        return self._writer

    def _close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        if self._handle is not None:
            self._handle.close()
        self._writer = self._handle = None

    def write(self, table: pa.Table) -> None:
        offset = 0
        while offset < table.num_rows:
            writer = self._writer or self._open()
            take = min(self.shard_rows - self._in_shard, table.num_rows - offset)
            writer.write_table(table.slice(offset, take))
            offset += take
            self._in_shard += take
            self.rows += take
            if self._in_shard == self.shard_rows:
                self._close()

    def close(self) -> list[str]:
        """Close the last shard (write an empty one if none); returns the shards' final names."""
        if not self.files:
            self._open().write_table(self.schema.empty_table())
        self._close()
        self.fingerprint = self.sha.hexdigest()[:FINGERPRINT_CHARS]
        n = len(self.files)
        self.names = [f"{self.split}-{k:05d}-of-{n:05d}-{self.fingerprint}.parquet" for k in range(n)]
        return self.names

    def publish(self) -> None:
        """Move the closed shards to their final names (earlier exports' shards stay until the card moves on)."""
        for tmp, name in zip(self.files, self.names, strict=True):
            replace(tmp, self.folder / name)
        self.files = []

    def abort(self) -> None:
        with contextlib.suppress(OSError):  # closing flushes, which fails again on a full disk
            self._close()
        for tmp in self.files:
            tmp.unlink(missing_ok=True)


class RejectSpool:
    """The filters' drops, grouped by filter (the order of ``rejected/export.parquet``), spooled
    to local temporary files so that a run with many drops keeps none of them in memory."""

    def __init__(self, folder: Path, filters: int) -> None:
        self.paths = [folder / f"filter-{i:03d}.parquet" for i in range(filters)]
        self.pending: list[list[Row]] = [[] for _ in range(filters)]
        self.writers: dict[int, pq.ParquetWriter] = {}
        self.counts = [0] * filters

    def add(self, index: int, row: Row, stage: str, reason: str) -> None:
        keep = ("id", "task", "level", "seed", "index", "question", "answer", "final_answer")
        self.pending[index].append({**{k: row[k] for k in keep}, "stage": stage, "status": "reject", "reason": reason})
        self.counts[index] += 1
        if len(self.pending[index]) >= BATCH_ROWS:
            self._flush(index)

    def _flush(self, index: int) -> None:
        if index not in self.writers:
            self.writers[index] = pq.ParquetWriter(self.paths[index], REJECTED, compression="zstd")
        self.writers[index].write_table(pa.Table.from_pylist(self.pending[index], schema=REJECTED))
        self.pending[index] = []

    def write(self, path: Location) -> None:
        """All drops, filter by filter, as one Parquet file at ``path`` (written atomically)."""
        for index, rows in enumerate(self.pending):
            if rows:
                self._flush(index)
        for writer in self.writers.values():
            writer.close()
        with atomic_target(path) as target, pq.ParquetWriter(target, REJECTED, compression="zstd") as out:
            if not self.writers:
                out.write_table(REJECTED.empty_table())
            for index in sorted(self.writers):
                for batch in pq.ParquetFile(self.paths[index]).iter_batches(batch_size=BATCH_ROWS):
                    out.write_table(pa.Table.from_batches([batch], schema=REJECTED))


class Tally:
    """What the summary needs from the kept records, counted as they stream past."""

    def __init__(self) -> None:
        self.records = 0
        self.per_group: Counter[tuple[str, int]] = Counter()
        self.per_domain: Counter[str] = Counter()
        self.steps_checked = 0
        self.steps_total = 0
        self.negatives = 0
        self.examples: dict[str, Row] = {}

    def add(self, rows: list[Row]) -> None:
        self.records += len(rows)
        for r in rows:
            self.per_group[(r["task"], r["level"])] += 1
            self.per_domain[r["domain"]] += 1
            self.steps_total += len(r["steps"])
            self.steps_checked += sum(s["verified"] is not None for s in r["steps"])
            self.negatives += len(r["negatives"])
        first_per_domain(self.examples, rows)


def _batches(parts: list[Location], columns: list[str] | None) -> Iterator[list[Row]]:
    """The rows of ``parts`` in order, ``BATCH_ROWS`` at a time across part boundaries."""
    pending: list[Row] = []
    for part in parts:
        for rows in iter_row_batches(part, BATCH_ROWS, columns):
            pending.extend(rows)
            if len(pending) >= BATCH_ROWS:
                yield pending
                pending = []
    if pending:
        yield pending


def _check_targets(out: Location, owned: set[str]) -> None:
    """Refuse to replace a file that an earlier export did not write (the user's README.md, say)."""
    for name in EXPORT_FILES:
        if name not in owned and (out / name).exists():
            raise ConfigError(f"{out / name} was not written by a cotforge export and export would replace it; move it away first")


def _sweep_temporary(data: Location) -> None:
    """Remove shards a killed export left under their temporary names (``.train-00000.parquet.<id>.tmp``)."""
    for folder in data.iterdir() if data.is_dir() else []:
        for tmp in [*folder.glob(".train-*.parquet.*.tmp"), *folder.glob(".test-*.parquet.*.tmp")] if folder.is_dir() else []:
            tmp.unlink(missing_ok=True)


def _retire(out: Location, old: set[str], new: set[str], configs: set[str]) -> None:
    """Remove what earlier exports wrote and this one did not; then config folders left empty."""
    for name in sorted(old - new):
        (out / name).unlink(missing_ok=True)
    folders = {name.split("/")[1] for name in old if name.startswith("data/") and name.count("/") == 2}
    for config in sorted(folders - configs):
        folder = out / "data" / config
        if isinstance(folder, Path) and folder.is_dir():  # object stores have no empty folders
            with contextlib.suppress(OSError):  # not empty: something of the user's is in it, leave it
                folder.rmdir()


def export(recipe: Options, units: list[WorkUnit], out: Location | str, failed: dict[str, str] | None = None,
           test_per_level: int = 0) -> dict[str, Any]:
    """Merge finished units (in unit order), filter, write every config's shards, the card and stats.

    ``test_per_level``: also write the ``rl`` config's held-out ``test`` split (``cotforge.pipelines.heldout``).

    Only a cotforge output folder (one with ``run.json``) is exported into, and only files
    that earlier exports wrote (its manifest) are replaced or removed.
    """
    out = location(out)
    read_header(out)
    before = read_manifest(out)
    owned = set(before.files)
    _check_targets(out, owned)
    parts, unit_stats, missing = [], [], []
    for unit in units:
        marker = stats_path(out, unit)
        if not marker.exists():
            missing.append(unit.name)
            continue
        unit_stats.append(json.loads(marker.read_text()))
        parts.append(out / "parts" / f"{unit.name}.parquet")
    filters = build_filters(recipe.filters)
    makers = view_makers(think=recipe.views.think, prm_threshold=recipe.views.prm_threshold)
    schemas = {"raw": RAW, **{name: SCHEMAS[name] for name in makers}}
    data = out / "data"
    _sweep_temporary(data)
    writers = {name: ShardWriter(data / name, schema, recipe.shard_rows) for name, schema in schemas.items()}
    tally = Tally()
    train_questions: list[str] = []
    tests = {"rl_test": ShardWriter(data / "rl", SCHEMAS["rl"], recipe.shard_rows, split="test")} if test_per_level else {}

    def keep(rows: list[Row]) -> None:
        tally.add(rows)
        if test_per_level:
            train_questions.extend(r["question"] for r in rows)
        writers["raw"].write(pa.Table.from_pylist(rows, schema=RAW))
        for name, table in view_tables(rows, makers).items():
            writers[name].write(table)

    with tempfile.TemporaryDirectory(prefix="cotforge-export-") as spool_dir:
        spool = RejectSpool(Path(spool_dir), len(filters))
        try:
            stream_filters(filters, lambda last: _batches(parts, None if last else FILTER_COLUMNS), keep,
                           lambda i, row, reason: spool.add(i, row, filters[i].name, reason))
            if test_per_level:
                from cotforge.pipelines.heldout import make_test_split

                test_counts = make_test_split(recipe, test_per_level, train_questions,
                                        lambda rows: tests["rl_test"].write(pa.Table.from_pylist(rows, schema=SCHEMAS["rl"])))
            shards = {name: writer.close() for name, writer in writers.items()}
            shards.update({"rl": shards["rl"] + tests["rl_test"].close()} if tests else {})
            written = {f"data/{name}/{shard}" for name, names in shards.items() for shard in names} | set(EXPORT_FILES)
            # first list the new files beside the old (a kill from here on leaves nothing unlisted) ...
            write_manifest(out, Manifest(files=tuple(owned | written), configs=before.configs))
            for writer in [*writers.values(), *tests.values()]:
                writer.publish()
            spool.write(out / "rejected" / "export.parquet")
        except BaseException:  # disk full, a kill, a bad part: leave no temporary shard behind
            for writer in [*writers.values(), *tests.values()]:
                writer.abort()
            raise
    filter_drops: Counter[str] = Counter()
    for name, n in zip((f.name for f in filters), spool.counts):
        if n:
            filter_drops[name] += n
    # the dedup indexes (and the held-out split's questions) grow with the run and nothing reads them
    # any more: let them go before the quality measure streams the whole run again
    filters.clear()
    train_questions.clear()
    stats = summarize(recipe, tally, unit_stats, filter_drops, missing)
    stats["quality"] = measure_folder(out, stats["per_task_level"], shards=[data / "raw" / n for n in writers["raw"].names])
    stats["views"] = {name: writer.rows for name, writer in writers.items()}
    stats["failed_units"] = dict(sorted((failed or {}).items()))
    if test_per_level:
        stats["test_split"] = {"config": "rl", "rows": tests["rl_test"].rows, "per_level": test_per_level, **test_counts}
    fingerprints = {name: writer.fingerprint for name, writer in [*writers.items(), *tests.items()]}
    write_text_atomic(json.dumps(stats, indent=2, sort_keys=True), out / "stats.json")
    write_card(recipe, schemas, list(tally.examples.values()), stats, out / "README.md", fingerprints)
    # ... then, with the card pointing at the new shards, retire the old ones
    _retire(out, owned, written, set(writers))
    write_manifest(out, Manifest(files=tuple(written), configs=fingerprints))
    return stats


def summarize(recipe: Options, tally: Tally, unit_stats: list[dict], filter_drops: Counter[str], missing: list[str]) -> dict[str, Any]:
    per: dict[str, dict[str, Any]] = {}
    for s in unit_stats:
        d = per.setdefault(f"{s['task']}/level{s['level']:02d}", {"task": s["task"], "level": s["level"], "generated": 0,
                           "solved": 0, "accepted": 0, "rejected": 0, "errors": 0, "expansions": 0, "steps": 0})
        for field in ("generated", "rejected", "errors", "expansions", "steps"):
            d[field] += s[field]
        d["solved"] += s["accepted"]
    for d in per.values():
        d["accepted"] = tally.per_group[(d["task"], d["level"])]
    reasons: Counter[str] = Counter()
    for s in unit_stats:
        reasons.update(s["reasons"])
    for name, n in filter_drops.items():
        reasons[f"filter {name}"] += n
    return {
        "recipe": recipe.name,
        "fingerprint": recipe.fingerprint(),
        "records": tally.records,
        "per_domain": dict(sorted(tally.per_domain.items())),
        "per_task_level": [per[k] for k in sorted(per)],
        "generated": sum(s["generated"] for s in unit_stats),
        "rejected": sum(s["rejected"] for s in unit_stats) + sum(filter_drops.values()),
        "errors": sum(s["errors"] for s in unit_stats),
        "filter_drops": dict(sorted(filter_drops.items())),
        "rejection_reasons": dict(reasons.most_common()),
        "steps_checked": tally.steps_checked,
        "steps_total": tally.steps_total,
        "negatives": tally.negatives,
        "missing_units": missing,
    }
