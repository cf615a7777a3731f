"""Reading and checking what a user gives ``cotforge annotate``: the pairs, the model, the output.

Every record is checked, not just the first: a question must be a non-empty string, an
answer a non-empty string or a finite number (an integer or a float, written as Python
writes it). Anything else (null, a list, a mapping, true/false, NaN) is refused with the
row named, never turned into the text "None", "[1, 2]", "True" or "nan" and made gold.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cotforge.core.errors import ConfigError
from cotforge.pipelines.safe_yaml import clip, cut

MAX_LINE = 8_000_000
"""Longest JSONL line read (bytes): a binary file without newlines fails here, not out of memory."""
BATCH = 4096
MAX_UNIT = 1024
"""Most problems per annotate unit: a unit's problems are searched together, one thread each."""


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _jsonl(path: Path) -> Iterator[tuple[str, Any]]:
    with path.open("rb") as handle:
        number = 0
        while True:
            raw = handle.readline(MAX_LINE + 1)
            if not raw:
                return
            number += 1
            if len(raw) > MAX_LINE:
                raise ConfigError(f"{path}, line {number}: longer than {MAX_LINE:,} bytes; is it a JSONL file?")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ConfigError(f"{path}, line {number}: not UTF-8 text; is it a JSONL file?") from None
            if not line.strip():
                continue
            try:
                yield f"line {number}", json.loads(line)
            except ValueError as exc:  # JSONDecodeError, or an integer past Python's digit limit
                raise ConfigError(f"{path}, line {number}: not valid JSON ({cut(getattr(exc, 'msg', str(exc)), 80)})") from None
            except RecursionError:
                raise ConfigError(f"{path}, line {number}: JSON nested too deeply") from None


def _parquet(path: Path, columns: list[str]) -> Iterator[tuple[str, Any]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        names = parquet.schema_arrow.names
        missing = [c for c in columns if c not in names]
        if missing:
            raise ConfigError(f"{path} has no field {clip(missing[0], 40)} (fields: {cut(', '.join(names), 120)})")
        number = 0
        for batch in parquet.iter_batches(batch_size=BATCH, columns=columns):
            for row in batch.to_pylist():
                number += 1
                yield f"row {number}", row
    except (pa.ArrowException, OSError) as exc:
        raise ConfigError(f"{path}: not a readable Parquet file ({cut(str(exc), 120)})") from None


def _dataset_folder(path: Path) -> Iterator[tuple[str, Any]]:
    if not any(p.is_file() for p in path.rglob("*")):
        raise ConfigError(f"{path} is an empty folder: expected a Hugging Face dataset folder (or a .jsonl / .parquet file)")
    import datasets

    try:
        if (path / "dataset_info.json").exists() or (path / "state.json").exists() or (path / "dataset_dict.json").exists():
            loaded = datasets.load_from_disk(str(path))
        else:
            loaded = datasets.load_dataset(str(path))
    except Exception as exc:  # noqa: BLE001 - datasets raises many kinds; each is reported as one line
        raise ConfigError(f"cannot read {path} as a dataset folder: {type(exc).__name__}: {cut(str(exc), 160)}") from None
    splits = dict(loaded) if isinstance(loaded, datasets.DatasetDict) else {"data": loaded}
    for split, dataset in splits.items():
        for number, row in enumerate(dataset, 1):
            yield f"split {split}, row {number}", row


def iter_records(path: Path, columns: list[str]) -> Iterator[tuple[str, Any]]:
    """(where, record) for every record of a JSONL file, a Parquet file or a local HF dataset folder."""
    if not path.exists():
        raise ConfigError(f"--input: file not found: {path}")
    if path.is_dir():
        return _dataset_folder(path)
    if path.suffix == ".parquet":
        return _parquet(path, columns)
    if path.suffix in (".jsonl", ".json"):
        return _jsonl(path)
    raise ConfigError(f"--input {path}: expected a .jsonl or .parquet file or a dataset folder")


def question_text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"question field {clip(field, 40)} is {_kind(value)}, not text")
    if not value.strip():
        raise ValueError(f"question field {clip(field, 40)} is empty")
    return value


def answer_text(value: Any, field: str) -> str:
    """The gold answer as text: a non-empty string, or a finite integer or float."""
    if isinstance(value, str):
        if not value.strip():
            raise ValueError(f"answer field {clip(field, 40)} is empty")
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= 10**4000:
            raise ValueError(f"answer field {clip(field, 40)} is an integer of more than 4000 digits")
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    what = "NaN or infinite" if isinstance(value, float) else _kind(value)
    raise ValueError(f"answer field {clip(field, 40)} is {what}, not a gold answer (text or a number)")


def read_pairs(path: str | Path, question_field: str, answer_field: str) -> list[tuple[str, str]]:
    """(question, answer) pairs from JSONL, Parquet or a local HF dataset folder, in file order; every
    record checked, the first bad one named (with how many are bad) in one ConfigError."""
    path = Path(path)
    pairs: list[tuple[str, str]] = []
    first: str | None = None
    bad = 0
    for where, record in iter_records(path, [question_field, answer_field]):
        try:
            if not isinstance(record, dict):
                raise ValueError(f"a record must be a JSON object with fields, got {_kind(record)}")
            for field in (question_field, answer_field):
                if field not in record:
                    raise ValueError(f"no field {clip(field, 40)} (fields: {cut(', '.join(map(str, record)), 100)})")
            pairs.append((question_text(record[question_field], question_field), answer_text(record[answer_field], answer_field)))
        except ValueError as exc:
            bad += 1
            first = first or f"{path}, {where}: {exc}"
    if first is not None:
        total = len(pairs) + bad
        raise ConfigError(f"{first} ({bad} of {total} records are bad; fix or remove them)")
    if not pairs:
        raise ConfigError(f"{path} holds no records")
    return pairs


def check_model(model: str) -> None:
    """A model is an http(s) URL or a local folder that exists (it is never downloaded)."""
    if model.startswith(("http://", "https://")):
        from urllib.parse import urlsplit

        try:
            parts = urlsplit(model)
            parts.port  # noqa: B018 - a bad port raises here
        except ValueError as exc:
            raise ConfigError(f"--model {clip(model, 80)}: not a valid URL ({exc})") from None
        if not parts.hostname:
            raise ConfigError(f"--model {clip(model, 80)}: the URL has no host")
        return
    if "://" in model:
        raise ConfigError(f"--model {clip(model, 80)}: a model is a local folder or an http(s):// URL of an OpenAI-compatible server")
    if not Path(model).is_dir():
        raise ConfigError(f"--model: no model folder at {clip(model, 80)} (models are never downloaded: give a local folder "
                          f"or an http(s):// server URL)")


def check_job(job: Any) -> None:
    """What can be checked before any pair is read or any model loaded: name, seed, sizes, output
    folder, model, and what the filters refer to."""
    from cotforge.pipelines.output import check_ours
    from cotforge.pipelines.storage import location

    name = str(job.name)
    if not name or name in (".", "..") or not all(c.isalnum() or c in "_.-" for c in name) or name.startswith(".") or len(name) > 100:
        raise ConfigError(f"--name {clip(name, 60)}: a name is a plain folder name (letters, digits, _ . -)")
    if not -(2**63) <= job.seed < 2**63:
        raise ConfigError(f"--seed {clip(job.seed, 40)}: a seed is a 64-bit integer (it is written to every row)")
    if job.output is not None and not job.output:
        raise ConfigError("--out is empty: give a folder")
    if isinstance(job.output_dir(), Path) and "://" in str(job.output or ""):  # Path("s3://b/x") would be a local "s3:" folder
        raise ConfigError(f"--out {clip(job.output, 80)}: annotate writes to a local folder; copy it to the store afterwards")
    bounds = {"--unit-size": (job.unit_size, MAX_UNIT), "workers": (job.workers, 512), "lm.max_steps": (job.lm.max_steps, 1000),
              "lm.max_step_tokens": (job.lm.max_step_tokens, 65_536), "temperature": (job.temperature, 100)}
    for what, (value, most) in bounds.items():
        if not 0 < value <= most:
            raise ConfigError(f"{what} {clip(value, 40)}: must be above 0 and at most {most:,}")
    if len(job.lm.delimiter) > 1000 or len(job.lm.template or "") > 100_000 or len(job.lm.hint or "") > 10_000:
        raise ConfigError("lm: the delimiter, template or hint is too long (1,000 / 100,000 / 10,000 characters at most)")
    check_ours(location(job.output_dir()))
    check_model(job.model)
    from cotforge.pipelines.filtering import check_references

    check_references(job.filters)  # benchmark files, tokenizer, earlier outputs: found now, not at export
