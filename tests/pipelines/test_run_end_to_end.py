"""The whole road through the CLI and Prefect: recipe -> Parquet parts -> HF dataset folder.

Also: a second run gives the same rows, and a run killed with SIGKILL halfway
resumes to exactly the rows of an uninterrupted run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import datasets
import pyarrow.parquet as pq
import pytest
import yaml
from datasets import Features

from cotforge.pipelines.rows import RAW

RECIPE = """
name: e2e
seed: 4
tasks:
  - name: linear_equation
    count: 10
  - name: knights_knaves
    count: 10
  - name: code_output
    count: 10
unit_size: 2
workers: 2
"""


def _run(recipe: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cotforge.pipelines.cli", "run", str(recipe), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _finish(proc: subprocess.Popen) -> str:
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    return err


def _rows(out: Path) -> list[dict]:
    files = sorted((out / "data" / "raw").glob("train-*.parquet"))
    return [row for f in files for row in pq.read_table(f).to_pylist()]


@pytest.fixture(scope="module")
def recipe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("recipe") / "e2e.yaml"
    path.write_text(RECIPE)
    return path


@pytest.fixture(scope="module")
def reference(recipe: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reference") / "out"
    err = _finish(_run(recipe, out))
    assert "records" in err
    return out


def test_output_is_a_loadable_dataset(reference: Path) -> None:
    rows = _rows(reference)
    assert len(rows) >= 27
    assert {r["domain"] for r in rows} == {"math", "logic", "code"}
    assert all(len(r["steps"]) >= 2 and r["verdict"] == "accept" for r in rows)
    raw = datasets.load_dataset(str(reference))["train"]
    assert raw.num_rows == len(rows)
    header = yaml.safe_load((reference / "README.md").read_text().split("---")[1])
    card_features = {c["config_name"]: Features._from_yaml_list(c["features"]) for c in header["dataset_info"]}
    assert raw.features == card_features["raw"] == Features.from_arrow_schema(RAW)
    sft = datasets.load_dataset(str(reference), "sft")["train"]
    assert sft[0]["messages"][1]["role"] == "assistant"
    assert sft.features == card_features["sft"]
    card = (reference / "README.md").read_text()
    assert "configs:" in card and "| linear_equation | 1 |" in card


def test_same_recipe_gives_the_same_rows(recipe: Path, reference: Path, tmp_path: Path) -> None:
    _finish(_run(recipe, tmp_path / "again"))
    assert _rows(tmp_path / "again") == _rows(reference)


def test_rerun_in_place_changes_nothing(recipe: Path, reference: Path) -> None:
    before = _rows(reference)
    _finish(_run(recipe, reference))
    assert _rows(reference) == before


def test_killed_run_resumes_to_the_same_rows(recipe: Path, reference: Path, tmp_path: Path) -> None:
    out = tmp_path / "killed"
    proc = _run(recipe, out)
    deadline = time.time() + 300
    while time.time() < deadline and len(list((out / "stats").glob("unit-*.json"))) < 4:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(list((out / "stats").glob("unit-*.json")))
    assert 4 <= done < 15, "the kill should land halfway through the run"
    assert not (out / "data").exists()
    _finish(_run(recipe, out))
    assert _rows(out) == _rows(reference)


def test_other_recipe_in_same_folder_is_refused(recipe: Path, reference: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(RECIPE.replace("seed: 4", "seed: 5"))
    proc = _run(other, reference)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 2
    assert "different recipe" in err
