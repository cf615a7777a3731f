"""`cotforge annotate` is `cotforge run`'s pipeline with other sources: the same unit runner, flow,
engines and fsspec output. A gold it cannot read is a rejected row; a rejected row keeps the model's text."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fsspec
import pyarrow.parquet as pq
import pytest

from cotforge.pipelines import cli

sys.path.insert(0, str(Path(__file__).parents[1] / "solvers" / "lm"))
from fake_openai import start  # noqa: E402

PAIRS = [("What is 2 + 3?", "5"), ("What is 10 + 7?", "\\boxed{17"), ("What is 1 + 1? (impossible)", "2"),
         ("What is 40 + 2?", "42"), ("What is 5 + 5?", "10")]
"""The second gold is cut off (unreadable); the third question only ever gets wrong answers."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd, url = start()
    yield url
    httpd.shutdown()


@pytest.fixture()
def pairs(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(json.dumps({"q": q, "a": a}) for q, a in PAIRS))
    return path


def annotate(pairs: Path, url: str, out: str, *extra: str) -> int:
    return cli.main(["annotate", "--input", str(pairs), "--question-field", "q", "--answer-field", "a", "--model", url,
                     "--unit-size", "3", "--max-expansions", "12", "--out", out, *extra])


def table(fs: Any, pattern: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted(fs.glob(pattern)):
        rows += pq.read_table(io.BytesIO(fs.cat_file(path))).to_pylist()
    return rows


def test_annotate_writes_to_memory_like_run_and_keeps_what_it_could_not_use(pairs: Path, server: str) -> None:
    assert annotate(pairs, server, "memory://annotate-run") == 0
    fs = fsspec.filesystem("memory")
    raw = table(fs, "/annotate-run/data/raw/*.parquet")
    assert sorted(r["final_answer"] for r in raw) == ["10", "42", "5"]
    assert all(r["search"]["tokens"] > 0 for r in raw)
    rejected = {r["index"]: r for r in table(fs, "/annotate-run/rejected/unit-*.parquet")}
    assert sorted(rejected) == [1, 2]
    unreadable = rejected[1]  # its unit went on: the other two problems of unit 0 were searched
    assert (unreadable["stage"], unreadable["status"]) == ("verify_gold", "error")
    assert "gold answer cannot be read" in unreadable["reason"] and "boxed" in unreadable["reason"]
    assert {r["index"] for r in raw} == {0, 3, 4}
    unsolved = rejected[2]
    assert unsolved["stage"] == "search" and "tokens" in unsolved["reason"]
    texts = [s["text"] for attempt in unsolved["attempts"] for s in attempt["steps"]]
    assert "Adding the numbers 1 and 1." in texts and any(t.startswith("Final answer:") for t in texts)  # the model's own words
    stats = json.loads(fs.cat_file("/annotate-run/stats.json"))
    assert stats["records"] == 3 and stats["missing_units"] == []
    units = [json.loads(fs.cat_file(p)) for p in sorted(fs.glob("/annotate-run/stats/unit-*.json"))]
    assert [u["unit"] for u in units] == [0, 1] and all(u["ledgers"] for u in units)
    assert fs.exists("/annotate-run/report/index.html")
    assert annotate(pairs, server, "memory://annotate-run") == 0  # resumed: every unit is done
    assert sorted(r["final_answer"] for r in table(fs, "/annotate-run/data/raw/*.parquet")) == ["10", "42", "5"]


def _without_wall_clock(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with the ledger's seconds (wall-clock, the one part that differs between runs) taken out."""
    for row in rows:
        row["search"] = {k: v for k, v in row["search"].items() if "seconds" not in k}
        metadata = json.loads(row["metadata"])
        metadata.get("cost", {}).pop("seconds", None)
        row["metadata"] = metadata
    return rows


@pytest.mark.slow
def test_annotate_on_a_local_dask_cluster_gives_the_rows_of_a_local_run(pairs: Path, server: str, tmp_path: Path) -> None:
    fs = fsspec.filesystem("file")
    assert annotate(pairs, server, str(tmp_path / "local")) == 0
    assert annotate(pairs, server, str(tmp_path / "dask"), "--engine", "dask", "--workers", "2") == 0
    local = _without_wall_clock(table(fs, f"{tmp_path}/local/data/raw/*.parquet"))
    dask = _without_wall_clock(table(fs, f"{tmp_path}/dask/data/raw/*.parquet"))
    assert len(local) == 3 and dask == local
