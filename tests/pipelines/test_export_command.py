"""`cotforge export`: filters over a finished run (planted near-duplicate and benchmark item),
the card's drop counts, and publishing to the Hub."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cotforge.pipelines import cli
from cotforge.pipelines.output import prepare_output
from cotforge.pipelines.plan import plan
from cotforge.pipelines.recipe import load_recipe
from cotforge.pipelines.rows import RAW, write_table_atomic
from cotforge.pipelines.run_unit import run_unit


@pytest.fixture
def run_folder(tmp_path: Path) -> Path:
    out = tmp_path / "run"
    recipe = load_recipe({"name": "planted", "seed": 5, "tasks": [{"name": "knights_knaves", "count": 10, "levels": [3, 4]}, {"name": "linear_equation", "count": 10, "levels": [4, 5]}],
                          "unit_size": 5, "output": str(out)})
    prepare_output(recipe, out)
    for unit in plan(recipe):
        run_unit(recipe, unit, out)
    return out


def plant(out: Path, tmp_path: Path) -> tuple[str, str, Path]:
    """Add a near-copy of one record to a part, and put another record's question in a benchmark."""
    part = out / "parts" / "unit-00001.parquet"
    rows = pq.read_table(part).to_pylist()
    copy = dict(rows[0], id="planted-copy", question=rows[0]["question"].replace("?", " ?").replace(".", " ."))
    write_table_atomic(rows + [copy], RAW, part)
    victim = rows[1]
    bench = tmp_path / "bench.jsonl"
    bench.write_text(json.dumps({"text": "Problem 17. " + victim["question"], "solution": "..."}) + "\n")
    return copy["id"], victim["id"], bench


def test_planted_near_duplicate_and_benchmark_item_are_dropped(run_folder: Path, tmp_path: Path) -> None:
    copy_id, victim_id, bench = plant(run_folder, tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "cotforge.pipelines.cli", "export", str(run_folder),
         "--set", f"filters.decontaminate=[{{path: {bench}, fields: [text]}}]"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    dropped = {r["id"]: r for r in pq.read_table(run_folder / "rejected" / "export.parquet").to_pylist()}
    assert dropped[copy_id]["stage"] == "near_duplicate"
    assert dropped[victim_id]["stage"] == "decontaminate" and "bench.jsonl item 0" in dropped[victim_id]["reason"]
    kept = pq.read_table(next((run_folder / "data" / "raw").glob("train-*.parquet"))).column("id").to_pylist()
    assert copy_id not in kept and victim_id not in kept and len(kept) == 20 + 1 - 2
    card = (run_folder / "README.md").read_text()
    assert "| filter near_duplicate | 1 |" in card and "| filter decontaminate | 1 |" in card


def test_export_refuses_a_change_that_alters_records(run_folder: Path) -> None:
    assert cli.main(["export", str(run_folder), "--set", "seed=9"]) == 2
    assert cli.main(["export", str(run_folder.parent / "nothing-here")]) == 2


class RecordingApi:
    calls: list[tuple[str, tuple, dict]] = []

    def __init__(self, token: str | None = None) -> None:
        self.token = token

    def create_repo(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.calls.append(("create_repo", args, kwargs))

    def upload_folder(self, **kwargs):  # type: ignore[no-untyped-def]
        self.calls.append(("upload_folder", (), kwargs))
        return type("Commit", (), {"commit_url": "https://hub.example/commit/1"})()


def test_push_to_hub_uploads_card_and_shards(run_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub

    RecordingApi.calls = []
    monkeypatch.setattr(huggingface_hub, "HfApi", RecordingApi)
    assert cli.main(["export", str(run_folder), "--push-to-hub", "my-org/kk", "--private"]) == 0
    (name1, args1, kw1), (name2, _, kw2) = RecordingApi.calls
    assert name1 == "create_repo" and args1 == ("my-org/kk",) and kw1 == {"repo_type": "dataset", "private": True, "exist_ok": True}
    assert name2 == "upload_folder" and kw2["folder_path"] == str(run_folder) and kw2["repo_type"] == "dataset"
    fingerprints = json.loads((run_folder / ".cotforge-manifest.json").read_text())["configs"]
    assert kw2["allow_patterns"] == ["README.md", *(f"data/{c}/train-*-{fp}.parquet" for c, fp in sorted(fingerprints.items()))]


def test_push_without_network_fails_fast_with_a_clear_message(run_folder: Path, capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["export", str(run_folder), "--push-to-hub", "my-org/kk"]) == 2
    assert "could not push" in capsys.readouterr().err
    assert cli.main(["export", str(run_folder), "--push-to-hub", "no-slash"]) == 2
