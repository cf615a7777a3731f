"""`cotforge recheck OUT`: every record's gold answer re-derived by a second route, from a local
folder or an fsspec URL; a corrupted gold answer is reported with its record id and exit code 1."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cotforge.core.errors import ConfigError
from cotforge.pipelines.cli import main
from cotforge.pipelines.recheck import count_records, recheck_folder


def _rows_by_task(out: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for shard in (out / "data" / "raw").glob("train-*.parquet"):
        for task in pq.read_table(shard, columns=["task"]).column("task").to_pylist():
            counts[task] = counts.get(task, 0) + 1
    return counts


def test_recheck_of_a_run_agrees_and_names_tasks_without_a_route(exported: Path, tmp_path: Path) -> None:
    rows = _rows_by_task(exported)
    report = recheck_folder(exported)
    assert report.disagreements == 0
    assert {t: r.checked for t, r in report.tasks.items()} == {t: n for t, n in rows.items() if t != "code_output"}
    assert report.no_route == {"code_output": rows["code_output"]}  # its gold is the sandbox's output
    assert main(["recheck", str(exported), "--json", str(tmp_path / "r.json")]) == 0
    written = json.loads((tmp_path / "r.json").read_text())
    assert written["tasks"]["knights_knaves"]["disagree"] == 0
    assert main(["recheck", str(exported), "--task", "linear_equation", "--json", str(tmp_path / "one.json")]) == 0
    assert list(json.loads((tmp_path / "one.json").read_text())["tasks"]) == ["linear_equation"]


def test_a_corrupted_gold_answer_is_reported_with_its_record(exported: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(exported, out)
    shard = sorted((out / "data" / "raw").glob("train-*.parquet"))[0]
    table = pq.read_table(shard)
    rows = table.to_pylist()
    victim = next(i for i, r in enumerate(rows) if r["task"] == "linear_equation")
    rows[victim]["answer"] = "x = 12345"
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), shard)
    assert main(["recheck", str(out), "--json", str(tmp_path / "r.json")]) == 1
    found = json.loads((tmp_path / "r.json").read_text())["tasks"]["linear_equation"]
    assert found["disagree"] == 1
    assert found["examples"][0].startswith(rows[victim]["id"])


def test_recheck_reads_an_fsspec_url(exported: Path) -> None:
    import fsspec

    url = f"memory://recheck-{uuid.uuid4().hex[:8]}/out"
    fs = fsspec.filesystem("memory")
    fs.put(str(exported), url.removeprefix("memory://"), recursive=True)
    try:
        local, remote = recheck_folder(exported), recheck_folder(url)
        assert {t: r.checked for t, r in remote.tasks.items()} == {t: r.checked for t, r in local.tasks.items()}
        assert remote.disagreements == 0
        assert main(["recheck", url]) == 0
    finally:
        fs.rm(url.removeprefix("memory://"), recursive=True)


def test_a_folder_without_shards_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no data/raw/train-"):
        recheck_folder(tmp_path)


def test_every_record_read_is_counted_for_the_progress_bar(exported: Path) -> None:
    seen: list[int] = []
    report = recheck_folder(exported, {"linear_equation"}, on_record=lambda: seen.append(1))
    assert len(seen) == count_records(exported) == sum(_rows_by_task(exported).values())
    assert list(report.tasks) == ["linear_equation"]
