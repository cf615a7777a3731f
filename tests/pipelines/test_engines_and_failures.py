"""The same bytes whatever runs the units; a unit that keeps failing is skipped and reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cotforge.pipelines.output import prepare_output
from cotforge.pipelines.recipe import load_recipe

RECIPE = """
name: engines
seed: 7
tasks:
  - {name: linear_equation, count: 8, levels: [2, 4]}
  - {name: knights_knaves, count: 8, levels: [3, 5]}
unit_size: 2
"""


def cotforge(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cotforge.pipelines.cli", *args], capture_output=True, text=True, timeout=600)


def shards(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted((out / "data").rglob("*.parquet"))}


@pytest.fixture(scope="module")
def recipe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("engines") / "engines.yaml"
    path.write_text(RECIPE)
    return path


def test_one_worker_two_processes_and_dask_give_the_same_bytes(recipe: Path, tmp_path: Path) -> None:
    runs = {
        "one": ["--set", "workers=1"],
        "two": ["--set", "workers=2"],
        "dask": ["--set", "workers=2", "--engine", "dask"],
    }
    for name, extra in runs.items():
        result = cotforge("run", str(recipe), "--out", str(tmp_path / name), *extra)
        assert result.returncode == 0, result.stderr
    one = shards(tmp_path / "one")
    assert len(one) >= 5  # raw + four views
    assert shards(tmp_path / "two") == one
    assert shards(tmp_path / "dask") == one


@pytest.mark.slow
def test_a_local_ray_cluster_gives_the_bytes_of_a_local_run(recipe: Path, tmp_path: Path) -> None:
    pytest.importorskip("prefect_ray", reason="the Ray engine is an extra: pip install 'cotforge[ray]'")
    for name, extra in {"one": ["--set", "workers=1"], "ray": ["--set", "workers=2", "--engine", "ray"]}.items():
        result = cotforge("run", str(recipe), "--out", str(tmp_path / name), *extra)
        assert result.returncode == 0, result.stderr
    one = shards(tmp_path / "one")
    assert len(one) >= 5 and shards(tmp_path / "ray") == one
    units = sorted(p.name for p in (tmp_path / "ray" / "stats").glob("unit-*.json"))
    assert units == sorted(p.name for p in (tmp_path / "one" / "stats").glob("unit-*.json")) and len(units) == 8


def test_a_unit_that_keeps_failing_is_skipped_and_reported(recipe: Path, tmp_path: Path) -> None:
    out = tmp_path / "broken"
    prepare_output(load_recipe(recipe), out)  # a cotforge output folder (a run refuses any other)...
    (out / "parts" / "unit-00001.parquet").mkdir(parents=True)  # ...in which this unit's part can never be written
    result = cotforge("run", str(recipe), "--out", str(out))
    assert result.returncode == 3, result.stderr
    assert "missing unit-00001" in result.stderr and "IsADirectoryError" in result.stderr
    stats = json.loads((out / "stats.json").read_text())
    assert stats["missing_units"] == ["unit-00001"]
    assert stats["generated"] == 14  # every other unit finished
    assert "unit-00001" in (out / "README.md").read_text()
    assert json.loads((out / "runs.jsonl").read_text().splitlines()[-1])["failed_units"] == ["unit-00001"]
    assert (out / "report" / "index.html").exists()
    assert not list(out.rglob("*.tmp")), "no half-written file may be left"


def test_engine_errors_are_clear(recipe: Path, tmp_path: Path) -> None:
    result = cotforge("run", str(recipe), "--out", str(tmp_path / "x"), "--address", "tcp://127.0.0.1:1")
    assert result.returncode == 2
    assert "--address is for --engine dask or ray" in result.stderr


def test_unwritable_output_is_a_clear_error(recipe: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = cotforge("run", str(recipe), "--out", str(blocker / "out"))
    assert result.returncode == 2
    assert "cannot write to output folder" in result.stderr and "Traceback" not in result.stderr
