"""Re-check every record of an output folder by an independent route (``cotforge recheck OUT``)."""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
import pyarrow as pa
import pyarrow.parquet as pq

from cotforge.core.errors import ConfigError
from cotforge.core.records import Problem
from cotforge.core.registry import RECHECKS
from cotforge.pipelines.output import shard_files
from cotforge.pipelines.storage import Location, location

_FIELDS = ("task", "task_version", "domain", "level", "seed", "index", "question", "answer",
           "payload", "space", "verifier", "metadata")


@dataclass
class TaskTally:
    checked: int = 0
    disagree: int = 0
    errors: int = 0
    seconds: float = 0.0
    examples: list[str] = field(default_factory=list)


@dataclass
class RecheckReport:
    tasks: dict[str, TaskTally]
    no_route: dict[str, int]

    @property
    def disagreements(self) -> int:
        return sum(t.disagree + t.errors for t in self.tasks.values())


def _problems(out: Location, batch_rows: int = 2048) -> Iterator[Problem]:
    shards = shard_files(out, "raw")
    if not shards:
        raise ConfigError(f"{out} has no data/raw/train-*.parquet shards; is it a folder written by `cotforge run`?")
    for shard in shards:
        with shard.open("rb") as f:
            for batch in pq.ParquetFile(f).iter_batches(batch_size=batch_rows, columns=list(_FIELDS)):
                for row in batch.to_pylist():
                    yield Problem(**row)


def count_records(out: str | os.PathLike[str] | Location) -> int:
    """How many records the output holds (from the Parquet footers; no rows are read)."""
    out = location(out)
    shards = shard_files(out, "raw")
    if not shards:
        raise ConfigError(f"{out} has no data/raw/train-*.parquet shards; is it a folder written by `cotforge run`?")
    total = 0
    for shard in shards:
        try:
            with shard.open("rb") as f:
                total += pq.ParquetFile(f).metadata.num_rows
        except (pa.ArrowException, OSError) as exc:
            raise ConfigError(f"{shard}: not a readable Parquet shard ({' '.join(str(exc).split())[:120]})") from None
    return total


def recheck_folder(out: str | os.PathLike[str] | Location, tasks: set[str] | None = None, max_examples: int = 5,
                   on_record: Callable[[], None] | None = None) -> RecheckReport:
    """Run each task's registered re-check on every record of the output ``out`` (a folder or
    any fsspec URL ``cotforge run`` writes to); memory stays flat (batches). ``on_record`` is
    called once per record read, checked or not (for a progress bar over ``count_records``)."""
    tallies: dict[str, TaskTally] = defaultdict(TaskTally)
    no_route: dict[str, int] = defaultdict(int)
    for problem in _problems(location(out)):
        if on_record:
            on_record()
        if tasks and problem.task not in tasks:
            continue
        if problem.task not in RECHECKS:
            no_route[problem.task] += 1
            continue
        tally = tallies[problem.task]
        start = time.perf_counter()
        try:
            message = RECHECKS.get(problem.task)(problem)
        except Exception as exc:  # a crash in the second route is a finding, not a pass
            tally.errors += 1
            message = None
            if len(tally.examples) < max_examples:
                tally.examples.append(f"{problem.uid}: re-check crashed: {type(exc).__name__}: {exc}")
        tally.seconds += time.perf_counter() - start
        tally.checked += 1
        if message is not None:
            tally.disagree += 1
            if len(tally.examples) < max_examples:
                tally.examples.append(f"{problem.uid}: {message}")
    return RecheckReport(dict(sorted(tallies.items())), dict(sorted(no_route.items())))
