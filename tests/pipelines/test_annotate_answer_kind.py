"""`cotforge annotate` infers each math gold's kind (a set, a tuple, a value ...) unless told, so a
gold written as a set is checked as a set; an unknown --answer-kind is a clear error."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cotforge.pipelines import cli

sys.path.insert(0, str(Path(__file__).parents[1] / "solvers" / "lm"))
from fake_openai import start  # noqa: E402

# the scripted model answers "Final answer: A+B"
GOLDS = [("What is 2 + 3?", "\\{5\\}", "set"), ("What is 10 + 7?", "17", "value"), ("What is 4 + 4?", "x = 8", "value")]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd, url = start()
    yield url
    httpd.shutdown()


def _run(tmp_path: Path, url: str, *extra: str) -> int:
    data = tmp_path / "pairs.jsonl"
    data.write_text("\n".join(json.dumps({"q": q, "a": a}) for q, a, _ in GOLDS))
    return cli.main(["annotate", "--input", str(data), "--question-field", "q", "--answer-field", "a", "--model", url,
                     "--max-expansions", "8", "--out", str(tmp_path / "out"), *extra])  # fmt: skip


def test_kinds_are_inferred_per_row_and_recorded(tmp_path: Path, server: str) -> None:
    assert _run(tmp_path, server) == 0
    rows = [r for p in sorted((tmp_path / "out" / "data" / "raw").glob("*.parquet")) for r in pq.read_table(p).to_pylist()]
    kinds = {r["answer"]: json.loads(r["payload"])["answer_kind"] for r in rows}
    assert kinds == {gold: kind for _, gold, kind in GOLDS}  # every item solved, each checked as its kind


def test_an_unknown_answer_kind_is_refused(tmp_path: Path, server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, server, "--answer-kind", "vector") == 2
    assert "answer_kind must be auto or one of" in capsys.readouterr().err
