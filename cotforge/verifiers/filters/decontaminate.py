"""Decontamination: drop questions that share a word n-gram with a benchmark the user names.

Benchmarks are read from JSONL, Parquet, or a local Hugging Face dataset folder; the
text fields are configurable. Questions use ``n``-grams (default 13, the usual
choice); a question of fewer than ``n`` words uses ``short_n``-grams, so short math
questions are still caught; one shorter still is matched whole.

Generated questions of one task share template text ("On an island, knights always
tell the truth..."), which a benchmark of the same kind shares too. n-grams found
in many of the run's own questions (``template_share``, at least three) are template,
not content, and are not counted as overlap.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from cotforge.core.errors import ConfigError
from cotforge.verifiers.filters.base import Decision, Filter, Row, words


def load_records(path: Path) -> list[dict]:
    """Every record of a JSONL file, a Parquet file or a local HF dataset folder (all splits).

    Whatever cannot be read (a binary file, a corrupt Parquet file, an empty folder, a line
    that is not a JSON object) is one ConfigError naming the file and the line."""
    if not path.exists():
        raise ConfigError(f"file not found: {path}")
    if path.is_dir():
        return _folder_records(path)
    if path.suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            records = pq.read_table(path).to_pylist()
        except (pa.ArrowException, OSError) as exc:
            raise ConfigError(f"{path}: not a readable Parquet file ({' '.join(str(exc).split())[:120]})") from None
    elif path.suffix in (".jsonl", ".json"):
        records = []
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                try:
                    line = raw.decode("utf-8")
                    if not line.strip():
                        continue
                    records.append(json.loads(line))
                except UnicodeDecodeError:
                    raise ConfigError(f"{path}, line {number}: not UTF-8 text; is it a JSONL file?") from None
                except ValueError as exc:
                    raise ConfigError(f"{path}, line {number}: not valid JSON ({getattr(exc, 'msg', str(exc))[:80]})") from None
                except RecursionError:
                    raise ConfigError(f"{path}, line {number}: JSON nested too deeply") from None
    else:
        raise ConfigError(f"{path}: expected .jsonl, .parquet or a dataset folder")
    for number, record in enumerate(records, 1):
        if not isinstance(record, dict):
            raise ConfigError(f"{path}, record {number}: a record must be a JSON object with fields, got {type(record).__name__}")
    return records


def _folder_records(path: Path) -> list[dict]:
    if not any(p.is_file() for p in path.rglob("*")):
        raise ConfigError(f"{path} is an empty folder, not a dataset folder")
    import datasets

    try:
        if (path / "dataset_info.json").exists() or (path / "state.json").exists() or (path / "dataset_dict.json").exists():
            loaded = datasets.load_from_disk(str(path))
        else:
            loaded = datasets.load_dataset(str(path))
    except Exception as exc:  # noqa: BLE001 - datasets raises many kinds; each is reported as one line
        raise ConfigError(f"cannot read {path} as a dataset folder: {type(exc).__name__}: {' '.join(str(exc).split())[:160]}") from None
    splits = list(loaded.values()) if isinstance(loaded, datasets.DatasetDict) else [loaded]
    return [r for split in splits for r in split]


def load_benchmark(path: str | Path, fields: Sequence[str] = ("question",)) -> list[str]:
    """The texts of ``fields`` in every item of a JSONL file, a Parquet file or a local HF dataset folder."""
    path = Path(path)
    try:
        records = load_records(path)
    except ConfigError as exc:
        raise ConfigError(f"benchmark {exc}") from None
    if not records:
        raise ConfigError(f"benchmark {path} holds no records")
    for number, record in enumerate(records, 1):
        missing = [f for f in fields if f not in record]
        if missing:
            raise ConfigError(f"benchmark {path}, record {number} has no field {missing[0][:40]!r} "
                              f"(fields: {', '.join(sorted(map(str, record)))[:120]})")
    return [" ".join(str(r[f]) for f in fields if r.get(f) is not None) for r in records]


class DecontaminationFilter(Filter):
    name: ClassVar[str] = "decontaminate"
    needs_fit: ClassVar[bool] = True

    def __init__(
        self, texts: Sequence[str], source: str = "benchmark", n: int = 13, short_n: int = 8, template_share: float = 0.05
    ) -> None:
        if n < 1 or short_n < 1 or short_n > n:
            raise ConfigError(f"decontaminate needs 1 <= short_n <= n, got n={n}, short_n={short_n}")
        self.source = source
        self.n = n
        self.short_n = short_n
        self._grams: dict[int, dict[tuple[str, ...], int]] = {}
        self._texts = list(texts)
        self._tokens = [words(t) for t in self._texts]
        self.template_share = template_share
        self._template: set[tuple[str, ...]] = set()
        self._counts: Counter[tuple[str, ...]] = Counter()
        self._seen = 0

    def _size(self, tokens: list[str]) -> int:
        return self.n if len(tokens) >= self.n else min(self.short_n, len(tokens))

    def _ngrams(self, tokens: list[str]) -> set[tuple[str, ...]]:
        size = self._size(tokens)
        return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)} if size else set()

    def start_fit(self) -> None:
        self._counts = Counter()
        self._seen = 0

    def fit_batch(self, rows: Sequence[Row]) -> None:
        # only n-grams the benchmark has can ever match, so only those are counted:
        # memory bounded by the benchmark, not by the run
        for row in rows:
            tokens = words(row["question"])
            grams = self._ngrams(tokens)
            if grams:
                index = self._index(self._size(tokens))
                self._counts.update(g for g in grams if g in index)
        self._seen += len(rows)

    def end_fit(self) -> None:
        floor = max(3, int(self.template_share * self._seen))
        self._template = {gram for gram, c in self._counts.items() if c >= floor}
        self._counts = Counter()

    def _index(self, size: int) -> dict[tuple[str, ...], int]:
        if size not in self._grams:
            grams: dict[tuple[str, ...], int] = {}
            for item, tokens in enumerate(self._tokens):
                for i in range(len(tokens) - size + 1):
                    grams.setdefault(tuple(tokens[i : i + size]), item)
            self._grams[size] = grams
        return self._grams[size]

    def keep(self, row: Row) -> Decision:
        tokens = words(row["question"])
        size = self._size(tokens)
        if size == 0:
            return True
        index = self._index(size)
        for i in range(len(tokens) - size + 1):
            gram = tuple(tokens[i : i + size])
            item = None if gram in self._template else index.get(gram)
            if item is not None:
                snippet = " ".join(self._texts[item].split())[:80]
                return False, f"shares a {size}-gram with {self.source} item {item}: {snippet!r}"
        return True
